// The engine runs in Node, in browsers and in workers. These WHATWG globals exist in all three;
// declaring them here keeps the engine free of both DOM and Node type libraries.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function queueMicrotask(cb: () => void): void;

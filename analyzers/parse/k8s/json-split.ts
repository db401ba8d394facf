/**
 * Scanner for `kubectl get -o json` output: finds the objects to parse one by one without parsing the
 * whole file. A root array yields its elements; a root object with an `items` array (a `List`) yields
 * the items; any other root object yields itself. Several concatenated root values (JSON lines) are
 * read in turn. Nesting deeper than `maxDepth` is reported per span, not followed by JSON.parse.
 */

/** A JSON value to parse on its own: `[start, end)` offsets into the text, its 1-based first line, its nesting depth. */
export interface JsonSpan {
  start: number;
  end: number;
  line: number;
  depth: number;
}

export class JsonScanError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

class Scanner {
  private lastOffset = 0;
  private lastLine = 1;
  constructor(private readonly t: string) {}

  ws(i: number): number {
    while (i < this.t.length && WS.has(this.t.charCodeAt(i))) i++;
    return i;
  }

  /** Line of `offset`; offsets must be requested in increasing order. */
  lineAt(offset: number): number {
    let i = this.t.indexOf('\n', this.lastOffset);
    while (i >= 0 && i < offset) {
      this.lastLine++;
      i = this.t.indexOf('\n', i + 1);
    }
    this.lastOffset = offset;
    return this.lastLine;
  }

  stringEnd(i: number): number {
    let j = i + 1;
    for (;;) {
      const q = this.t.indexOf('"', j);
      if (q < 0) throw new JsonScanError('unterminated string', i);
      let bs = 0;
      while (this.t.charCodeAt(q - 1 - bs) === 0x5c) bs++;
      if (bs % 2 === 0) return q + 1;
      j = q + 1;
    }
  }

  /** End offset of the value at `i`, and its nesting depth (0 for scalars). */
  value(i: number): { end: number; depth: number } {
    const c = this.t.charCodeAt(i);
    if (c === 0x22) return { end: this.stringEnd(i), depth: 0 };
    if (c !== 0x7b && c !== 0x5b) {
      let j = i;
      while (j < this.t.length && !WS.has(this.t.charCodeAt(j)) && !',]}'.includes(this.t[j])) j++;
      if (j === i) throw new JsonScanError(`unexpected "${this.t[i] ?? 'end of text'}"`, i);
      return { end: j, depth: 0 };
    }
    let depth = 0;
    let max = 0;
    let j = i;
    while (j < this.t.length) {
      const d = this.t.charCodeAt(j);
      if (d === 0x22) {
        j = this.stringEnd(j);
        continue;
      }
      if (d === 0x7b || d === 0x5b) max = Math.max(max, ++depth);
      else if ((d === 0x7d || d === 0x5d) && --depth === 0) return { end: j + 1, depth: max };
      j++;
    }
    throw new JsonScanError('unterminated object or array', i);
  }

  span(i: number): JsonSpan {
    const v = this.value(i);
    return { start: i, end: v.end, line: this.lineAt(i), depth: v.depth };
  }

  /** Yields the elements of the array at `i`; returns the offset after its `]`. */
  *elements(i: number): Generator<JsonSpan, number> {
    let j = this.ws(i + 1);
    if (this.t[j] === ']') return j + 1;
    for (;;) {
      const sp = this.span(j);
      yield sp;
      j = this.ws(sp.end);
      if (this.t[j] === ']') return j + 1;
      if (this.t[j] !== ',') throw new JsonScanError('expected "," or "]"', j);
      j = this.ws(j + 1);
    }
  }

  /** Yields a root object's `items` elements, or the object itself when it has none; returns the offset after its `}`. */
  *rootObject(i: number): Generator<JsonSpan, number> {
    let j = this.ws(i + 1);
    let isList = false;
    while (this.t[j] !== '}') {
      if (this.t[j] !== '"') throw new JsonScanError('expected a key', j);
      const keyEnd = this.stringEnd(j);
      const key = this.t.slice(j + 1, keyEnd - 1);
      j = this.ws(keyEnd);
      if (this.t[j] !== ':') throw new JsonScanError('expected ":"', j);
      j = this.ws(j + 1);
      if (key === 'items' && this.t[j] === '[') {
        isList = true;
        j = yield* this.elements(j);
      } else {
        j = this.value(j).end;
      }
      j = this.ws(j);
      if (this.t[j] === ',') j = this.ws(j + 1);
      else if (this.t[j] !== '}') throw new JsonScanError('expected "," or "}"', j);
    }
    if (!isList) yield { start: i, end: j + 1, line: this.lineAt(i), depth: this.value(i).depth };
    return j + 1;
  }
}

/**
 * Yields the spans of the objects in JSON text, in order. Throws `JsonScanError` (with the offset) on
 * malformed JSON; spans already yielded stay valid.
 */
export function* splitJson(text: string): Generator<JsonSpan> {
  const sc = new Scanner(text);
  let i = sc.ws(0);
  while (i < text.length) {
    const c = text[i];
    if (c === '[') i = sc.ws(yield* sc.elements(i));
    else if (c === '{') i = sc.ws(yield* sc.rootObject(i));
    else throw new JsonScanError(`expected "{" or "[" at the top level, found "${c}"`, i);
  }
}

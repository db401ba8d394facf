/**
 * Reading one entry body: its head (for classification), then either streamed on (logs), buffered up to a
 * cap (structured files), or abandoned. Byte counts are reported so that stats and progress stay exact.
 */

/** A body being read: the chunks already pulled for the head, then the rest on demand. */
export class BodyReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private readonly headChunks: Uint8Array[] = [];
  private ended = false;
  bytes = 0;

  constructor(body: AsyncIterable<Uint8Array>) {
    this.it = body[Symbol.asyncIterator]();
  }

  private async pull(): Promise<Uint8Array | undefined> {
    if (this.ended) return undefined;
    const r = await this.it.next();
    if (r.done) {
      this.ended = true;
      return undefined;
    }
    this.bytes += r.value.length;
    return r.value;
  }

  /** Reads at least `min` bytes (or to the end) and returns them joined; they are replayed by `chunks()`. */
  async head(min: number): Promise<Uint8Array> {
    let got = 0;
    while (got < min) {
      const c = await this.pull();
      if (!c) break;
      this.headChunks.push(c);
      got += c.length;
    }
    return concat(this.headChunks);
  }

  /** All chunks, the head's first; each chunk once. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    while (this.headChunks.length) yield this.headChunks.shift()!;
    for (let c = await this.pull(); c; c = await this.pull()) yield c;
  }

  /** Reads the whole body if it fits in `cap` bytes; undefined (reading stopped) when larger. */
  async all(cap: number): Promise<Uint8Array | undefined> {
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const c of this.chunks()) {
      size += c.length;
      if (size > cap) return undefined;
      parts.push(c);
    }
    return concat(parts);
  }

  /** Stops reading; the source drains or closes what is left. */
  async abandon(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.it.return?.();
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** UTF-8 text of bytes (invalid sequences become U+FFFD; a BOM is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** A printable form of an untrusted path for reports: control characters as `\xNN`. */
export function printablePath(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 1024);
}

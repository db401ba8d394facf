/**
 * Append-only typed arrays for per-line columns of the log index, kept as fixed-size chunks: growing never copies
 * (a doubling array holds up to twice its length and copies it at each doubling), and `done()` copies the chunks into
 * one array of the exact length, releasing them as it goes, so that building a column costs its length plus one chunk.
 */
type TypedCtor<T> = { new (n: number): T };

export class Growable<T extends Float64Array | Uint32Array | Uint8Array> {
  private chunks: T[] = [];
  private readonly shift: number;
  private readonly mask: number;
  length = 0;

  /** `chunk`: entries per chunk (rounded up to a power of two). */
  constructor(private readonly ctor: TypedCtor<T>, chunk = 1 << 16) {
    this.shift = Math.max(0, Math.ceil(Math.log2(chunk)));
    this.mask = (1 << this.shift) - 1;
  }

  push(v: number): void {
    const i = this.length & this.mask;
    if (i === 0) this.chunks.push(new this.ctor(this.mask + 1));
    this.chunks[this.chunks.length - 1][i] = v;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[i >>> this.shift][i & this.mask];
  }

  set(i: number, v: number): void {
    this.chunks[i >>> this.shift][i & this.mask] = v;
  }

  /** The values in one array of exactly `length`; the Growable is empty afterwards. */
  done(): T {
    const out = new this.ctor(this.length);
    const size = this.mask + 1;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const n = Math.min(size, this.length - c * size);
      out.set((n === size ? chunk : chunk.subarray(0, n)) as never, c * size);
      this.chunks[c] = undefined as never;
    }
    this.chunks = [];
    this.length = 0;
    return out;
  }
}

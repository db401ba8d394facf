/** Append-only typed arrays that double their capacity, for per-line columns of the log index. */
type TypedCtor<T> = { new (n: number): T };

export class Growable<T extends Float64Array | Uint32Array | Uint8Array> {
  private buf: T;
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>, initial = 1 << 16) {
    this.buf = new ctor(initial);
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new this.ctor(this.buf.length * 2);
      next.set(this.buf as never);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  get(i: number): number {
    return this.buf[i];
  }
  set(i: number, v: number): void {
    this.buf[i] = v;
  }
  /** The filled part, trimmed to `length` (a copy, so the spare capacity is freed). */
  done(): T {
    return this.buf.slice(0, this.length) as T;
  }
}

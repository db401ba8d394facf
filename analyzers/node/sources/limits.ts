/** Bounds on what a bundle source reads, against decompression bombs and runaway directories. */
export interface SourceLimits {
  /** Most entries (files, directories, links) read, nested archives' entries included; the rest are left out with a warning. Default 200,000. */
  maxEntries: number;
  /**
   * Most bytes of file content read in total, after decompression, nested archives' files included. It also
   * bounds the compressed bytes of nested archives spooled to our temp dir (counted apart). Default 16 GiB.
   */
  maxTotalBytes: number;
  /**
   * Largest decompressed/compressed ratio of one compressed stream (a gzip'd bundle, a zip, a nested archive),
   * checked once `ratioCheckAfterBytes` came out of it: above it the stream is a decompression bomb and reading
   * stops. Real bundles expand 5–30× (logs repeat); deflate cannot exceed ~1,030×. Default 200.
   */
  maxRatio: number;
  /** Decompressed bytes of one stream after which its ratio is checked (small files may expand more). Default 256 MiB. */
  ratioCheckAfterBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxEntries: 200_000, maxTotalBytes: 16 * 1024 ** 3, maxRatio: 200, ratioCheckAfterBytes: 256 * 1024 ** 2 };

export type { SourceWarning } from '../../ingest/source.js';
import type { SourceWarning } from '../../ingest/source.js';

/**
 * One compressed stream's decompression ratio: bytes that came out of it (`out`) over compressed bytes it
 * consumed (`compressedIn()`, bytes). `what` names the compression in the warning (`gzip`, `zip`).
 */
export class RatioMeter {
  out = 0;
  constructor(
    readonly what: string,
    readonly compressedIn: () => number,
  ) {}
}

/**
 * Shared bookkeeping of the limits for one pass over a bundle, nested archives included: the entry count and
 * the content bytes are counted once for the whole bundle, whatever level an entry is at.
 */
export class Budget {
  entries = 0;
  bytes = 0;
  /** Compressed bytes of nested archives written to our temp dir. */
  spooled = 0;
  stopped = false;
  constructor(
    readonly limits: SourceLimits,
    private readonly warn: (w: SourceWarning) => void,
  ) {}

  /** Counts one entry; false (with a warning, once) when the entry limit is reached. */
  takeEntry(file: string): boolean {
    if (this.stopped) return false;
    if (++this.entries > this.limits.maxEntries) {
      this.stop({ file, message: `entry limit of ${this.limits.maxEntries} reached at ${file}: this and later entries were not read` });
      return false;
    }
    return true;
  }

  /**
   * Counts `n` content bytes of `file`, decompressed by `meter`'s stream when there is one; returns how many of
   * them may still be read (a warning, once, when cut: total size or decompression bomb).
   */
  takeBytes(file: string, n: number, meter?: RatioMeter): number {
    if (this.stopped) return 0;
    const room = this.limits.maxTotalBytes - this.bytes;
    if (n <= room) {
      this.bytes += n;
      if (meter) {
        meter.out += n;
        if (meter.out >= this.limits.ratioCheckAfterBytes) {
          const ratio = meter.out / Math.max(1, meter.compressedIn());
          if (ratio > this.limits.maxRatio) {
            this.stop({ file, message: `decompression bomb: ${MiB(meter.out)} MiB came out of ${MiB(meter.compressedIn())} MiB of ${meter.what} (${Math.round(ratio)}×, over the ${this.limits.maxRatio}× limit); reading stopped in ${file} and later entries were not read`, effect: 'partial' });
            return 0;
          }
        }
      }
      return n;
    }
    this.bytes += Math.max(0, room);
    this.stop({ file, message: `total size limit of ${this.limits.maxTotalBytes} bytes reached in ${file}: it was cut there and later entries were not read`, effect: 'partial' });
    return Math.max(0, room);
  }

  /** Counts `n` bytes of a nested archive spooled to disk; false (reading stops, with a warning) past `maxTotalBytes`. */
  takeSpool(file: string, n: number): boolean {
    if (this.stopped) return false;
    this.spooled += n;
    if (this.spooled <= this.limits.maxTotalBytes) return true;
    this.stop({ file, message: `nested archives over the total size limit of ${this.limits.maxTotalBytes} bytes at ${file}: it and later entries were not read`, effect: 'unreadable' });
    return false;
  }

  private stop(w: SourceWarning): void {
    this.stopped = true;
    this.warn(w);
  }
}

const MiB = (n: number): string => (n / 1024 ** 2).toFixed(1);

/**
 * One entry's body, budgeted: `pending` chunks already pulled (for sniffing) come first, then the rest of `chunks`.
 * With `drainOnAbandon` (tar: the archive stream must move past the entry), what the consumer leaves is read by
 * `drain()` and counted too (a bomb may hide in a file no check reads); otherwise it is closed.
 */
export class EntryBody implements AsyncIterable<Uint8Array> {
  private done = false;

  constructor(
    private readonly path: string,
    private readonly chunks: AsyncIterator<Uint8Array>,
    private readonly budget: Budget,
    private readonly meter: RatioMeter | undefined,
    private readonly pending: Uint8Array[] = [],
    ended = false,
    private readonly drainOnAbandon = true,
    private readonly describe: (e: unknown) => string = (e) => (e instanceof Error ? e.message : String(e)),
  ) {
    this.done = ended && pending.length === 0;
    this.ended = ended;
  }

  private ended: boolean;

  /** True once the entry's content was read to its end. */
  get finished(): boolean {
    return this.done;
  }

  private async next(): Promise<IteratorResult<Uint8Array>> {
    if (this.pending.length) return { done: false, value: this.pending.shift()! };
    if (this.ended) return { done: true, value: undefined };
    return this.chunks.next().catch((e: unknown) => {
      throw new Error(this.describe(e)); // the loader records it as the file's reason: say what happened
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    while (!this.done) {
      const r = await this.next();
      if (r.done) {
        this.done = true;
        return;
      }
      const n = this.budget.takeBytes(this.path, r.value.length, this.meter);
      if (n > 0) yield n === r.value.length ? r.value : r.value.subarray(0, n);
      if (n < r.value.length) return;
    }
  }

  /** Reads (tar) or closes (others) what the consumer left. */
  async drain(): Promise<void> {
    if (!this.drainOnAbandon) {
      if (!this.done) await this.chunks.return?.();
      this.done = true;
      return;
    }
    while (!this.done && !this.budget.stopped) {
      const r = await this.next();
      if (r.done) this.done = true;
      else if (this.budget.takeBytes(this.path, r.value.length, this.meter) < r.value.length) return;
    }
  }
}

/** Pulls chunks until at least `min` bytes (or the end): the head to sniff, kept to be replayed. */
export async function readHead(chunks: AsyncIterator<Uint8Array>, min = 512): Promise<{ chunks: Uint8Array[]; ended: boolean; bytes: Uint8Array }> {
  const got: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < min) {
    const r = await chunks.next();
    if (r.done) {
      ended = true;
      break;
    }
    got.push(r.value);
    size += r.value.length;
  }
  const bytes = got.length === 1 ? got[0]! : Buffer.concat(got);
  return { chunks: got, ended, bytes };
}

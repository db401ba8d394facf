/** Bounds on what a bundle source reads, against decompression bombs and runaway directories. */
export interface SourceLimits {
  /** Most entries (files, directories, links) read; the rest are left out with a warning. Default 200,000. */
  maxEntries: number;
  /** Most bytes of file content read in total, after decompression. Default 16 GiB. */
  maxTotalBytes: number;
  /**
   * Largest decompressed/compressed ratio of a gzip'd bundle, checked once `ratioCheckAfterBytes` were
   * decompressed: above it the bundle is a decompression bomb and reading stops. Real bundles expand 5–30×
   * (logs repeat); deflate cannot exceed ~1,030×. Default 200.
   */
  maxRatio: number;
  /** Decompressed bytes after which the ratio is checked (small files may expand more). Default 256 MiB. */
  ratioCheckAfterBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxEntries: 200_000, maxTotalBytes: 16 * 1024 ** 3, maxRatio: 200, ratioCheckAfterBytes: 256 * 1024 ** 2 };

export type { SourceWarning } from '../../ingest/source.js';
import type { SourceWarning } from '../../ingest/source.js';

/** Shared bookkeeping of the limits for one pass over a source. */
export class Budget {
  entries = 0;
  bytes = 0;
  stopped = false;
  /**
   * @param compressedBytes compressed bytes consumed so far, for gzip'd sources (the ratio check); absent otherwise
   */
  constructor(
    readonly limits: SourceLimits,
    private readonly warn: (w: SourceWarning) => void,
    private readonly compressedBytes?: () => number,
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

  /** Counts body bytes; returns how many of `n` may still be read (a warning, once, when cut). */
  takeBytes(file: string, n: number): number {
    if (this.stopped) return 0;
    const room = this.limits.maxTotalBytes - this.bytes;
    if (n <= room) {
      this.bytes += n;
      if (this.compressedBytes && this.bytes >= this.limits.ratioCheckAfterBytes) {
        const ratio = this.bytes / Math.max(1, this.compressedBytes());
        if (ratio > this.limits.maxRatio) {
          this.stop({ file, message: `decompression bomb: ${MiB(this.bytes)} MiB came out of ${MiB(this.compressedBytes())} MiB of gzip (${Math.round(ratio)}×, over the ${this.limits.maxRatio}× limit); reading stopped in ${file} and later entries were not read`, effect: 'partial' });
          return 0;
        }
      }
      return n;
    }
    this.bytes += Math.max(0, room);
    this.stop({ file, message: `total size limit of ${this.limits.maxTotalBytes} bytes reached in ${file}: it was cut there and later entries were not read`, effect: 'partial' });
    return Math.max(0, room);
  }

  private stop(w: SourceWarning): void {
    this.stopped = true;
    this.warn(w);
  }
}

const MiB = (n: number): string => (n / 1024 ** 2).toFixed(1);

/** Wraps a chunk stream so that it respects the byte budget (cut at the limit). */
export async function* budgeted(file: string, chunks: AsyncIterable<Uint8Array>, budget: Budget): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    const n = budget.takeBytes(file, c.length);
    if (n > 0) yield n === c.length ? c : c.subarray(0, n);
    if (n < c.length) return;
  }
}

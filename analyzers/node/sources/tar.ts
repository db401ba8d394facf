/**
 * tar and tar.gz bundles, streamed with tar-stream (never extracted to disk). Decompression uses 1 MiB
 * zlib chunks and read buffers (DESIGN.md: chunk size is the biggest single win, 246 → 640 MB/s).
 */
import { createReadStream } from 'node:fs';
import { createGunzip, type Gunzip } from 'node:zlib';
import * as tarStream from 'tar-stream';
import type { BundleEntry, BundleItem, BundleSource } from '../../ingest/source.js';
import { Budget, EntryBody, RatioMeter, readHead, type SourceLimits, type SourceWarning } from './limits.js';
import type { Nesting } from './nested.js';

const CHUNK = 1 << 20;

function entryType(t: tarStream.Header['type'] | null | undefined): BundleEntry['type'] {
  if (t === 'file' || t === 'contiguous-file' || t == null) return 'file';
  if (t === 'directory' || t === 'symlink' || t === 'link') return t;
  return 'other';
}

function toEntry(h: tarStream.Header, rename?: (raw: string) => string): BundleEntry {
  const e: BundleEntry = { path: rename ? rename(h.name) : h.name, type: entryType(h.type), size: h.size ?? 0 };
  if (h.mtime instanceof Date && !Number.isNaN(h.mtime.getTime())) e.mtimeMs = h.mtime.getTime();
  if (h.linkname) e.linkTarget = h.linkname;
  return e;
}

function message(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m === 'unexpected end of file' ? 'truncated gzip stream (unexpected end of file)' : m;
}

/** How a source reads: its own budget and nesting (top level), or those of the pass it is nested in. */
export interface SourceContext {
  limits: SourceLimits;
  /** The pass's budget when this source is nested; a top-level source makes its own. */
  budget?: Budget;
  /** Expands nested archives (top level only). */
  nesting?: (budget: Budget, warn: (w: SourceWarning) => void) => Nesting;
  /** Nested only: the bundle path of an entry from its raw path inside the archive (nested.ts `innerPath`). */
  rename?: (raw: string) => string;
  /** Nested only: the bundle path of a gzip'd single file's content. */
  singleName?: string;
}

class TarSource implements BundleSource {
  readonly name: string;
  private readonly warns: SourceWarning[] = [];

  constructor(
    private readonly file: string,
    readonly container: 'tar' | 'tar.gz',
    private readonly ctx: SourceContext,
  ) {
    this.name = file;
  }

  warnings(): SourceWarning[] {
    return [...this.warns];
  }

  async *items(): AsyncGenerator<BundleItem> {
    const extract = tarStream.extract();
    const input = createReadStream(this.file, { highWaterMark: CHUNK });
    input.on('error', (e) => extract.destroy(e));
    let gunzip: Gunzip | undefined;
    if (this.container === 'tar.gz') {
      gunzip = createGunzip({ chunkSize: CHUNK });
      gunzip.on('error', (e) => extract.destroy(e));
      input.pipe(gunzip).pipe(extract);
    } else {
      input.pipe(extract);
    }
    const warn = (w: SourceWarning) => this.warns.push(w);
    const budget = this.ctx.budget ?? new Budget(this.ctx.limits, warn);
    const meter = gunzip ? new RatioMeter('gzip', () => gunzip.bytesWritten) : undefined;
    const nesting = this.ctx.nesting?.(budget, warn);
    const entries = extract[Symbol.asyncIterator]();
    let current = '';
    let body: EntryBody | undefined;
    try {
      for (;;) {
        const next = await entries.next();
        if (next.done) break;
        const stream = next.value;
        const entry = toEntry(stream.header, this.ctx.rename);
        current = entry.path;
        const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
        if (!budget.takeEntry(entry.path)) break;
        if (entry.type === 'file' && nesting) {
          let head: Awaited<ReturnType<typeof readHead>>;
          try {
            head = await readHead(chunks);
          } catch (e) {
            // the stream broke inside this entry's first bytes: the loader records it as unreadable, then the pass stops
            body = new EntryBody(entry.path, { next: () => Promise.reject(e) }, budget, meter, [], false, false, message);
            yield { entry, body };
            throw e;
          }
          if (nesting.wants(entry, head.bytes)) {
            body = undefined;
            yield* nesting.expand(entry, { head: head.chunks, rest: chunks, ended: head.ended });
            for (let r = head.ended ? undefined : await chunks.next(); r && !r.done; r = await chunks.next()); // what the spool left
          } else {
            body = new EntryBody(entry.path, chunks, budget, meter, head.chunks, head.ended, true, message);
            yield { entry, body };
            await body.drain();
          }
        } else {
          body = new EntryBody(entry.path, chunks, budget, meter, [], false, true, message);
          yield { entry, body };
          await body.drain();
        }
        if (budget.stopped) break;
      }
    } catch (e) {
      const w: SourceWarning = { message: `${this.container} read stopped${current ? ` after ${current}` : ''}: ${message(e)}; the entries before were kept` };
      // the entry is affected only when the stream broke inside its body, not at the next header
      this.warns.push(current ? { file: current, ...w, ...(body && !body.finished ? { effect: 'unreadable' as const } : {}) } : w);
    } finally {
      input.destroy();
      extract.destroy();
      await nesting?.cleanup();
    }
  }
}

/**
 * Opens a tar or gzip'd tar file (POSIX ustar, PAX and GNU headers, through tar-stream).
 * Entry paths are raw (untrusted); `mtimeMs` comes from the tar header. A truncated gzip stream or a corrupt
 * tar header ends the pass with a warning (`warnings()`); entries read before stay valid, and the body being
 * read when it happens throws.
 */
export function openTarSource(file: string, container: 'tar' | 'tar.gz', ctx: SourceContext): BundleSource {
  return new TarSource(file, container, ctx);
}

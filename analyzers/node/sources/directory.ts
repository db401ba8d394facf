/**
 * Directory and single-file bundles. Symlinks are reported, never followed; unreadable files and
 * directories become warnings. No `mtimeMs` is set: a checkout or copy time is not the capture time.
 * Archives in a directory (by content) are expanded in place by the pass's nesting (nested.ts).
 */
import { createReadStream, type Dirent } from 'node:fs';
import { lstat, opendir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { BundleEntry, BundleItem, BundleSource } from '../../ingest/source.js';
import { Budget, EntryBody, RatioMeter, readHead, type SourceWarning } from './limits.js';
import type { Nesting } from './nested.js';
import type { SourceContext } from './tar.js';

const CHUNK = 1 << 20;

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message}` : String(e);
}

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

function typeOf(d: Dirent): BundleEntry['type'] {
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isDirectory()) return 'directory';
  return 'other';
}

class DirectorySource implements BundleSource {
  readonly container = 'directory' as const;
  private readonly warns: SourceWarning[] = [];
  constructor(
    readonly name: string,
    private readonly ctx: SourceContext,
  ) {}

  warnings(): SourceWarning[] {
    return [...this.warns];
  }

  async *items(): AsyncGenerator<BundleItem> {
    const warn = (w: SourceWarning) => this.warns.push(w);
    const budget = this.ctx.budget ?? new Budget(this.ctx.limits, warn);
    const nesting = this.ctx.nesting?.(budget, warn);
    try {
      yield* this.walk(this.name, '', budget, nesting);
    } finally {
      await nesting?.cleanup();
    }
  }

  /** Depth-first, entries sorted by name so that the order (and the report) is stable. */
  private async *walk(abs: string, rel: string, budget: Budget, nesting: Nesting | undefined): AsyncGenerator<BundleItem> {
    let dirents: Dirent[];
    try {
      dirents = [];
      for await (const d of await opendir(abs)) dirents.push(d);
    } catch (e) {
      this.warns.push({ file: rel || undefined, message: `directory not readable: ${reason(e)}` });
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if (budget.stopped) return;
      const childAbs = join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      const type = typeOf(d);
      if (type === 'directory') {
        yield* this.walk(childAbs, childRel, budget, nesting);
        continue;
      }
      if (!budget.takeEntry(childRel)) return;
      yield* this.item(childAbs, childRel, type, budget, nesting);
    }
  }

  private async *item(abs: string, rel: string, type: BundleEntry['type'], budget: Budget, nesting: Nesting | undefined): AsyncGenerator<BundleItem> {
    const entry: BundleEntry = { path: rel, type, size: 0 };
    try {
      const st = await lstat(abs);
      entry.size = st.size;
      if (type === 'symlink') entry.linkTarget = await readlink(abs);
    } catch (e) {
      this.warns.push({ file: rel, message: `not readable: ${reason(e)}` });
    }
    if (type !== 'file') return yield { entry, body: EMPTY };
    // opening errors surface when the body is read (the loader marks the file unreadable)
    const chunks = (createReadStream(abs, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    if (nesting) {
      let head: Awaited<ReturnType<typeof readHead>> | undefined;
      try {
        head = await readHead(chunks);
      } catch {
        // unreadable: the body below fails the same way when the loader reads it
      }
      if (head && nesting.wants(entry, head.bytes)) {
        await chunks.return?.();
        return yield* nesting.expand(entry, { file: abs });
      }
      if (head) {
        const body = new EntryBody(rel, chunks, budget, undefined, head.chunks, head.ended, false);
        yield { entry, body };
        return body.drain();
      }
    }
    const body = new EntryBody(rel, nesting ? (createReadStream(abs, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]() : chunks, budget, undefined, [], false, false);
    yield { entry, body };
    await body.drain();
  }
}

class FileSource implements BundleSource {
  readonly container = 'file' as const;
  private readonly warns: SourceWarning[] = [];
  constructor(
    readonly name: string,
    private readonly ctx: SourceContext,
    private readonly gzipped: boolean,
  ) {}

  warnings(): SourceWarning[] {
    return [...this.warns];
  }

  async *items(): AsyncGenerator<BundleItem> {
    const st = await lstat(this.name);
    const base = basename(this.name);
    const rel = this.ctx.singleName ?? (this.gzipped ? base.replace(/\.gz$/, '') || base : base);
    const raw = createReadStream(this.name, { highWaterMark: CHUNK });
    const gunzip = this.gzipped ? createGunzip({ chunkSize: CHUNK }) : undefined;
    const chunks = gunzip ? raw.pipe(gunzip) : raw;
    if (gunzip) raw.on('error', (e) => chunks.destroy(e));
    const budget = this.ctx.budget ?? new Budget(this.ctx.limits, (w) => this.warns.push(w));
    const meter = gunzip ? new RatioMeter('gzip', () => gunzip.bytesWritten) : undefined;
    if (!budget.takeEntry(rel)) return;
    const body = new EntryBody(rel, (chunks as AsyncIterable<Uint8Array>)[Symbol.asyncIterator](), budget, meter, [], false, false);
    yield { entry: { path: rel, type: 'file', size: this.gzipped ? 0 : st.size }, body };
    await body.drain();
  }
}

/**
 * A directory as a bundle: entry paths are relative to it (`bug-report/cluster/events` when the folder
 * holding `bug-report/` is opened). Directories themselves are walked, not yielded.
 */
export function openDirectorySource(dir: string, ctx: SourceContext): BundleSource {
  return new DirectorySource(dir, ctx);
}

/** One file as a bundle; its entry path is its base name (without `.gz` when `gzipped`, decompressed as read). */
export function openFileSource(file: string, ctx: SourceContext, gzipped = false): BundleSource {
  return new FileSource(file, ctx, gzipped);
}

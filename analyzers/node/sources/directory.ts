/**
 * Directory and single-file bundles. Symlinks are reported, never followed; unreadable files and
 * directories become warnings. No `mtimeMs` is set: a checkout or copy time is not the capture time.
 */
import { createReadStream, type Dirent } from 'node:fs';
import { lstat, opendir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { BundleEntry, BundleItem, BundleSource } from '../../ingest/source.js';
import { Budget, budgeted, type SourceLimits, type SourceWarning } from './limits.js';

const CHUNK = 1 << 20;

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message}` : String(e);
}

/** A file body read lazily: opening errors surface when it is iterated (the loader marks the file unreadable). */
function fileBody(abs: string, rel: string, budget: Budget): AsyncIterable<Uint8Array> {
  return budgeted(rel, createReadStream(abs, { highWaterMark: CHUNK }), budget);
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
    private readonly limits: SourceLimits,
  ) {}

  warnings(): SourceWarning[] {
    return [...this.warns];
  }

  async *items(): AsyncGenerator<BundleItem> {
    const budget = new Budget(this.limits, (w) => this.warns.push(w));
    yield* this.walk(this.name, '', budget);
  }

  /** Depth-first, entries sorted by name so that the order (and the report) is stable. */
  private async *walk(abs: string, rel: string, budget: Budget): AsyncGenerator<BundleItem> {
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
        yield* this.walk(childAbs, childRel, budget);
        continue;
      }
      if (!budget.takeEntry(childRel)) return;
      yield await this.item(childAbs, childRel, type, budget);
    }
  }

  private async item(abs: string, rel: string, type: BundleEntry['type'], budget: Budget): Promise<BundleItem> {
    const entry: BundleEntry = { path: rel, type, size: 0 };
    try {
      const st = await lstat(abs);
      entry.size = st.size;
      if (type === 'symlink') entry.linkTarget = await readlink(abs);
    } catch (e) {
      this.warns.push({ file: rel, message: `not readable: ${reason(e)}` });
    }
    return { entry, body: type === 'file' ? fileBody(abs, rel, budget) : EMPTY };
  }
}

class FileSource implements BundleSource {
  readonly container = 'file' as const;
  private readonly warns: SourceWarning[] = [];
  constructor(
    readonly name: string,
    private readonly limits: SourceLimits,
    private readonly gzipped: boolean,
  ) {}

  warnings(): SourceWarning[] {
    return [...this.warns];
  }

  async *items(): AsyncGenerator<BundleItem> {
    const st = await lstat(this.name);
    const base = basename(this.name);
    const rel = this.gzipped ? base.replace(/\.gz$/, '') || base : base;
    const raw = createReadStream(this.name, { highWaterMark: CHUNK });
    const gunzip = this.gzipped ? createGunzip({ chunkSize: CHUNK }) : undefined;
    const chunks = gunzip ? raw.pipe(gunzip) : raw;
    if (gunzip) raw.on('error', (e) => chunks.destroy(e));
    const budget = new Budget(this.limits, (w) => this.warns.push(w), gunzip ? () => gunzip.bytesWritten : undefined);
    budget.takeEntry(rel);
    yield { entry: { path: rel, type: 'file', size: this.gzipped ? 0 : st.size }, body: budgeted(rel, chunks, budget) };
  }
}

/**
 * A directory as a bundle: entry paths are relative to it (`bug-report/cluster/events` when the folder
 * holding `bug-report/` is opened). Directories themselves are walked, not yielded.
 */
export function openDirectorySource(dir: string, limits: SourceLimits): BundleSource {
  return new DirectorySource(dir, limits);
}

/** One file as a bundle; its entry path is its base name (without `.gz` when `gzipped`, decompressed as read). */
export function openFileSource(file: string, limits: SourceLimits, gzipped = false): BundleSource {
  return new FileSource(file, limits, gzipped);
}

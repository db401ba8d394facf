/**
 * Archives inside a bundle (a customer attaches a bug-report .tar.gz and a must-gather .zip to one case archive,
 * or gzips a log): read to one level. An entry whose content starts like an archive (gzip, zip or a tar header;
 * by content, never by name) becomes an `archive` entry followed by its own entries, under its path
 * (`case/bug-report.tar.gz/bug-report/cluster/events`); archives inside those are not opened (their files are
 * skipped by the loader with the reason).
 *
 * Bounds are counted once for the whole bundle: the nested entries share the outer pass's `Budget` (entry count,
 * content bytes), each compressed stream keeps its own ratio check, and a nested archive that arrives as a stream
 * (inside a tar or a zip) is spooled to a temp dir this pass owns, under a numbered name (entry paths never name
 * anything on disk), bounded by `maxTotalBytes` and removed once read; the temp dir is removed when the pass ends.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleEntry, BundleItem, BundleSource, SourceWarning } from '../../ingest/source.js';
import { normalizeEntryPath } from '../../ingest/paths.js';
import type { Budget } from './limits.js';

/**
 * Opens a file on disk as an inner source sharing `budget`, never nesting further, its entries named by
 * `rename` (an archive's) or `singleName` (a gzip'd file's content).
 */
export type InnerOpener = (file: string, budget: Budget, names: { rename: (raw: string) => string; singleName: string }) => Promise<BundleSource>;

/**
 * The bundle path of an entry inside the archive at `prefix`: `prefix/<normalized path>`; an unsafe raw path
 * (`..`, absolute, NUL…) is kept raw so that the loader rejects it with its reason (prefixing `/etc/passwd`
 * would make it look safe).
 */
export function innerPath(prefix: string, raw: string): string {
  const n = normalizeEntryPath(raw);
  return n.ok ? `${prefix}/${n.path}` : raw;
}

const TAR_HEADER = 512;

/** True when `h` (≥ 512 bytes) is a tar header: `ustar` magic at 257, or a v7 header whose checksum matches. */
export function isTarHeader(h: Uint8Array): boolean {
  if (h.length < TAR_HEADER) return false;
  if (h[257] === 0x75 && h[258] === 0x73 && h[259] === 0x74 && h[260] === 0x61 && h[261] === 0x72) return true;
  const stored = parseInt(new TextDecoder().decode(h.subarray(148, 156)).replace(/[\0 ]/g, ''), 8);
  if (!Number.isFinite(stored) || h[0] === 0) return false;
  let sum = 0;
  for (let i = 0; i < TAR_HEADER; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === stored;
}

/** Local file header or end-of-central-directory (an empty zip) signature. */
export function isZipHead(h: Uint8Array): boolean {
  return h[0] === 0x50 && h[1] === 0x4b && ((h[2] === 0x03 && h[3] === 0x04) || (h[2] === 0x05 && h[3] === 0x06));
}

export function isGzipHead(h: Uint8Array): boolean {
  return h[0] === 0x1f && h[1] === 0x8b;
}

/** The first bytes of an archive meshlens opens: gzip (a tar.gz or one gzip'd file), zip, or tar. */
export function isArchiveHead(h: Uint8Array): boolean {
  return isGzipHead(h) || isZipHead(h) || isTarHeader(h);
}

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

/** A body that fails with `message` when read: the loader records the file as unreadable with that reason. */
function failing(message: string): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error(message)) }),
  };
}

/** The nesting state of one top-level pass. */
export class Nesting {
  private dir?: string;
  private spools = 0;

  constructor(
    private readonly budget: Budget,
    private readonly warn: (w: SourceWarning) => void,
    private readonly open: InnerOpener,
  ) {}

  /** True when `entry` with this head is expanded: a regular file at a safe path whose content starts like an archive. */
  wants(entry: BundleEntry, head: Uint8Array): boolean {
    return entry.type === 'file' && normalizeEntryPath(entry.path).ok && isArchiveHead(head);
  }

  /**
   * The archive entry, then its entries with paths under it. `content` is the archive on disk (a directory's
   * file) or its bytes as they stream by (`head` chunks already pulled, then `rest`), which are spooled first.
   */
  async *expand(entry: BundleEntry, content: { file: string } | { head: Uint8Array[]; rest: AsyncIterator<Uint8Array>; ended: boolean }): AsyncGenerator<BundleItem> {
    const prefix = (normalizeEntryPath(entry.path) as { path: string }).path;
    let file: string;
    let spooled: string | undefined;
    if ('file' in content) file = content.file;
    else {
      try {
        spooled = await this.spool(prefix, content.head, content.rest, content.ended);
      } catch (e) {
        yield { entry, body: failing(`nested archive not read: ${(e as Error).message}`) };
        return;
      }
      if (!spooled) {
        yield { entry, body: failing('nested archive not read: over the total size limit') };
        return;
      }
      file = spooled;
    }
    try {
      let inner: BundleSource;
      // one gzip'd file: `x.log.gz` holds `x.log`
      const singleName = prefix.endsWith('.gz') && prefix.length > 3 ? prefix.slice(0, -3) : `${prefix}.decompressed`;
      try {
        inner = await this.open(file, this.budget, { rename: (raw) => innerPath(prefix, raw), singleName });
      } catch (e) {
        yield { entry, body: failing(`nested archive not readable: ${(e as Error).message}`) };
        return;
      }
      yield { entry: { ...entry, type: 'archive' }, body: EMPTY };
      yield* inner.items();
      for (const w of inner.warnings()) this.warn(w.file ? w : { ...w, file: prefix });
    } finally {
      if (spooled) await rm(spooled, { force: true });
    }
  }

  /** Writes the archive's bytes to a numbered file in our temp dir; undefined when the spool bound was hit. */
  private async spool(prefix: string, head: Uint8Array[], rest: AsyncIterator<Uint8Array>, ended: boolean): Promise<string | undefined> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'meshlens-nested-'));
    const file = join(this.dir, String(this.spools++));
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    const write = (c: Uint8Array) => new Promise<void>((ok, ko) => out.write(c, (e) => (e ? ko(e) : ok())));
    let within = true;
    try {
      for (const c of head) if ((within = this.budget.takeSpool(prefix, c.length))) await write(c);
      for (let r = ended || !within ? undefined : await rest.next(); r && !r.done; r = await rest.next()) {
        if (!(within = this.budget.takeSpool(prefix, r.value.length))) break;
        await write(r.value);
      }
    } finally {
      await new Promise<void>((ok) => out.end(ok));
    }
    if (within) return file;
    await rm(file, { force: true });
    return undefined;
  }

  /** Removes the temp dir (end of the pass). */
  async cleanup(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

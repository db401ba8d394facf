/**
 * Random access to the files of a bundle, for file excerpts and log queries after analysis.
 *
 * A directory or a single file is read in place. A tar, tar.gz or zip archive is read once, as a stream, and
 * each regular file is spooled to a temp dir that this store owns, under a numbered name (entry paths
 * never name anything on disk). Symlinks, hard links and devices are recorded as skipped, never followed.
 * `dispose()` removes the temp dir.
 *
 * Entry paths are normalized (`normalizeBundlePath`); entries whose path escapes the bundle are skipped
 * with a warning.
 */
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import type { OpenProgress } from '../../contract/backend.js';
import { openBundleSource } from '../sources/index.js';

export interface StoredFile {
  /** Normalized bundle path (forward slashes, no leading `/`, no `.`/`..`). */
  path: string;
  size: number;
  /** Where the bytes are on disk (the original file, or the spooled copy). */
  diskPath: string;
}

export interface OpenStoreOptions {
  onProgress?: (p: OpenProgress) => void;
  signal?: AbortSignal;
}

export interface BundleStore {
  name: string;
  container: 'directory' | 'tar' | 'tar.gz' | 'zip' | 'file';
  files: Map<string, StoredFile>;
  warnings: Array<{ file?: string; message: string }>;
  dispose(): Promise<void>;
}

const CHUNK = 1 << 20;

/** Bundle path normalization: `\` → `/`, strip `./` and leading `/`; undefined when the path holds `..`, NUL or nothing. */
export function normalizeBundlePath(raw: string): string | undefined {
  if (raw.includes('\0')) return undefined;
  const parts: string[] = [];
  for (const seg of raw.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return undefined;
    parts.push(seg);
  }
  return parts.length ? parts.join('/') : undefined;
}

function abortError(): Error {
  const e = new Error('Opening the bundle was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * Open `bundlePath` (directory, `.tar`, `.tar.gz`/`.tgz` detected by magic bytes, or one plain file).
 * Throws when the path cannot be read or is cancelled (`AbortError`); damaged archives give a partial
 * store with a warning.
 */
export async function openBundleStore(bundlePath: string, opts: OpenStoreOptions = {}): Promise<BundleStore> {
  const st = await lstat(bundlePath);
  const files = new Map<string, StoredFile>();
  const warnings: BundleStore['warnings'] = [];
  const progress: OpenProgress = { bytesRead: 0, filesRead: 0 };
  if (st.isDirectory()) {
    await walkDirectory(bundlePath, files, warnings, progress, opts);
    return { name: bundlePath, container: 'directory', files, warnings, dispose: async () => {} };
  }
  if (!st.isFile()) throw new Error(`${bundlePath}: not a file or directory`);
  const kind = await sniffContainer(bundlePath);
  if (kind === 'file') {
    const name = bundlePath.split(/[\\/]/).pop() ?? 'bundle';
    const f = { path: name, size: st.size, diskPath: bundlePath };
    counted(f, opts, progress);
    files.set(name, f);
    return { name: bundlePath, container: 'file', files, warnings, dispose: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'meshlens-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  progress.totalBytes = st.size;
  try {
    if (kind === 'zip') await spoolSource(bundlePath, dir, files, warnings, progress, opts);
    else await spoolArchive(bundlePath, kind, dir, files, warnings, progress, opts);
  } catch (err) {
    await dispose();
    throw err;
  }
  return { name: bundlePath, container: kind, files, warnings, dispose };
}

async function sniffContainer(path: string): Promise<'tar' | 'tar.gz' | 'zip' | 'file'> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
    if (bytesRead >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
    if (bytesRead >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return 'zip';
    return 'file';
  } finally {
    await fh.close();
  }
}

async function walkDirectory(root: string, files: Map<string, StoredFile>, warnings: BundleStore['warnings'], progress: OpenProgress, opts: OpenStoreOptions): Promise<void> {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const d of await readdir(dir, { withFileTypes: true })) {
      if (opts.signal?.aborted) throw abortError();
      const full = join(dir, d.name);
      const rel = relative(root, full).split(sep).join('/');
      if (d.isDirectory()) stack.push(full);
      else if (d.isFile()) {
        const size = (await lstat(full)).size;
        const f = { path: rel, size, diskPath: full };
        files.set(rel, f);
        counted(f, opts, progress);
      } else warnings.push({ file: rel, message: 'not a regular file (link or device): skipped, never followed' });
    }
  }
}

/** Count a file already on disk (read in place) in the progress. */
function counted(f: StoredFile, opts: OpenStoreOptions, progress: OpenProgress): void {
  progress.bytesRead += f.size;
  progress.filesRead++;
  progress.currentFile = f.path;
  opts.onProgress?.({ ...progress });
}

/**
 * Copy one archive entry's bytes to `diskPath` (created, owner-only). A read error ends the copy and comes back with
 * the bytes written so far; the file is closed either way.
 */
async function spoolEntry(diskPath: string, body: AsyncIterable<Uint8Array>, onBytes?: (n: number) => void): Promise<{ size: number; error?: Error }> {
  const fh = await open(diskPath, 'wx', 0o600);
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      onBytes?.(chunk.length);
      await fh.write(chunk);
    }
    return { size };
  } catch (e) {
    return { size, error: e as Error };
  } finally {
    await fh.close();
  }
}

/** Record a spooled file and report progress. */
function stored(files: Map<string, StoredFile>, f: StoredFile, progress: OpenProgress, opts: OpenStoreOptions): void {
  files.set(f.path, f);
  progress.filesRead++;
  progress.currentFile = f.path;
  opts.onProgress?.({ ...progress });
}

/**
 * A zip, through the engine's own source (analyzers/node/sources: yauzl, the same bounds and nested archives),
 * so that the store holds the files under the paths the report cites.
 */
async function spoolSource(path: string, dir: string, files: Map<string, StoredFile>, warnings: BundleStore['warnings'], progress: OpenProgress, opts: OpenStoreOptions): Promise<void> {
  const source = await openBundleSource(path);
  let n = 0;
  for await (const { entry, body } of source.items()) {
    if (opts.signal?.aborted) throw abortError();
    const name = normalizeBundlePath(entry.path);
    if (entry.type === 'archive' || entry.type === 'directory') continue; // an archive's entries follow it
    if (!name || entry.type !== 'file') {
      warnings.push({ file: entry.path, message: name ? `${entry.type} entry skipped, never followed` : 'unsafe entry path (.., NUL or empty): skipped' });
      continue;
    }
    const diskPath = join(dir, String(n++));
    const { size, error } = await spoolEntry(diskPath, body, (bytes) => { progress.bytesRead += bytes; });
    if (error) warnings.push({ file: name, message: `not read to its end: ${error.message}` });
    stored(files, { path: name, size, diskPath }, progress, opts);
  }
  warnings.push(...source.warnings().map((w) => ({ ...(w.file ? { file: w.file } : {}), message: w.message })));
}

async function spoolArchive(path: string, kind: 'tar' | 'tar.gz', dir: string, files: Map<string, StoredFile>, warnings: BundleStore['warnings'], progress: OpenProgress, opts: OpenStoreOptions): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  raw.on('data', (c) => { progress.bytesRead += c.length; });
  const ex = tarExtract();
  const onAbort = () => raw.destroy(abortError());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const source = kind === 'tar.gz' ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  source.on('error', (e: Error) => ex.destroy(e));
  // pipe() does not forward errors: the file stream's own (a cancel destroys it) must end the extraction, not the process.
  if (source !== raw) raw.on('error', (e: Error) => ex.destroy(e));
  source.pipe(ex);
  let n = 0;
  try {
    for await (const entry of ex) {
      if (opts.signal?.aborted) throw abortError();
      const name = normalizeBundlePath(entry.header.name);
      const type = entry.header.type ?? 'file';
      if (!name || (type !== 'file' && type !== 'contiguous-file')) {
        if (type !== 'directory') warnings.push({ file: entry.header.name, message: name ? `${type} entry skipped, never followed` : 'unsafe entry path (.., NUL or empty): skipped' });
        entry.resume();
        continue;
      }
      const diskPath = join(dir, String(n++));
      const { size, error } = await spoolEntry(diskPath, entry as AsyncIterable<Buffer>);
      if (error) throw error;
      stored(files, { path: name, size, diskPath }, progress, opts);
    }
  } catch (err) {
    if (opts.signal?.aborted || (err as Error).name === 'AbortError') throw abortError();
    warnings.push({ message: `archive damaged after ${progress.filesRead} files: ${(err as Error).message}; the files before it were read` });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    raw.destroy();
  }
}

/**
 * Opens whatever the user named as a `BundleSource`, chosen by content, never by file extension:
 * a directory; gzip (magic `1f 8b`) holding a tar, or else a single gzip'd file; a zip (`PK\3\4`, or `PK\5\6`
 * for an empty one); a tar (`ustar` magic at offset 257, or a valid v7 header checksum, or an empty tar's zero
 * block); anything else is a single file. Archives inside it are read to one level (nested.ts).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { BundleSource } from '../../ingest/source.js';
import { openDirectorySource, openFileSource } from './directory.js';
import { Budget, DEFAULT_SOURCE_LIMITS, type SourceLimits } from './limits.js';
import { isGzipHead, isTarHeader, isZipHead, Nesting } from './nested.js';
import { openTarSource, type SourceContext } from './tar.js';
import { openZipSource } from './zip.js';

export { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './limits.js';
export { isTarHeader } from './nested.js';

const TAR_HEADER = 512;

/** True when `h` is a full 512-byte block of zeros: a tar's end-of-archive marker, so an empty tar starts with it. */
function isEmptyTar(h: Uint8Array): boolean {
  return h.length === TAR_HEADER && h.every((b) => b === 0);
}

async function head(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** First `n` decompressed bytes of a gzip file (fewer when it is shorter or corrupt). */
async function gunzipHead(file: string, n: number): Promise<Uint8Array> {
  const out: Buffer[] = [];
  let got = 0;
  const gunzip = createReadStream(file).pipe(createGunzip());
  try {
    for await (const c of gunzip as AsyncIterable<Buffer>) {
      out.push(c);
      got += c.length;
      if (got >= n) break;
    }
  } catch {
    // a corrupt or truncated stream: sniff what came out
  } finally {
    gunzip.destroy();
  }
  return Buffer.concat(out).subarray(0, n);
}

/** The source for a file (not a directory), by its content. */
async function openFileBundle(path: string, ctx: SourceContext): Promise<BundleSource> {
  const h = await head(path, TAR_HEADER);
  if (isGzipHead(h)) {
    const inner = await gunzipHead(path, TAR_HEADER);
    return isTarHeader(inner) || isEmptyTar(inner) ? openTarSource(path, 'tar.gz', ctx) : openFileSource(path, ctx, true);
  }
  if (isZipHead(h)) return openZipSource(path, ctx);
  if (isTarHeader(h) || isEmptyTar(h)) return openTarSource(path, 'tar', ctx);
  return openFileSource(path, ctx);
}

/**
 * Opens `path` as a bundle. `limits` bound entries and total decompressed bytes, nested archives included
 * (defaults in `DEFAULT_SOURCE_LIMITS`). Throws only when `path` itself cannot be read (missing, no
 * permission); problems inside the bundle become `warnings()`.
 */
export async function openBundleSource(path: string, limits: Partial<SourceLimits> = {}): Promise<BundleSource> {
  const lim: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...limits };
  // nested archives share the pass's budget and are opened as files, without nesting further
  const inner = (file: string, budget: Budget, names: { rename: (raw: string) => string; singleName: string }) => openFileBundle(file, { limits: lim, budget, ...names });
  const ctx: SourceContext = { limits: lim, nesting: (budget, warn) => new Nesting(budget, warn, inner) };
  const st = await stat(path);
  if (st.isDirectory()) return openDirectorySource(path, ctx);
  return openFileBundle(path, ctx);
}

/**
 * Opens whatever the user named as a `BundleSource`, chosen by content, never by file extension:
 * a directory; gzip (magic `1f 8b`) holding a tar, or else a single gzip'd file; a tar (`ustar` magic at
 * offset 257, or a valid v7 header checksum, or an empty tar's zero block); anything else is a single file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { BundleSource } from '../../ingest/source.js';
import { openDirectorySource, openFileSource } from './directory.js';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './limits.js';
import { openTarSource } from './tar.js';

export { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './limits.js';

const TAR_HEADER = 512;

/** True when `h` (≥ 512 bytes) is a tar header: `ustar` magic at 257, or a v7 header whose checksum matches. */
export function isTarHeader(h: Uint8Array): boolean {
  if (h.length < TAR_HEADER) return false;
  if (h[257] === 0x75 && h[258] === 0x73 && h[259] === 0x74 && h[260] === 0x61 && h[261] === 0x72) return true;
  const stored = parseInt(new TextDecoder().decode(h.subarray(148, 156)).replace(/[\0 ]/g, ''), 8);
  if (!Number.isFinite(stored) || h[0] === 0) return false;
  let sum = 0;
  for (let i = 0; i < TAR_HEADER; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum === stored;
}

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

/**
 * Opens `path` as a bundle. `limits` bound entries and total decompressed bytes (defaults in
 * `DEFAULT_SOURCE_LIMITS`). Throws only when `path` itself cannot be read (missing, no permission);
 * problems inside the bundle become `warnings()`.
 */
export async function openBundleSource(path: string, limits: Partial<SourceLimits> = {}): Promise<BundleSource> {
  const lim: SourceLimits = { ...DEFAULT_SOURCE_LIMITS, ...limits };
  const st = await stat(path);
  if (st.isDirectory()) return openDirectorySource(path, lim);
  const h = await head(path, TAR_HEADER);
  if (h[0] === 0x1f && h[1] === 0x8b) {
    const inner = await gunzipHead(path, TAR_HEADER);
    return isTarHeader(inner) || isEmptyTar(inner) ? openTarSource(path, 'tar.gz', lim) : openFileSource(path, lim, true);
  }
  if (isTarHeader(h) || isEmptyTar(h)) return openTarSource(path, 'tar', lim);
  return openFileSource(path, lim);
}

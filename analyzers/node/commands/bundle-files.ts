/**
 * Reads selected files out of a bundle (tar.gz, tar, directory or one file) through `openBundleSource`,
 * without extracting anything: entries are streamed, paths normalized, and only wanted files kept in
 * memory, each up to `maxFileBytes`. The capture time is the newest trustworthy entry mtime (archives),
 * else the newest line of the bug-report's own `bug-report.log` (folders, whose mtimes are copy times).
 */
import { openBundleSource } from '../sources/index.js';
import { normalizeEntryPath } from '../../ingest/paths.js';
import { newestLogLineTime } from '../../ingest/finalize.js';

const BUG_REPORT_LOG = /(?:^|\/)bug-report\.log$/;

export interface BundleFiles {
  /** Normalized bundle path → content. */
  files: Map<string, Uint8Array>;
  /** Every normalized file path seen (wanted or not). */
  paths: string[];
  /** RFC3339 UTC, from entry mtimes when the container records them, else from bug-report.log. */
  capturedAt?: string;
  warnings: string[];
}

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/** Read the files for which `want(path)` is true. Throws when the bundle itself cannot be opened. */
export async function readBundleFiles(bundle: string, want: (path: string) => boolean, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<BundleFiles> {
  const source = await openBundleSource(bundle);
  const out: BundleFiles = { files: new Map(), paths: [], warnings: [] };
  let newest = 0;
  let logTime: string | undefined;
  for await (const item of source.items()) {
    const { entry } = item;
    if (entry.mtimeMs !== undefined && entry.mtimeMs > newest) newest = entry.mtimeMs;
    const norm = normalizeEntryPath(entry.path);
    if (entry.type !== 'file' || !norm.ok) continue;
    out.paths.push(norm.path);
    const isLog = BUG_REPORT_LOG.test(norm.path);
    if (!want(norm.path) && !isLog) continue;
    if (entry.size > maxFileBytes) {
      out.warnings.push(`${norm.path}: ${entry.size} bytes is over the ${maxFileBytes}-byte limit; skipped`);
      continue;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const c of item.body) {
      size += c.length;
      if (size > maxFileBytes) break;
      chunks.push(c);
    }
    if (size > maxFileBytes) {
      out.warnings.push(`${norm.path}: over the ${maxFileBytes}-byte limit; skipped`);
      continue;
    }
    const buf = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      buf.set(c, at);
      at += c.length;
    }
    if (isLog) logTime ??= newestLogLineTime(new TextDecoder().decode(buf));
    if (want(norm.path)) out.files.set(norm.path, buf);
  }
  out.warnings.push(...source.warnings().map((w) => (w.file ? `${w.file}: ${w.message}` : w.message)));
  if (newest > 0) out.capturedAt = new Date(newest).toISOString().replace(/\.\d{3}Z$/, 'Z');
  else if (logTime) out.capturedAt = logTime;
  return out;
}

/** A bug-report proxy directory (`…/proxies/<ns>/<pod>/<file>`), split. */
export function proxyPathParts(path: string): { namespace: string; pod: string; file: string } | undefined {
  const m = /(?:^|\/)proxies\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  return m ? { namespace: m[1], pod: m[2], file: m[3] } : undefined;
}

/** An istiod directory (`…/istio/<ns>/<pod>/<file>`), split. */
export function istiodPathParts(path: string): { namespace: string; pod: string; file: string } | undefined {
  const m = /(?:^|\/)istio\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  return m ? { namespace: m[1], pod: m[2], file: m[3] } : undefined;
}

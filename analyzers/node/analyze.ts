/**
 * Node entry point of the engine: open a bundle path (archive, directory or file) and analyze it.
 * Used by the CLI, `meshlens serve` and the Electron worker.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { scanPool } from './sources/scan-pool.js';
import type { LogScanner } from '../signatures/engine.js';
import { openBundleSource, type SourceLimits } from './sources/index.js';
import { loadBuiltinPacks, loadUserPacks } from './packs.js';
import { TOOL_VERSION } from './version.js';
import { analyzeBundle, type AnalyzeOptions } from '../pipeline/analyze.js';
import type { LoadProgress } from '../ingest/load.js';
import type { Report } from '../report/schema.js';
import type { SignatureDef } from '../signatures/types.js';
import type { BundleSource } from '../ingest/source.js';
import type { RedactClass } from '../report/redact.js';

/** The bundle path does not exist or cannot be opened at all (exit code 2 in the CLI). */
export class BundleUnreadableError extends Error {}

export interface AnalyzePathOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Check ids, codes or signature ids to leave out. */
  disable?: readonly string[];
  /** Stops reading further entries when aborted; the partial report is returned. */
  signal?: AbortSignal;
  /** Redaction classes on top of secrets (always redacted): `ips`, `hosts`. */
  redact?: readonly RedactClass[];
  /** Bounds on the bundle (entries, decompressed bytes, compression ratio); defaults in sources/limits.ts. */
  limits?: Partial<SourceLimits>;
  /** See AnalyzeOptions.inspect (pipeline/analyze.ts). */
  inspect?: AnalyzeOptions['inspect'];
  /**
   * Threads that scan the log files (sources/scan-pool.ts): `0` scans them on this thread; a number uses the process's
   * pool (created at that size on first use). Default: the pool, sized to the cores, for a bundle file of 16 MB or
   * more on a machine with two cores or more, when called from the main thread; this thread otherwise (small bundles:
   * starting threads costs more; a caller on a worker thread, such as `meshlens fleet`, already runs analyses side by side).
   */
  workers?: number;
  /** Extra signature packs: a `.yaml` file or a directory of them (loadUserPacks; a PackError is thrown when they do not load). */
  signatures?: string;
  /** See AnalyzeOptions.evidence (pipeline/analyze.ts): `all` cites every hit of every signature finding. */
  evidence?: AnalyzeOptions['evidence'];
}

let packs: SignatureDef[] | undefined;
/** Bundle files from this size (bytes) have their logs scanned on the thread pool by default. */
const POOL_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Analyze the bundle at `bundlePath`. Resolves to the report (partial, with warnings, when the bundle is
 * damaged). Throws BundleUnreadableError when the path cannot be read at all or nothing in it was readable.
 */
export async function analyzePath(bundlePath: string, opts: AnalyzePathOptions = {}): Promise<Report> {
  let size: number;
  try {
    const st = await stat(bundlePath);
    size = st.isFile() ? st.size : 0;
  } catch (err) {
    throw new BundleUnreadableError(`cannot read ${bundlePath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  packs ??= loadBuiltinPacks();
  const signatures = opts.signatures !== undefined ? [...packs, ...loadUserPacks(opts.signatures, packs)] : packs;
  const source = await openBundleSource(bundlePath, opts.limits);
  // Not from a worker thread by default: its caller already runs analyses side by side (meshlens fleet, one thread per bundle).
  const workers = opts.workers ?? threadsFromEnv() ?? (isMainThread && availableParallelism() >= 2 && size >= POOL_MIN_BYTES ? availableParallelism() : 0);
  const report = await analyzeBundle({
    source: opts.signal ? abortable(source, opts.signal) : source,
    signatures,
    toolVersion: TOOL_VERSION,
    ...(opts.disable ? { disable: opts.disable } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.redact ? { redact: opts.redact } : {}),
    ...(opts.inspect ? { inspect: opts.inspect } : {}),
    clockMs: () => performance.now(),
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    ...(workers > 0 ? { logScan: (sigs: readonly SignatureDef[], into: LogScanner, o: { allHits: boolean }) => scanPool(workers).scan(sigs, into, o) } : {}),
  });
  if (report.bundle.files.length > 0 && report.bundle.files.every((f) => f.status !== 'used')) {
    const w = report.bundle.warnings[0];
    const f = report.bundle.files[0];
    const why = w ? (w.file ? `${w.file}: ${w.message}` : w.message) : f ? `${f.path}: ${f.reason ?? f.status}` : 'no readable file';
    throw new BundleUnreadableError(`nothing in ${bundlePath} could be read (${why})`);
  }
  if (report.bundle.files.length === 0) {
    const why = report.bundle.warnings.length > 0 ? report.bundle.warnings.map((w) => w.message).join('; ') : `it holds no files (an empty ${source.container === 'directory' ? 'directory' : 'archive'})`;
    throw new BundleUnreadableError(`nothing in ${bundlePath} could be read: ${why}`);
  }
  return report;
}

/** `MESHLENS_SCAN_THREADS=N` (docs/performance.md): N log-scan threads whatever the bundle, 0 for none. */
function threadsFromEnv(): number | undefined {
  const v = process.env['MESHLENS_SCAN_THREADS'];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The same source, but it stops handing out entries once `signal` is aborted, and says so in its warnings. */
function abortable(source: BundleSource, signal: AbortSignal): BundleSource {
  return {
    name: source.name,
    container: source.container,
    warnings: () => (signal.aborted ? [...source.warnings(), { message: 'cancelled by the user: the rest of the bundle was not read' }] : source.warnings()),
    async *items() {
      for await (const item of source.items()) {
        if (signal.aborted) return;
        yield item;
      }
    },
  };
}

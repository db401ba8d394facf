/**
 * The node side of `meshlens fleet`: which inputs are clusters, the `--reports DIR` cache, and the bounded pool
 * that analyses bundles one per worker thread with a heap limit (docs/fleet.md).
 *
 * Inputs: a bundle (archive, directory), a JSON report (`meshlens analyze -o json`), or a folder of them. A folder
 * is read as a fleet when everything in it is an archive, a JSON file, a directory or a document (README, .md,
 * .txt) and no entry is named like a part of one bundle (`bug-report*`, `cluster`, `proxies`, `istio`…); otherwise
 * it is one bundle.
 */
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readReportFile } from '../report-input.js';
import { clusterName, digestReport, type ClusterDigest, type FleetError } from '../../fleet/index.js';
import type { WorkerJob, WorkerReply } from './worker.js';
// Loaded for its start-up check too: the built CLI is one bundled module, and a worker thread runs that module, so
// worker.ts's code must be in it (a type-only import would leave it out).
import './worker.js';

/** Entries that make a directory one bundle rather than a folder of bundles. */
const BUNDLE_PART = /^(bug-report.*|cluster|cluster-resources|cluster-info|cluster-scoped-resources|namespaces|proxies|istio|versions|k8s-resources|analyze|cni|ztunnel|must-gather.*)$/i;
const ARCHIVE = /\.(tar\.gz|tgz|tar|zip|gz)$/i;
const DOC = /^(readme.*|.*\.(md|txt|html|pdf))$/i;
/** Entries of a directory walked for its newest mtime (a bundle folder bigger than this counts as changed). */
const MAX_WALK = 200_000;

export interface FleetInput {
  name: string;
  path: string;
}

export interface FleetOptions {
  /** Worker threads at once (default: min(4, available cores)). */
  jobs?: number;
  /** Heap limit per worker, MB (default 2048). */
  maxMemoryMb?: number;
  /** The --reports cache folder. */
  reportsDir?: string;
  maxTotalBytes?: number;
  signatures?: string;
  /** Stops the run: no new bundle is started and running workers are ended (their clusters are errors). */
  signal?: AbortSignal;
  /** Called as each cluster is done (progress). */
  onDone?: (name: string, how: string, done: number, total: number) => void;
}

export interface FleetRun {
  digests: ClusterDigest[];
  errors: FleetError[];
  /** Cache writes that failed, old reports re-analysed, inputs skipped. */
  notes: string[];
}

export const DEFAULT_JOBS = Math.max(1, Math.min(4, availableParallelism()));
export const DEFAULT_MAX_MEMORY_MB = 2048;

/** Expands the command line into clusters, names made unique (`prod`, `prod-2`). Unreadable paths are errors. */
export async function expandInputs(paths: readonly string[]): Promise<{ inputs: FleetInput[]; errors: FleetError[] }> {
  const found: string[] = [];
  const errors: FleetError[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch (e) {
      errors.push({ name: clusterName(p), source: p, error: `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (s.isDirectory()) {
      const entries = await readdir(p, { withFileTypes: true });
      const members = entries.filter((e) => !e.name.startsWith('.') && !(e.isFile() && DOC.test(e.name)));
      const fleet = members.length > 0 && members.every((e) => (e.isDirectory() && !BUNDLE_PART.test(e.name)) || (e.isFile() && (ARCHIVE.test(e.name) || e.name.endsWith('.json'))));
      if (fleet) found.push(...members.map((e) => join(p, e.name)).sort());
      else found.push(p);
    } else found.push(p);
  }
  const used = new Map<string, number>();
  const inputs = found.map((path) => {
    const base = clusterName(path);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { name: n === 1 ? base : `${base}-${n}`, path };
  });
  return { inputs, errors };
}

/** Newest modification time under `path` (the path itself for a file), ms. */
export async function newestMtime(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  let seen = 0;
  const stack = [path];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (++seen > MAX_WALK) return Number.POSITIVE_INFINITY;
      const full = join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      const m = (await stat(full).catch(() => undefined))?.mtimeMs ?? 0;
      if (m > newest) newest = m;
    }
  }
  return newest;
}

/**
 * Reads or analyses every input: JSON reports as they are, bundles from the cache when its report is newer than
 * the bundle and carries exposure and meshFacts, else in the pool. Never throws for one bad input.
 */
export async function runFleet(inputs: readonly FleetInput[], opts: FleetOptions = {}): Promise<FleetRun> {
  const digests: Array<ClusterDigest | undefined> = inputs.map(() => undefined);
  const errors: FleetError[] = [];
  const notes: string[] = [];
  const jobs: Array<{ index: number; job: WorkerJob }> = [];
  let done = 0;
  const finished = (name: string, how: string) => opts.onDone?.(name, how, ++done, inputs.length);

  for (const [index, input] of inputs.entries()) {
    const asReport = input.path.endsWith('.json') ? await readReportFile(input.path).catch(() => undefined) : undefined;
    if (asReport) {
      digests[index] = digestReport(input.name, asReport, 'report');
      if (!asReport.exposure) notes.push(`${input.name}: the report has no exposure[] (made by an older meshlens): its risk is not judged`);
      finished(input.name, 'report');
      continue;
    }
    const cacheFile = opts.reportsDir ? join(opts.reportsDir, `${input.name}.json`) : undefined;
    if (cacheFile) {
      const cached = await fromCache(input.path, cacheFile);
      if (cached.report) {
        digests[index] = digestReport(input.name, cached.report, 'cache');
        finished(input.name, 'cached report');
        continue;
      }
      if (cached.note) notes.push(`${input.name}: ${cached.note}`);
    }
    jobs.push({ index, job: {
      meshlensFleet: true, name: input.name, path: input.path,
      ...(cacheFile ? { cacheFile } : {}),
      ...(opts.maxTotalBytes !== undefined ? { maxTotalBytes: opts.maxTotalBytes } : {}),
      ...(opts.signatures !== undefined ? { signatures: opts.signatures } : {}),
    } });
  }

  const limit = Math.max(1, opts.jobs ?? DEFAULT_JOBS);
  const memory = opts.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  let next = 0;
  const lane = async () => {
    while (next < jobs.length && !opts.signal?.aborted) {
      const { index, job } = jobs[next++]!;
      const reply = await inWorker(job, memory, opts.signal);
      if (reply.ok) {
        digests[index] = reply.digest;
        if (reply.cacheWarning) notes.push(`${job.name}: ${reply.cacheWarning}`);
      } else errors.push({ name: job.name, source: job.path, error: reply.error });
      finished(job.name, reply.ok ? 'analysed' : 'failed');
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  return { digests: digests.filter((d): d is ClusterDigest => d !== undefined), errors, notes };
}

async function fromCache(bundle: string, cacheFile: string): Promise<{ report?: Awaited<ReturnType<typeof readReportFile>>; note?: string }> {
  const c = await stat(cacheFile).catch(() => undefined);
  if (!c) return {};
  const newest = await newestMtime(bundle).catch(() => Number.POSITIVE_INFINITY);
  if (c.mtimeMs <= newest) return { note: `${basename(cacheFile)} is older than the bundle: re-analysed` };
  const report = await readReportFile(cacheFile).catch(() => undefined);
  if (!report) return { note: `${basename(cacheFile)} is not a meshlens JSON report: re-analysed` };
  if (!report.exposure || !report.meshFacts) return { note: `${basename(cacheFile)} predates exposure/meshFacts: re-analysed` };
  return { report };
}

/**
 * What a worker thread runs: in the built CLI, the bundled module itself (worker.ts's start-up check is in it);
 * from source (tests, `tsx`), a two-line loader that registers tsx in the worker and imports worker.ts.
 */
function workerEntry(): { code: string | URL; eval: boolean } {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return { code: new URL(import.meta.url), eval: false };
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  const worker = pathToFileURL(self.replace(/run\.ts$/, 'worker.ts')).href;
  return { code: `import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(worker)}); });`, eval: true };
}

/** Runs one job in a fresh worker thread with a heap limit; an out-of-memory or crash is a failed reply. */
function inWorker(job: WorkerJob, maxMemoryMb: number, signal?: AbortSignal): Promise<WorkerReply> {
  const entry = workerEntry();
  return new Promise((resolve) => {
    let reply: WorkerReply | undefined;
    const w = new Worker(entry.code, { eval: entry.eval, workerData: job, resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb }, stdout: true, stderr: false });
    w.on('message', (m: WorkerReply) => {
      reply = m;
      void w.terminate();
    });
    w.on('error', (e: Error & { code?: string }) => {
      reply ??= { ok: false, error: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `analysis ran out of its ${maxMemoryMb} MB heap (raise --max-memory)` : `analysis failed: ${e.message}` };
    });
    const stop = () => {
      reply ??= { ok: false, error: 'stopped' };
      void w.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    w.on('exit', () => {
      signal?.removeEventListener('abort', stop);
      resolve(reply ?? { ok: false, error: 'the analysis worker stopped without a result' });
    });
  });
}

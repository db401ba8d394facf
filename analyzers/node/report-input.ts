/**
 * Inputs of `meshlens diff` and `meshlens fleet`: a bundle (analysed here) or a JSON report written by
 * `meshlens analyze -o json` (read as it is). A JSON file is taken as a report only when it says so
 * (`tool.name` "meshlens", a `schemaVersion`, `findings[]`); any other JSON is a bundle (a config dump, a
 * kubectl List).
 */
import { open, readFile, stat } from 'node:fs/promises';
import { analyzePath, type AnalyzePathOptions } from './analyze.js';
import type { Report } from '../report/schema.js';
import { proxyDigest, type ProxyDigestEntry } from '../diff/proxies.js';
import { resourceDigest, type ResourceDigestEntry } from '../diff/resources.js';

/** Largest JSON report read whole (issue 11 bounds a report to 5 MB; this leaves room for old, bigger ones). */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** What one input gave: the report, and the digests when it was a bundle and they were asked for. */
export interface LoadedInput {
  path: string;
  from: 'bundle' | 'report';
  report: Report;
  resources?: ResourceDigestEntry[];
  proxies?: ProxyDigestEntry[];
}

/** The report in `path` when it is a meshlens JSON report, else undefined. Never throws for a readable file. */
export async function readReportFile(path: string): Promise<Report | undefined> {
  const s = await stat(path);
  if (!s.isFile() || s.size > MAX_REPORT_BYTES || s.size < 2) return undefined;
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await fh.read(head, 0, 64, 0);
    if (!head.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{')) return undefined;
  } finally {
    await fh.close();
  }
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as Partial<Report>;
    return v && v.tool?.name === 'meshlens' && typeof v.schemaVersion === 'number' && Array.isArray(v.findings) && v.bundle ? (v as Report) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Read a JSON report, or analyse a bundle (keeping the resource and proxy-config digests when `digests`).
 * Throws BundleUnreadableError (analyze.ts) when the path cannot be read.
 */
export async function loadInput(path: string, opts: AnalyzePathOptions & { digests?: boolean } = {}): Promise<LoadedInput> {
  const asReport = await readReportFile(path).catch(() => undefined);
  if (asReport) return { path, from: 'report', report: asReport };
  let resources: ResourceDigestEntry[] | undefined;
  let proxies: ProxyDigestEntry[] | undefined;
  const { digests, ...rest } = opts;
  const report = await analyzePath(path, {
    ...rest,
    ...(digests ? {
      inspect: (model, proxyInput) => {
        resources = resourceDigest(model.resources);
        proxies = proxyDigest(proxyInput.proxies, new Map(model.pods.map((p) => [`${p.namespace}/${p.name}`, p.workload])));
      },
    } : {}),
  });
  return { path, from: 'bundle', report, ...(resources ? { resources } : {}), ...(proxies ? { proxies } : {}) };
}

/**
 * One bundle of `meshlens fleet`, analysed in its own worker thread (node/fleet/run.ts starts one per bundle,
 * with a heap limit): the worker analyses the bundle, writes the JSON report to the cache file when it was given
 * one, and posts back only the cluster's digest (analyzers/fleet `digestReport`), so the main thread never holds
 * whole reports. This module is also the worker's entry: it starts the work when loaded in a worker thread that
 * carries `meshlensFleet` in its workerData (in the built CLI that is the bundled module itself).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { rename, writeFile } from 'node:fs/promises';
import { analyzePath, BundleUnreadableError } from '../analyze.js';
import { digestReport, type ClusterDigest } from '../../fleet/index.js';

export interface WorkerJob {
  meshlensFleet: true;
  name: string;
  path: string;
  /** Where to write the JSON report (the --reports cache), if anywhere. */
  cacheFile?: string;
  maxTotalBytes?: number;
  signatures?: string;
}

export type WorkerReply = { ok: true; digest: ClusterDigest; cacheWarning?: string } | { ok: false; error: string };

/** Analyses one bundle; never throws (a failure is a reply). */
export async function runJob(job: WorkerJob): Promise<WorkerReply> {
  try {
    const report = await analyzePath(job.path, {
      ...(job.maxTotalBytes !== undefined ? { limits: { maxTotalBytes: job.maxTotalBytes } } : {}),
      ...(job.signatures !== undefined ? { signatures: job.signatures } : {}),
    });
    let cacheWarning: string | undefined;
    if (job.cacheFile) {
      // write then rename: a reader (or a second fleet run) never sees half a report
      const tmp = `${job.cacheFile}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(report, null, 2) + '\n');
        await rename(tmp, job.cacheFile);
      } catch (e) {
        cacheWarning = `cannot write ${job.cacheFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
    }
    return { ok: true, digest: digestReport(job.name, report, 'bundle'), ...(cacheWarning ? { cacheWarning } : {}) };
  } catch (e) {
    return { ok: false, error: e instanceof BundleUnreadableError ? e.message : `analysis failed: ${(e as Error).message}` };
  }
}

if (!isMainThread && parentPort && (workerData as WorkerJob | undefined)?.meshlensFleet) {
  const port = parentPort;
  void runJob(workerData as WorkerJob).then((reply) => port.postMessage(reply));
}

/**
 * The analysis of `meshlens serve <bundle>` on a thread of its own (worker_threads), so that the server's event loop
 * keeps answering while the engine runs: its diagnosis alone holds a thread for seconds on a 1 GB incident bundle, and
 * status calls, the app's progress and keep-alive connections would wait for it. The thread runs `analyzePath` (with
 * the log-scan pool sized as the CLI sizes it from the main thread), posts progress and then the report (structured
 * clone), and ends; its heap goes with it. A cancel is passed on as an abort.
 *
 * The thread loads this file (built on its own as out/cli/analysis-thread.mjs, see threads.ts), whose check at the
 * bottom runs the analysis.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Report } from '../../contract/backend.js';
import { analyzePath } from '../analyze.js';
import type { AnalyzeFn } from './session.js';
import { startThread } from './threads.js';

const TAG = 'meshlens-analysis-thread';
/** Bundle files from this size (bytes) have their logs scanned on the pool, as analyzePath decides on the main thread. */
const POOL_MIN_BYTES = 16 * 1024 * 1024;

type Progress = { bytesRead: number; filesRead: number; currentFile?: string };
type ToMain = { t: 'progress'; p: Progress } | { t: 'done'; report: Report } | { t: 'failed'; name: string; message: string };

/** `analyzePath` on its own thread. Rejects as analyzePath does (the error's name and message), or when the thread dies. */
export const analyzeOnThread: AnalyzeFn = (bundlePath, opts) => new Promise<Report>((resolve, reject) => {
  const worker = startThread(import.meta.url, 'analysis-thread.mjs', { [TAG]: { bundlePath } });
  let settled = false;
  const onAbort = () => worker.postMessage('cancel');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const settle = (f: () => void) => {
    if (settled) return;
    settled = true;
    opts.signal?.removeEventListener('abort', onAbort);
    void worker.terminate();
    f();
  };
  worker.on('message', (m: ToMain) => {
    if (m.t === 'progress') opts.onProgress?.(m.p);
    else if (m.t === 'done') settle(() => resolve(m.report));
    else settle(() => reject(Object.assign(new Error(m.message), { name: m.name })));
  });
  worker.on('error', (e) => settle(() => reject(e)));
  worker.on('exit', (code) => settle(() => reject(new Error(`the analysis thread stopped (exit code ${code})`))));
});

async function runOnThread(bundlePath: string): Promise<void> {
  const port = parentPort!;
  const abort = new AbortController();
  port.on('message', (m) => { if (m === 'cancel') abort.abort(); });
  try {
    let size = 0;
    try {
      const st = await stat(bundlePath);
      size = st.isFile() ? st.size : 0;
    } catch {
      // analyzePath says why the path cannot be read
    }
    const cores = availableParallelism();
    const pool = process.env['MESHLENS_SCAN_THREADS'] === undefined && cores >= 2 && size >= POOL_MIN_BYTES ? { workers: cores } : {};
    const report = await analyzePath(bundlePath, { ...pool, signal: abort.signal, onProgress: (p) => port.postMessage({ t: 'progress', p: { ...p } } satisfies ToMain) });
    port.postMessage({ t: 'done', report } satisfies ToMain);
  } catch (e) {
    port.postMessage({ t: 'failed', name: (e as Error).name ?? 'Error', message: (e as Error).message ?? String(e) } satisfies ToMain);
  }
  port.close();
}

const mine = !isMainThread && (workerData as Record<string, { bundlePath: string }> | null)?.[TAG];
if (mine) void runOnThread(mine.bundlePath);

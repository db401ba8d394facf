/**
 * The log index on a thread of its own (worker_threads), for `meshlens serve` and the engine process: the thread builds
 * the index from the bundle's files on disk (from-store.ts), then answers log queries (log-index.ts: the walks, their
 * background slices, the page reads) and line offsets for excerpts. The host's event loop only passes messages, so the
 * index build (seconds a GB) and the text walks never hold up other calls; and the walks get a core of their own.
 *
 * Messages, host → thread: `{ t: 'query', id, q }`, `{ t: 'lines', id, path }`, `'cancel'` (stops a build), `'close'`
 * (closes the index, removes its lower-cased copies, then the thread ends). Thread → host: `progress`, then `built`
 * with the sources (or `failed`), then one `answer` or `error` per call, and `closed`.
 */
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import type { LogPage, LogQuery, LogSources } from '../../contract/backend.js';
import type { StoredFile } from '../serve/bundle-store.js';
import { startThread } from '../serve/threads.js';
import { indexStoredLogs, type IndexProgress } from './from-store.js';
import { LogIndex } from './log-index.js';

const TAG = 'meshlens-log-thread';

type ToThread = { t: 'query'; id: number; q: LogQuery } | { t: 'lines'; id: number; path: string } | 'cancel' | 'close';
type FromThread =
  | { t: 'progress'; p: IndexProgress }
  | { t: 'built'; sources: LogSources }
  | { t: 'failed'; name: string; message: string }
  | { t: 'answer'; id: number; value: unknown }
  | { t: 'error'; id: number; message: string }
  | { t: 'closed' };

/** The host's handle on the log index thread. */
export class LogIndexThread {
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private closing?: Promise<void>;
  private gone?: Error;

  private constructor(private readonly worker: Worker, private readonly sourcesValue: LogSources) {
    worker.on('message', (m: FromThread) => {
      if (m.t !== 'answer' && m.t !== 'error') return;
      const call = this.calls.get(m.id);
      this.calls.delete(m.id);
      if (m.t === 'answer') call?.resolve(m.value);
      else call?.reject(new Error(m.message));
    });
    const end = (e: Error) => {
      this.gone ??= e;
      for (const c of this.calls.values()) c.reject(e);
      this.calls.clear();
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`the log index thread stopped (exit code ${code})`)));
  }

  /**
   * Start the thread and build the index of the log files among `files`. Rejects with the build's error (an
   * `AbortError` when `signal` aborts); the thread has then ended.
   */
  static build(files: Iterable<StoredFile>, opts: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void } = {}): Promise<LogIndexThread> {
    const list = [...files].map((f) => ({ path: f.path, size: f.size, diskPath: f.diskPath }));
    const worker = startThread(import.meta.url, 'log-thread.mjs', { [TAG]: list });
    return new Promise((resolve, reject) => {
      const onAbort = () => worker.postMessage('cancel' satisfies ToThread);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        f();
      };
      const onMessage = (m: FromThread) => {
        if (m.t === 'progress') opts.onProgress?.(m.p);
        else if (m.t === 'built') settle(() => resolve(new LogIndexThread(worker, m.sources)));
        else if (m.t === 'failed') settle(() => { void worker.terminate(); reject(Object.assign(new Error(m.message), { name: m.name })); });
      };
      worker.on('message', onMessage);
      worker.once('error', (e) => settle(() => reject(e)));
      worker.once('exit', (code) => settle(() => reject(new Error(`the log index thread stopped (exit code ${code})`))));
    });
  }

  /** The indexed files (the same object on every call). */
  sources(): LogSources {
    return this.sourcesValue;
  }

  /** LogIndex.query on the thread. Rejects when the thread has ended. */
  query(q: LogQuery): Promise<LogPage> {
    return this.call({ t: 'query', id: 0, q }) as Promise<LogPage>;
  }

  /** Byte offsets of the lines of an indexed log file (a copy), or undefined when the file is not in the index. */
  lineStarts(path: string): Promise<Float64Array | undefined> {
    return this.call({ t: 'lines', id: 0, path }) as Promise<Float64Array | undefined>;
  }

  /** Close the index (its lower-cased copies are removed) and end the thread. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.gone) return resolve();
      const done = () => resolve();
      this.worker.once('exit', done);
      this.worker.on('message', (m: FromThread) => { if (m.t === 'closed') void this.worker.terminate(); });
      this.worker.postMessage('close' satisfies ToThread);
    });
    return this.closing;
  }

  private call(m: { t: 'query'; id: number; q: LogQuery } | { t: 'lines'; id: number; path: string }): Promise<unknown> {
    if (this.gone || this.closing) return Promise.reject(this.gone ?? new Error('the log index is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ ...m, id } satisfies ToThread);
    });
  }
}

async function serveLogs(files: Array<{ path: string; size: number; diskPath: string }>): Promise<void> {
  const port = parentPort!;
  const abort = new AbortController();
  let index: LogIndex | undefined;
  port.on('message', (m: ToThread) => {
    if (m === 'cancel') return abort.abort();
    if (m === 'close') {
      index?.close();
      index = undefined;
      port.postMessage({ t: 'closed' } satisfies FromThread);
      return;
    }
    try {
      if (!index) throw new Error('the log index is not built');
      if (m.t === 'query') port.postMessage({ t: 'answer', id: m.id, value: index.query(m.q) } satisfies FromThread);
      else port.postMessage({ t: 'answer', id: m.id, value: index.lineStarts(m.path)?.slice() } satisfies FromThread);
    } catch (e) {
      port.postMessage({ t: 'error', id: m.id, message: (e as Error).message } satisfies FromThread);
    }
  });
  const diskPath = new Map(files.map((f) => [f.path, f.diskPath]));
  try {
    const data = await indexStoredLogs(files, { signal: abort.signal, onProgress: (p) => port.postMessage({ t: 'progress', p } satisfies FromThread) });
    index = new LogIndex(data, (p) => diskPath.get(p)!);
    port.postMessage({ t: 'built', sources: index.sources() } satisfies FromThread);
  } catch (e) {
    port.postMessage({ t: 'failed', name: (e as Error).name ?? 'Error', message: (e as Error).message ?? String(e) } satisfies FromThread);
    port.close();
  }
}

const files = !isMainThread ? (workerData as Record<string, Array<{ path: string; size: number; diskPath: string }>> | null)?.[TAG] : undefined;
if (files) void serveLogs(files);

/**
 * One open bundle behind the Backend API: runs the analysis and spools the bundle's files side by side, then builds
 * the log index; reports progress, answers report / excerpt / log / proxy queries, and can be cancelled. Used by
 * `meshlens serve` (HTTP) and by the Electron engine process (IPC).
 *
 * Order of an open: the analysis and the bundle store (spooling) run together; when the analysis is done the report
 * answers at once (status `loading` with `reportReady`), and the log index is built from the spooled files on a thread
 * of its own (logindex/log-thread.ts, which then answers the log queries), after the analysis so that their memory
 * peaks do not add up.
 * Calls that need the files (excerpts, proxies) wait for the store; log calls wait for the index.
 */
import type { BundleDiff, FileExcerpt, LogPage, LogQuery, LogSources, OpenProgress, ProxySummary, ProxyTable, ProxyTableKind, Report, SessionStatus } from '../../contract/backend.js';
import { LogIndexThread } from '../logindex/log-thread.js';
import { openBundleStore, type BundleStore } from './bundle-store.js';
import { NotFound } from './errors.js';
import { ExcerptReader } from './excerpt.js';
import { readMeshPods } from './mesh-pods.js';
import { proxySummaries, proxyTable } from './proxies.js';
import { Redactor } from '../../report/redact.js';

/** Raw bundle text shown in views (excerpts, log rows) goes through the same secret masking as reports. */
const secrets = new Redactor(['secrets']);

/** The engine entry point (analyzers/node/analyze.ts `analyzePath`). */
export type AnalyzeFn = (bundlePath: string, opts: {
  onProgress?: (p: { bytesRead: number; filesRead: number; currentFile?: string }) => void;
  signal?: AbortSignal;
}) => Promise<Report>;

/** What one open holds, each part a promise that settles when that part is built (or the open fails). */
interface Opened {
  store: Promise<BundleStore>;
  logs: Promise<LogIndexThread>;
  proxies?: Promise<ProxySummary[]>;
}

/** A promise whose rejection is handled here too (the caller of each call still sees it). */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

export class BundleSession {
  private state: SessionStatus = { state: 'idle' };
  private readonly listeners = new Set<(s: SessionStatus) => void>();
  private abort?: AbortController;
  private store?: BundleStore;
  private logs?: LogIndexThread;
  private opened?: Opened;
  private reportValue?: Report;
  private readonly excerpts = new ExcerptReader();
  private diffValue?: BundleDiff;

  constructor(private readonly analyze: AnalyzeFn) {}

  status(): SessionStatus {
    return this.state;
  }

  subscribe(cb: (s: SessionStatus) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private set(s: SessionStatus): void {
    this.state = s;
    for (const cb of this.listeners) cb(s);
  }

  /** Open a bundle (closing any open one). Resolves when ready, cancelled or failed; never rejects. */
  async open(bundlePath: string): Promise<void> {
    await this.close();
    const abort = new AbortController();
    this.abort = abort;
    const signal = abort.signal;
    const store: OpenProgress = { bytesRead: 0, filesRead: 0 };
    let engine: OpenProgress = { bytesRead: 0, filesRead: 0 };
    let indexed: OpenProgress | undefined;
    let last = 0;
    const progress = (force = false) => {
      const now = performance.now();
      if (!force && now - last < 100) return;
      last = now;
      if (signal.aborted) return;
      if (indexed) return this.set({ state: 'loading', bundle: bundlePath, progress: { ...indexed }, reportReady: true });
      // both passes read the whole bundle: show the one that is behind
      const behind = engine.bytesRead < store.bytesRead ? engine : store;
      this.set({ state: 'loading', bundle: bundlePath, progress: { ...behind, totalBytes: store.totalBytes } });
    };
    const report = quiet(this.analyze(bundlePath, { signal, onProgress: (p) => { engine = p; progress(); } }).then((r) => {
      if (signal.aborted) throw new Error('Opening the bundle was cancelled');
      this.reportValue = r;
      indexed = { bytesRead: 0, filesRead: 0 };
      progress(true);
      return r;
    }));
    const storeP = quiet(openBundleStore(bundlePath, { signal, onProgress: (p) => { Object.assign(store, p); progress(); } }).then((s) => {
      // a store finished after a cancel or a newer open is nobody's: remove its spool
      if (signal.aborted) return s.dispose().then(() => { throw new Error('Opening the bundle was cancelled'); });
      this.store = s;
      return s;
    }));
    const logs = quiet(Promise.all([report, storeP]).then(async ([, s]) => {
      const index = await LogIndexThread.build(s.files.values(), {
        signal,
        onProgress: (p) => { indexed = { bytesRead: p.bytesRead, filesRead: p.filesRead, totalBytes: p.totalBytes }; progress(); },
      });
      if (signal.aborted) {
        await index.close();
        throw new Error('Opening the bundle was cancelled');
      }
      this.logs = index;
      return index;
    }));
    const opened: Opened = { store: storeP, logs };
    this.opened = opened;
    // the proxy summaries are computed once, as soon as the report and the files are there
    opened.proxies = quiet(Promise.all([report, storeP]).then(([r, s]) => readMeshPods(s).then((mesh) => proxySummaries(r, s, mesh.pods))));
    // only now "loading": a call made on that status finds the open's parts and waits for them
    progress(true);
    try {
      // ready: everything built (a failure of the proxy summaries is that call's answer, not the open's)
      await Promise.all([report, storeP, logs, opened.proxies.catch(() => undefined)]);
      this.set({ state: 'ready', bundle: bundlePath, progress: { ...store } });
    } catch (err) {
      if (signal.aborted) this.set({ state: 'cancelled', bundle: bundlePath });
      else this.set({ state: 'error', bundle: bundlePath, message: (err as Error).message });
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Release the open bundle: close files, remove spooled copies. */
  async close(): Promise<void> {
    this.abort?.abort();
    await this.logs?.close();
    this.excerpts.close();
    await this.store?.dispose();
    this.logs = undefined;
    this.store = undefined;
    this.opened = undefined;
    this.reportValue = undefined;
    this.diffValue = undefined;
  }

  /** Keep the comparison `meshlens serve --diff` made while opening (set by its AnalyzeFn, before the open resolves). */
  setDiff(d: BundleDiff): void {
    this.diffValue = d;
  }

  /** The comparison of `meshlens serve --diff A B`, or null when serve was not asked to compare. */
  diff(): BundleDiff | null {
    this.report();
    return this.diffValue ?? null;
  }

  private openedOrThrow(): Opened {
    if (!this.opened) throw new Error('no bundle is open yet');
    return this.opened;
  }

  private fileIn(store: BundleStore, path: string) {
    const f = store.files.get(path);
    if (!f) throw new NotFound(`${path}: no such file in the bundle`);
    return f;
  }

  /** The report; throws until the analysis is done. */
  report(): Report {
    if (!this.reportValue) throw new Error('no bundle is open yet');
    return this.reportValue;
  }

  /** Lines of a bundle file; a log file's line offsets come from the log index when it is built (no re-read). */
  async excerpt(path: string, startLine: number, endLine: number, jsonPath?: string): Promise<FileExcerpt> {
    const store = await this.openedOrThrow().store;
    const f = this.fileIn(store, path);
    const logs = this.logs;
    const ex = await this.excerpts.excerpt(f, startLine, endLine, jsonPath, logs && (() => logs.lineStarts(path)));
    return { ...ex, lines: ex.lines.map((l) => secrets.text(l)) };
  }

  async logSources(): Promise<LogSources> {
    return (await this.openedOrThrow().logs).sources();
  }

  async queryLogs(q: LogQuery): Promise<LogPage> {
    const page = await (await this.openedOrThrow().logs).query(q);
    // a masked row's match ranges would point at the wrong characters: it keeps none
    return { ...page, rows: page.rows.map((r) => {
      const text = secrets.text(r.text);
      if (text === r.text) return r;
      const { matches: _m, ...rest } = r;
      return { ...rest, text };
    }) };
  }

  async proxies(): Promise<ProxySummary[]> {
    return this.openedOrThrow().proxies!;
  }

  async proxyTable(namespace: string, name: string, kind: ProxyTableKind): Promise<ProxyTable> {
    const store = await this.openedOrThrow().store;
    return proxyTable(store, namespace, name, kind, this.report().bundle.capturedAt);
  }
}

/**
 * One open bundle behind the Backend API: runs the analysis and builds the bundle store and log index
 * in the same open, reports progress, answers report / excerpt / log / proxy queries, and can be
 * cancelled. Used by `meshlens serve` (HTTP) and by the Electron engine process (IPC).
 */
import type { BundleDiff, FileExcerpt, LogPage, LogQuery, LogSources, OpenProgress, ProxySummary, ProxyTable, ProxyTableKind, Report, SessionStatus } from '../../contract/backend.js';
import { LogIndexBuilder } from '../logindex/builder.js';
import { classifyLogFile } from '../logindex/classify.js';
import { LogIndex } from '../logindex/log-index.js';
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

export class BundleSession {
  private state: SessionStatus = { state: 'idle' };
  private readonly listeners = new Set<(s: SessionStatus) => void>();
  private abort?: AbortController;
  private store?: BundleStore;
  private logs?: LogIndex;
  private reportValue?: Report;
  private readonly excerpts = new ExcerptReader();
  private proxiesValue?: Promise<ProxySummary[]>;
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
    const store: OpenProgress = { bytesRead: 0, filesRead: 0 };
    let engine: OpenProgress = { bytesRead: 0, filesRead: 0 };
    let last = 0;
    const progress = (force = false) => {
      const now = performance.now();
      if (!force && now - last < 100) return;
      last = now;
      // both passes read the whole bundle: show the one that is behind
      const behind = engine.bytesRead < store.bytesRead ? engine : store;
      this.set({ state: 'loading', bundle: bundlePath, progress: { ...behind, totalBytes: store.totalBytes } });
    };
    progress(true);
    const builder = new LogIndexBuilder();
    try {
      const [report, bundleStore] = await Promise.all([
        this.analyze(bundlePath, { signal: abort.signal, onProgress: (p) => { engine = p; progress(); } }),
        openBundleStore(bundlePath, {
          signal: abort.signal,
          onProgress: (p) => { Object.assign(store, p); progress(); },
          tap: (f) => {
            const id = classifyLogFile(f.path);
            return id ? builder.tap(f.path, id) : undefined;
          },
        }),
      ]);
      this.store = bundleStore;
      this.reportValue = report;
      this.logs = new LogIndex(builder.finish(), (p) => this.file(p).diskPath);
      this.set({ state: 'ready', bundle: bundlePath, progress: { ...store } });
    } catch (err) {
      if (abort.signal.aborted) this.set({ state: 'cancelled', bundle: bundlePath });
      else this.set({ state: 'error', bundle: bundlePath, message: (err as Error).message });
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Release the open bundle: close files, remove spooled copies. */
  async close(): Promise<void> {
    this.abort?.abort();
    this.logs?.close();
    await this.store?.dispose();
    this.logs = undefined;
    this.store = undefined;
    this.reportValue = undefined;
    this.proxiesValue = undefined;
    this.diffValue = undefined;
  }

  /** Keep the comparison `meshlens serve --diff` made while opening (set by its AnalyzeFn, before the open resolves). */
  setDiff(d: BundleDiff): void {
    this.diffValue = d;
  }

  /** The comparison of `meshlens serve --diff A B`, or null when serve was not asked to compare. */
  diff(): BundleDiff | null {
    this.ready();
    return this.diffValue ?? null;
  }

  private ready(): { report: Report; store: BundleStore; logs: LogIndex } {
    if (!this.reportValue || !this.store || !this.logs) throw new Error('no bundle is open yet');
    return { report: this.reportValue, store: this.store, logs: this.logs };
  }

  private file(path: string) {
    const f = this.ready().store.files.get(path);
    if (!f) throw new NotFound(`${path}: no such file in the bundle`);
    return f;
  }

  report(): Report {
    return this.ready().report;
  }

  async excerpt(path: string, startLine: number, endLine: number, jsonPath?: string): Promise<FileExcerpt> {
    const ex = await this.excerpts.excerpt(this.file(path), startLine, endLine, jsonPath);
    return { ...ex, lines: ex.lines.map((l) => secrets.text(l)) };
  }

  logSources(): LogSources {
    return this.ready().logs.sources();
  }

  queryLogs(q: LogQuery): LogPage {
    const page = this.ready().logs.query(q);
    // a masked row's match ranges would point at the wrong characters: it keeps none
    return { ...page, rows: page.rows.map((r) => {
      const text = secrets.text(r.text);
      if (text === r.text) return r;
      const { matches: _m, ...rest } = r;
      return { ...rest, text };
    }) };
  }

  async proxies(): Promise<ProxySummary[]> {
    const { report, store } = this.ready();
    this.proxiesValue ??= readMeshPods(store).then((mesh) => proxySummaries(report, store, mesh.pods));
    return this.proxiesValue;
  }

  proxyTable(namespace: string, name: string, kind: ProxyTableKind): Promise<ProxyTable> {
    const { store, report } = this.ready();
    return proxyTable(store, namespace, name, kind, report.bundle.capturedAt);
  }
}

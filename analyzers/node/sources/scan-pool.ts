/**
 * Log files scanned on every core: a pool of `worker_threads`, one per core, each with its own compiled signature
 * engine. The main thread reads the bundle (gunzip, tar, the structured files) and hands each log file, as it
 * streams by, to the worker with the least bytes waiting; the worker scans it into a scanner of its own and sends
 * back the file's summary and its results as plain data (LogScanner.part). The main thread merges the parts in
 * bundle order (LogScanner.absorb) whatever order they finish in, so the report does not depend on the scheduling.
 *
 * Reading waits while more than MAX_INFLIGHT_BYTES are queued for the workers (the source's bodies are throttled),
 * so memory stays bounded when decompression runs ahead of scanning. The pool is shared by every analysis of the
 * process (the CLI, `meshlens serve`, the Electron utility process all come through analyzers/node/analyze.ts); its
 * threads run only while an analysis uses them (started by the first scan, stopped when the last one ends).
 *
 * The worker runs this very module: built on its own as `scan-thread.mjs` beside the CLI and the Electron engine (the
 * running bundle itself when that file is absent); loaded in a thread started here, it serves scan requests instead
 * of exporting. From TypeScript sources (tests, `npm run eval`), the thread loads tsx first.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { BundleItem, BundleSource, SourceWarning } from '../../ingest/source.js';
import type { LogFileMeta } from '../../model/logs.js';
import type { LogFileSummary, LogSink } from '../../parse/logs/sink.js';
import { compileEngine, createLogScanner, type LogScanner, type MinedLine, type ScanPart, type SignatureEngine } from '../../signatures/engine.js';
import type { SignatureDef } from '../../signatures/types.js';

const WORKER_TAG = 'meshlens-scan-worker';
/** This module built on its own (scan threads load it instead of the whole CLI or engine bundle). */
export const SCAN_THREAD_FILE = 'scan-thread.mjs';
/** A scan thread's young generation, MB: a scan's garbage is short-lived lines and strings; a small nursery keeps RSS down. */
const YOUNG_MB = 8;
/** Lines for the miner a thread holds before it sends them on (the main thread's miner takes them in file order). */
export const MINED_BATCH = 2000;
/** Bytes handed to the workers and not yet scanned, over all workers, past which reading waits. */
export const MAX_INFLIGHT_BYTES = 8 * 1024 * 1024;

type ToWorker =
  | { t: 'init'; scan: number; signatures: readonly SignatureDef[]; allHits: boolean }
  | { t: 'close'; scan: number }
  | { t: 'begin'; scan: number; file: number; meta: LogFileMeta }
  | { t: 'chunk'; scan: number; file: number; bytes: Uint8Array }
  | { t: 'end'; scan: number; file: number };

type FromWorker =
  | { t: 'ack'; bytes: number }
  | { t: 'done'; scan: number; file: number; summary: LogFileSummary; part: ScanPart }
  | { t: 'failed'; scan: number; file: number; message: string }
  | { t: 'mined'; scan: number; file: number; lines: MinedLine[] };

interface Slot {
  worker: Worker;
  inflight: number;
  /** Scans that told this worker their signatures. */
  scans: Set<number>;
  /** Stopped on purpose (the pool went idle or was closed): its exit is no failure. */
  retired: boolean;
}

/** A pool of scan threads. Create with `scanPool()`; one per process is enough. */
export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly scans = new Map<number, PoolScan>();
  private inflight = 0;
  private waiting: Array<() => void> = [];
  private nextScan = 1;
  private broken: Error | undefined;

  constructor(readonly size: number) {}

  /**
   * Threads are started by the first scan and stopped when the last scan ends: an idle pool holds no memory (each
   * thread is a V8 isolate with the engine loaded and its own heap: ~40 MB by the end of a big scan), which matters
   * because the main thread's peak (diagnosis, report) comes after the scan.
   */
  private spawn(): void {
    const url = new URL(import.meta.url);
    // From sources: a bootstrap registers tsx's loader in the thread, then imports this module.
    const tsx = url.pathname.endsWith('.ts') ? pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href : undefined;
    // Built: this module's own bundle beside the running one (scripts/build-cli.mjs, electron/build.mjs; ~100 KB against
    // the CLI's 1.7 MB): each thread compiles and holds only the scanner; else the running bundle itself.
    const own = fileURLToPath(new URL(SCAN_THREAD_FILE, url));
    const script = existsSync(own) ? own : fileURLToPath(url);
    for (let i = 0; i < this.size; i++) {
      const worker = tsx
        ? new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData: { [WORKER_TAG]: true } })
        : new Worker(script, { workerData: { [WORKER_TAG]: true }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
      const slot: Slot = { worker, inflight: 0, scans: new Set(), retired: false };
      worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (!slot.retired) this.fail(new Error(`a log-scan thread stopped (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  /**
   * Start scanning one bundle's logs with these signatures; merged results go into `into` (see PoolScan).
   * `allHits`: the threads keep every hit's place (ScannerOptions.allHits, `--evidence all`).
   */
  scan(signatures: readonly SignatureDef[], into: LogScanner, opts: { allHits?: boolean } = {}): PoolScan {
    if (this.broken) throw this.broken;
    const s = new PoolScan(this, this.nextScan++, signatures, into, opts.allHits ?? false);
    if (this.slots.length === 0) this.spawn();
    this.scans.set(s.id, s);
    return s;
  }

  /** Stop every thread (tests; a process normally keeps its pool). */
  async close(): Promise<void> {
    this.broken ??= new Error('the log-scan pool was closed');
    if (pools.get(this.size) === this) pools.delete(this.size);
    await Promise.all(this.slots.map((s) => {
      s.retired = true;
      return s.worker.terminate();
    }));
  }

  /** @internal: the slot a new file goes to (least bytes waiting, lowest index on ties). */
  assign(scan: PoolScan): Slot {
    let best = this.slots[0]!;
    for (const s of this.slots) if (s.inflight < best.inflight) best = s;
    if (!best.scans.has(scan.id)) {
      best.scans.add(scan.id);
      best.worker.postMessage({ t: 'init', scan: scan.id, signatures: scan.signatures, allHits: scan.allHits } satisfies ToWorker);
    }
    return best;
  }

  /** @internal */
  send(slot: Slot, m: ToWorker): void {
    if (this.broken) return;
    if (m.t === 'chunk') {
      slot.inflight += m.bytes.length;
      this.inflight += m.bytes.length;
      slot.worker.postMessage(m, [m.bytes.buffer as ArrayBuffer]);
    } else slot.worker.postMessage(m);
  }

  /** @internal: resolves once the queued bytes are under the bound. */
  room(): Promise<void> | undefined {
    if (this.inflight < MAX_INFLIGHT_BYTES || this.broken) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** @internal */
  release(scan: PoolScan): void {
    this.scans.delete(scan.id);
    for (const slot of this.slots) if (slot.scans.delete(scan.id)) slot.worker.postMessage({ t: 'close', scan: scan.id } satisfies ToWorker);
    if (this.scans.size > 0) return;
    // The last scan ended: stop the threads (the next scan starts new ones).
    for (const slot of this.slots) {
      slot.retired = true;
      void slot.worker.terminate();
    }
    this.slots.length = 0;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.t === 'ack') {
      slot.inflight -= m.bytes;
      this.inflight -= m.bytes;
      if (this.inflight < MAX_INFLIGHT_BYTES / 2 && this.waiting.length) {
        const w = this.waiting;
        this.waiting = [];
        for (const r of w) r();
      }
      return;
    }
    if (m.t === 'mined') this.scans.get(m.scan)?.minedBatch(m.file, m.lines);
    else this.scans.get(m.scan)?.settle(m);
  }

  private fail(e: Error): void {
    if (this.broken) return;
    this.broken = e;
    if (pools.get(this.size) === this) pools.delete(this.size);
    for (const s of this.scans.values()) s.abort(e);
    for (const r of this.waiting) r();
    this.waiting = [];
  }
}

/**
 * One bundle's logs on the pool. Give `sink` to loadBundle as its logSink and `source(s)` as its source: the
 * wrapped source waits for room before each chunk and, once the bundle is read, for every file's results, merged
 * into `into` in bundle order. A sink's `end()` returns the file's summary object at once and fills it in when the
 * worker is done (before the wrapped source ends); warnings a file's scan raised (lines cut) come out of the
 * wrapped source's `warnings()`.
 */
export class PoolScan {
  private files = 0;
  private readonly results = new Map<number, { summary?: LogFileSummary; part?: ScanPart; failed?: string }>();
  private readonly summaries = new Map<number, LogFileSummary>();
  /** Lines for the miner sent ahead of their file's end (MINED_BATCH), by file. */
  private readonly mined = new Map<number, MinedLine[]>();
  private absorbed = 0;
  private readonly fileWarnings: SourceWarning[] = [];
  private done: (() => void) | undefined;
  private error: Error | undefined;

  constructor(private readonly pool: ScanPool, readonly id: number, readonly signatures: readonly SignatureDef[], private readonly into: LogScanner, readonly allHits: boolean) {}

  sink = (initial: LogFileMeta): LogSink => {
    let meta = initial;
    let slot: ReturnType<ScanPool['assign']> | undefined;
    let file = -1;
    return {
      begin: (m) => {
        meta = m;
        file = this.files++;
        slot = this.pool.assign(this);
        this.pool.send(slot, { t: 'begin', scan: this.id, file, meta: m });
      },
      write: (chunk) => {
        // A copy the worker owns (the source may reuse or pool the chunk's memory).
        if (slot) this.pool.send(slot, { t: 'chunk', scan: this.id, file, bytes: new Uint8Array(chunk) });
      },
      end: (): LogFileSummary => {
        const summary: LogFileSummary = { meta, lines: 0, bytes: 0, longLinesCut: 0, warnings: [] };
        if (!slot) return summary;
        this.summaries.set(file, summary);
        this.pool.send(slot, { t: 'end', scan: this.id, file });
        return summary;
      },
    };
  };

  source(src: BundleSource): BundleSource {
    return {
      name: src.name,
      container: src.container,
      warnings: () => [...src.warnings(), ...this.fileWarnings],
      items: () => this.items(src),
    };
  }

  private async *items(src: BundleSource): AsyncIterable<BundleItem> {
    try {
      for await (const item of src.items()) yield { entry: item.entry, body: this.throttled(item.body) };
      await this.finished();
    } finally {
      this.pool.release(this);
    }
  }

  private async *throttled(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const chunk of body) {
      const wait = this.pool.room();
      if (wait) await wait;
      if (this.error) throw this.error;
      yield chunk;
    }
  }

  private finished(): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.absorbed === this.files) return Promise.resolve();
    return new Promise((resolve) => (this.done = resolve));
  }

  /** @internal: lines for the miner a worker sent before the file's end, kept for when the file is absorbed. */
  minedBatch(file: number, lines: MinedLine[]): void {
    const held = this.mined.get(file);
    if (held) held.push(...lines);
    else this.mined.set(file, lines);
  }

  /** @internal: a worker's answer for one file. */
  settle(m: Extract<FromWorker, { t: 'done' | 'failed' }>): void {
    this.results.set(m.file, m.t === 'done' ? { summary: m.summary, part: m.part } : { failed: m.message });
    for (let r = this.results.get(this.absorbed); r; r = this.results.get(this.absorbed)) {
      const summary = this.summaries.get(this.absorbed)!;
      if (r.summary) Object.assign(summary, r.summary);
      else summary.warnings.push(`the log scan stopped: ${r.failed}; the file's hits are missing`);
      for (const message of summary.warnings) this.fileWarnings.push({ file: summary.meta.file, message });
      const early = this.mined.get(this.absorbed);
      this.mined.delete(this.absorbed);
      if (r.part) this.into.absorb(early ? { ...r.part, mined: [...early, ...r.part.mined] } : r.part);
      this.results.delete(this.absorbed);
      this.summaries.delete(this.absorbed);
      this.absorbed++;
    }
    if (this.absorbed === this.files && this.done) this.done();
  }

  /** @internal */
  abort(e: Error): void {
    this.error = e;
    this.done?.();
  }
}

const pools = new Map<number, ScanPool>();

/** The process's pool of `size` threads (default: the cores available), started on first use. */
export function scanPool(size = availableParallelism()): ScanPool {
  const n = Math.max(1, size);
  let p = pools.get(n);
  if (!p) {
    p = new ScanPool(n);
    pools.set(n, p);
  }
  return p;
}

/** The thread side: scans the files it is handed, one scanner per file, and answers with summary and part. */
function serveScans(): void {
  const port = parentPort!;
  const engines = new Map<number, SignatureEngine>();
  const allHits = new Set<number>();
  const open = new Map<string, { scanner: LogScanner; sink: LogSink; failed?: string }>();
  port.on('message', (m: ToWorker) => {
    if (m.t === 'init') {
      engines.set(m.scan, compileEngine(m.signatures));
      if (m.allHits) allHits.add(m.scan);
    } else if (m.t === 'close') {
      engines.delete(m.scan);
      allHits.delete(m.scan);
    }
    else {
      const key = `${m.scan}/${m.file}`;
      if (m.t === 'begin') {
        const scanner = createLogScanner(engines.get(m.scan)!, { recordMined: true, allHits: allHits.has(m.scan) });
        const sink = scanner.sink(m.meta);
        sink.begin(m.meta);
        open.set(key, { scanner, sink });
        return;
      }
      const f = open.get(key)!;
      if (m.t === 'chunk') {
        if (f.failed === undefined) {
          try {
            f.sink.write(m.bytes);
          } catch (e) {
            f.failed = e instanceof Error ? e.message : String(e);
          }
        }
        const lines = f.scanner.takeMined(MINED_BATCH);
        if (lines.length) port.postMessage({ t: 'mined', scan: m.scan, file: m.file, lines } satisfies FromWorker);
        port.postMessage({ t: 'ack', bytes: m.bytes.length } satisfies FromWorker);
        return;
      }
      open.delete(key);
      try {
        if (f.failed !== undefined) throw new Error(f.failed);
        const summary = f.sink.end();
        port.postMessage({ t: 'done', scan: m.scan, file: m.file, summary, part: f.scanner.part() } satisfies FromWorker);
      } catch (e) {
        port.postMessage({ t: 'failed', scan: m.scan, file: m.file, message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
      }
    }
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_TAG] === true) serveScans();

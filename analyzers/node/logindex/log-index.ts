/**
 * Queries over the log index (see builder.ts): filter by file identity, level, time range and text, then page.
 *
 * Bounded work per call: a filter walks the index in time order (`order`) in steps of STEP_LINES lines, reading
 * only the byte ranges of the lines a step holds, and each call runs steps only until its page is filled (or, for a
 * count, the jump targets are found), for at most `budgetMs` (CALL_BUDGET_MS by default). The rows found so far are
 * always a prefix of the full result, in its order, so a page once answered never changes. An answer whose filter
 * has not walked the whole index says `partial` (its `total` counts the rows found so far); the rest of the walk runs
 * in the background in slices of SLICE_MS, between calls, so that asking again gives the full count.
 *
 * Filters are kept (most recently used first) while their rows take at most CACHE_BYTES and there are at most
 * CACHE filters; evicted ones are walked again when asked for. Rows are read from disk with their byte offsets;
 * nothing holds whole files.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LogLevel, LogPage, LogQuery, LogRow, LogSources } from '../../contract/backend.js';
import { OWN_TIME, type LogIndexData } from './builder.js';
import { Growable } from './growable.js';
import { LEVEL_NAMES } from './line-meta.js';
import { compileMatcher, markRow, scanLines, SPAN, type TextMatcher } from './search.js';

const MAX_ROW_BYTES = 8192;
/** Bytes of consecutive lines of one file read at once for a page. */
const RUN_BYTES = 256 << 10;
const MAX_PAGE = 2000;
/** Lines tested per step of a filter's walk. */
const STEP_LINES = 1 << 15;
/** Work one call may do on its filter, ms. */
export const CALL_BUDGET_MS = 40;
/** Work one background slice does, ms (the event loop answers calls between slices). */
const SLICE_MS = 15;
const CACHE = 512;
const CACHE_BYTES = 48 << 20;
/** A filter whose files hold less than 1/FEW_LINES of the lines walks their positions alone. */
const FEW_LINES = 8;

/** A filter and how far its walk over `order` has come. */
interface Walk {
  fileOk: Uint8Array;
  levelMask: number;
  from: number;
  to: number;
  matcher?: TextMatcher;
  /**
   * The positions in `order` of the chosen files' lines, when they are few (a pod, a file): the walk steps over these
   * instead of every line. Undefined: the walk steps over `order` itself.
   */
  positions?: Uint32Array;
  /** Global line ids that passed, in `order` order. */
  rows: Growable<Uint32Array> | Uint32Array;
  /** Next position in `order` to test. */
  pos: number;
  end: number;
  done: boolean;
  error?: string;
  /** Work spent on the walk so far, ms. */
  spentMs: number;
}

export interface QueryOptions {
  /** Work this call may do, ms (CALL_BUDGET_MS by default). */
  budgetMs?: number;
  /** Walk the whole filter before answering, whatever the budget (exact totals, never `partial`). */
  complete?: boolean;
}

export class LogIndex {
  private readonly fds = new Map<number, number>();
  private readonly walks = new Map<string, Walk>();
  private readonly hits: Uint8Array;
  private readonly touchedLo: Float64Array;
  private readonly touchedHi: Float64Array;
  private scanBuf?: Buffer;
  private rowBuf?: Buffer;
  private background?: NodeJS.Immediate;
  private sourcesValue?: LogSources;
  private rank?: Uint32Array;
  private closed = false;

  private readonly stepLines: number;

  /** `diskPathOf(bundlePath)` tells where a log file's bytes are (see BundleStore); `stepLines`: lines per step of a walk. */
  constructor(readonly data: LogIndexData, private readonly diskPathOf: (path: string) => string, opts: { stepLines?: number } = {}) {
    this.stepLines = opts.stepLines ?? STEP_LINES;
    this.hits = new Uint8Array(data.order.length);
    this.touchedLo = new Float64Array(data.files.length).fill(Infinity);
    this.touchedHi = new Float64Array(data.files.length).fill(-1);
  }

  get totalLines(): number {
    return this.data.order.length;
  }

  /** The indexed files (the same object on every call). */
  sources(): LogSources {
    const iso = (t: number) => (Number.isNaN(t) ? undefined : new Date(t).toISOString());
    return this.sourcesValue ??= {
      files: this.data.files.map((f) => ({
        id: f.id, file: f.path, component: f.component, namespace: f.namespace, pod: f.pod, container: f.container,
        lines: f.lines, bytes: f.bytes, firstTime: iso(f.firstTimeMs), lastTime: iso(f.lastTimeMs),
      })),
      totalLines: this.totalLines,
      totalBytes: this.data.files.reduce((n, f) => n + f.bytes, 0),
      indexMs: this.data.buildMs,
    };
  }

  /** Byte offsets of the lines of an indexed log file (bundle path), or undefined when the file is not in the index. */
  lineStarts(path: string): Float64Array | undefined {
    const f = this.data.files.find((x) => x.path === path);
    return f ? this.data.start.subarray(f.firstLine, f.firstLine + f.lines) : undefined;
  }

  /**
   * Run a query: walk its filter (kept between calls) until the page is filled, the jump targets are found, or the
   * budget is spent, and read the page's rows. Bad patterns give `error`, not a throw.
   */
  query(q: LogQuery, opts: QueryOptions = {}): LogPage {
    const t0 = performance.now();
    const budget = opts.budgetMs ?? CALL_BUDGET_MS;
    const key = JSON.stringify([q.namespaces, q.pods, q.containers, q.components, q.fileIds, q.levels, q.from, q.to, q.text, !!q.regex]);
    let w = this.walks.get(key);
    if (w) this.walks.delete(key);
    else w = this.start(q);
    this.walks.set(key, w);
    const offset = Math.max(0, q.offset | 0);
    const limit = Math.max(0, Math.min(q.limit | 0, MAX_PAGE));
    const aroundTime = q.aroundTime ? Date.parse(q.aroundTime) : undefined;
    const file = q.aroundFileId !== undefined ? this.data.files[q.aroundFileId] : undefined;
    const aroundG = file && q.aroundLine !== undefined && q.aroundLine >= 1 && q.aroundLine <= file.lines ? file.firstLine + q.aroundLine - 1 : undefined;
    const spent0 = w.spentMs;
    const enough = (): boolean => {
      const n = w.rows.length;
      const last = n ? this.rowAt(w, n - 1) : -1;
      if (limit > 0 && n < offset + limit) return false;
      if (aroundTime !== undefined && !(n && this.data.time[last] >= aroundTime)) return false;
      // the line is found, or the walk is past its time (lines of one time keep file order)
      if (aroundG !== undefined && !this.passed(w, aroundG)) return false;
      return limit > 0 || aroundTime !== undefined || aroundG !== undefined;
    };
    this.advance(w, opts.complete ? () => false : enough, opts.complete ? Infinity : t0 + budget);
    this.trim();
    if (!w.done) this.schedule();
    const n = w.rows.length;
    const first = Math.min(offset, n);
    const rows = this.readRows(w, first, Math.min(n, offset + limit));
    const page: LogPage = { total: n, offset: first, rows, filterMs: Math.round(w.spentMs - spent0) };
    if (!w.done) page.partial = true;
    if (w.error) page.error = w.error;
    if (aroundTime !== undefined) page.timeIndex = this.indexAtTime(w, aroundTime);
    if (aroundG !== undefined) {
      for (let i = 0; i < n; i++) {
        if (this.rowAt(w, i) === aroundG) {
          page.lineIndex = i;
          break;
        }
      }
    }
    return page;
  }

  /** Close files and remove the lower-cased copies. */
  close(): void {
    this.closed = true;
    if (this.background) clearImmediate(this.background);
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.walks.clear();
    this.data.dispose();
  }

  /** An open fd on a log file (or on its lower-cased copy), kept until close(). */
  private fd(fileId: number, lower = false): number {
    const key = lower ? -1 - fileId : fileId;
    let fd = this.fds.get(key);
    if (fd === undefined) {
      const f = this.data.files[fileId];
      fd = openSync(lower ? f.lowerPath : this.diskPathOf(f.path), 'r');
      this.fds.set(key, fd);
    }
    return fd;
  }

  private rowAt(w: Walk, i: number): number {
    return w.rows instanceof Uint32Array ? w.rows[i] : w.rows.get(i);
  }

  /** Whether the walk has tested global line `g` (it is past g's time, or done). */
  private passed(w: Walk, g: number): boolean {
    if (w.done) return true;
    if (w.pos === 0) return false;
    const t = this.data.time[this.data.order[w.positions ? w.positions[w.pos - 1] : w.pos - 1]];
    return t > this.data.time[g];
  }

  private start(q: LogQuery): Walk {
    const d = this.data;
    const has = (list: string[] | undefined, v: string | undefined) => !list?.length || (v !== undefined && list.includes(v));
    const fileOk = new Uint8Array(d.files.length);
    let allFiles = true;
    for (const f of d.files) {
      const podKey = f.namespace && f.pod ? `${f.namespace}/${f.pod}` : f.pod;
      if (has(q.namespaces, f.namespace) && has(q.pods, podKey) && has(q.containers, f.container) && has(q.components, f.component)
        && (!q.fileIds?.length || q.fileIds.includes(f.id))) fileOk[f.id] = 1;
      else allFiles = false;
    }
    let levelMask = 0;
    for (const l of q.levels ?? []) levelMask |= 1 << (LEVEL_NAMES.indexOf(l) + 1);
    const from = q.from ? Date.parse(q.from) : -Infinity;
    const to = q.to ? Date.parse(q.to) : Infinity;
    const w: Walk = { fileOk, levelMask, from, to, rows: new Growable(Uint32Array, 1024), pos: 0, end: d.order.length, done: false, spentMs: 0 };
    if (q.text) {
      try {
        w.matcher = compileMatcher(q.text, !!q.regex);
      } catch (err) {
        return { ...w, rows: new Uint32Array(0), done: true, error: (err as Error).message };
      }
    }
    if (allFiles && !levelMask && from === -Infinity && to === Infinity && !w.matcher) return { ...w, rows: d.order, pos: d.order.length, done: true };
    // `order` is in time order (lines without a time last): a time range starts and ends where its times do
    if (from !== -Infinity) w.pos = this.firstAtOrAfter(from);
    if (to !== Infinity) w.end = Math.max(w.pos, this.firstAtOrAfter(to + 1e-3));
    const chosen = d.files.reduce((n, f) => n + (fileOk[f.id] ? f.lines : 0), 0);
    if (chosen * FEW_LINES < d.order.length) {
      // the chosen files' lines' positions in `order` (within the time range), in order: the steps go over those alone
      const rank = this.rankOf();
      const all = new Uint32Array(chosen);
      let n = 0;
      for (const f of d.files) {
        if (!fileOk[f.id]) continue;
        for (let g = f.firstLine; g < f.firstLine + f.lines; g++) {
          const at = rank[g];
          if (at >= w.pos && at < w.end) all[n++] = at;
        }
      }
      const positions = all.subarray(0, n).sort();
      return { ...w, positions, pos: 0, end: n, done: n === 0, rows: n === 0 ? new Uint32Array(0) : w.rows };
    }
    return w;
  }

  /** The position in `order` of each line (built on first use, 4 bytes a line). */
  private rankOf(): Uint32Array {
    if (!this.rank) {
      const { order } = this.data;
      this.rank = new Uint32Array(order.length);
      for (let i = 0; i < order.length; i++) this.rank[order[i]] = i;
    }
    return this.rank;
  }

  /** First position in `order` whose time is ≥ t (NaN times count as after every time). */
  private firstAtOrAfter(t: number): number {
    const { order, time } = this.data;
    let lo = 0, hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (time[order[mid]] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Walk `w` step by step until `enough()`, the end, or the `deadline` (performance.now() ms); at least one step. */
  private advance(w: Walk, enough: () => boolean, deadline: number): void {
    while (!w.done && !enough()) {
      const t0 = performance.now();
      this.step(w);
      w.spentMs += performance.now() - t0;
      if (performance.now() >= deadline) break;
    }
  }

  /** Test the next `stepLines` positions of `order`: other filters first, then one text scan per file's line range. */
  private step(w: Walk): void {
    const d = this.data;
    const { order, fileOf, level, time } = d;
    const stop = Math.min(w.end, w.pos + this.stepLines);
    const rows = w.rows as Growable<Uint32Array>;
    const candidates: number[] = [];
    const touched: number[] = [];
    const positions = w.positions;
    for (let i = w.pos; i < stop; i++) {
      const g = order[positions ? positions[i] : i];
      const fid = fileOf[g];
      if (!w.fileOk[fid]) continue;
      if (w.levelMask && !(w.levelMask & (1 << (level[g] & 0x7f)))) continue;
      const t = time[g];
      if ((w.from !== -Infinity || w.to !== Infinity) && !(t >= w.from && t <= w.to)) continue;
      if (!w.matcher) {
        rows.push(g);
        continue;
      }
      candidates.push(g);
      if (this.touchedHi[fid] < 0) touched.push(fid);
      if (g < this.touchedLo[fid]) this.touchedLo[fid] = g;
      if (g > this.touchedHi[fid]) this.touchedHi[fid] = g;
    }
    if (w.matcher) {
      const m = w.matcher;
      this.scanBuf ??= Buffer.allocUnsafe(SPAN);
      try {
        for (const fid of touched) scanLines(d, fid, this.touchedLo[fid], this.touchedHi[fid] + 1, this.fd(fid, m.lower), m, this.hits, this.scanBuf);
        for (const g of candidates) if (this.hits[g]) rows.push(g);
      } finally {
        for (const fid of touched) {
          this.hits.fill(0, this.touchedLo[fid], this.touchedHi[fid] + 1);
          this.touchedLo[fid] = Infinity;
          this.touchedHi[fid] = -1;
        }
      }
    }
    w.pos = stop;
    if (w.pos >= w.end) {
      w.done = true;
      w.rows = rows.done();
      w.positions = undefined;
    }
  }

  /** Forget the least recently used filters beyond CACHE or CACHE_BYTES of rows. */
  private trim(): void {
    let bytes = 0;
    let n = 0;
    for (const [key, w] of [...this.walks].reverse()) {
      n++;
      bytes += (w.rows === this.data.order ? 0 : w.rows.length * 4) + (w.positions?.length ?? 0) * 4;
      if (n > CACHE || bytes > CACHE_BYTES) this.walks.delete(key);
    }
  }

  /** Walk the unfinished filters (most recently asked first) in slices between calls. */
  private schedule(): void {
    if (this.background || this.closed) return;
    this.background = setImmediate(() => {
      this.background = undefined;
      const open = [...this.walks.values()].reverse().find((w) => !w.done);
      if (!open) return;
      this.advance(open, () => false, performance.now() + SLICE_MS);
      this.trim();
      this.schedule();
    });
  }

  /**
   * Rows `from .. to - 1` of `w`, read from disk: a run of consecutive lines of one file (as a page of one pod, or
   * of a busy file, mostly is) in one read of at most RUN_BYTES.
   */
  private readRows(w: Walk, from: number, to: number): LogRow[] {
    const d = this.data;
    const out: LogRow[] = [];
    const endOf = (g: number, fileEnd: number, bytes: number) => (g + 1 < fileEnd ? d.start[g + 1] : bytes);
    this.rowBuf ??= Buffer.allocUnsafe(RUN_BYTES);
    const buf = this.rowBuf;
    for (let i = from; i < to;) {
      const g0 = this.rowAt(w, i);
      const fid = d.fileOf[g0];
      const f = d.files[fid];
      const fileEnd = f.firstLine + f.lines;
      const base = d.start[g0];
      let j = i + 1;
      while (j < to && this.rowAt(w, j) === g0 + (j - i) && endOf(g0 + (j - i), fileEnd, f.bytes) - base <= RUN_BYTES) j++;
      const runEnd = endOf(g0 + (j - i) - 1, fileEnd, f.bytes);
      const got = readSync(this.fd(fid), buf, 0, Math.min(runEnd - base, j - i === 1 ? MAX_ROW_BYTES : RUN_BYTES), base);
      for (let k = i; k < j; k++) {
        const g = g0 + (k - i);
        const off = d.start[g] - base;
        const full = endOf(g, fileEnd, f.bytes) - d.start[g];
        let text = buf.toString('utf8', off, Math.min(got, off + Math.min(full, MAX_ROW_BYTES))).replace(/\r?\n$/, '');
        if (full > MAX_ROW_BYTES) text += ` … [line cut at ${MAX_ROW_BYTES} bytes of ${full}]`;
        const lv = d.level[g];
        const row: LogRow = { index: k, fileId: fid, line: g - f.firstLine + 1, text };
        if (lv & OWN_TIME) row.time = new Date(d.time[g]).toISOString();
        if (lv & 0x7f) row.level = LEVEL_NAMES[(lv & 0x7f) - 1] as LogLevel;
        if (w.matcher) row.matches = markRow(text, w.matcher);
        out.push(row);
      }
      i = j;
    }
    return out;
  }

  /** First row of `w` found so far whose time is ≥ t (rows are in time order), or the last row. */
  private indexAtTime(w: Walk, t: number): number {
    let lo = 0, hi = w.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data.time[this.rowAt(w, mid)] < t) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, w.rows.length - 1));
  }
}

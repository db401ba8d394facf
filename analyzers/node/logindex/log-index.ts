/**
 * Queries over the log index (see builder.ts): filter by file identity, level, time range and text,
 * then page. Filter results are cached (8 most recent), so paging and scrolling cost only the reads of
 * the visible rows. Rows are read from disk with their byte offsets; nothing holds whole files.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LogLevel, LogPage, LogQuery, LogRow, LogSources } from '../../contract/backend.js';
import { OWN_TIME, type LogIndexData } from './builder.js';
import { LEVEL_NAMES } from './line-meta.js';
import { compileMatcher, markRow, scanFiles, type TextMatcher } from './search.js';

const MAX_ROW_BYTES = 8192;
const MAX_PAGE = 2000;
const CACHE = 8;
const SEARCH_BUDGET_MS = 10_000;

interface Filtered {
  rows: Uint32Array;
  matcher?: TextMatcher;
  error?: string;
}

export class LogIndex {
  private readonly fds = new Map<number, number>();
  private readonly cache = new Map<string, Filtered>();

  /** `diskPathOf(bundlePath)` tells where a log file's bytes are (see BundleStore). */
  constructor(readonly data: LogIndexData, private readonly diskPathOf: (path: string) => string) {}

  get totalLines(): number {
    return this.data.order.length;
  }

  sources(): LogSources {
    const iso = (t: number) => (Number.isNaN(t) ? undefined : new Date(t).toISOString());
    return {
      files: this.data.files.map((f) => ({
        id: f.id, file: f.path, component: f.component, namespace: f.namespace, pod: f.pod, container: f.container,
        lines: f.lines, bytes: f.bytes, firstTime: iso(f.firstTimeMs), lastTime: iso(f.lastTimeMs),
      })),
      totalLines: this.totalLines,
      totalBytes: this.data.files.reduce((n, f) => n + f.bytes, 0),
      indexMs: this.data.buildMs,
    };
  }

  /** Run a query: filter (cached by its filter fields) and read one page of rows. Bad patterns give `error`, not a throw. */
  query(q: LogQuery): LogPage {
    const t0 = performance.now();
    const key = JSON.stringify([q.namespaces, q.pods, q.containers, q.components, q.fileIds, q.levels, q.from, q.to, q.text, !!q.regex]);
    let f = this.cache.get(key);
    const cached = !!f;
    if (!f) {
      f = this.filter(q);
      this.cache.set(key, f);
      if (this.cache.size > CACHE) this.cache.delete(this.cache.keys().next().value!);
    }
    const filterMs = cached ? 0 : Math.round(performance.now() - t0);
    const offset = Math.max(0, Math.min(q.offset | 0, f.rows.length));
    const limit = Math.max(0, Math.min(q.limit | 0, MAX_PAGE));
    const rows: LogRow[] = [];
    for (let i = offset; i < Math.min(f.rows.length, offset + limit); i++) rows.push(this.row(i, f.rows[i], f.matcher));
    const page: LogPage = { total: f.rows.length, offset, rows, filterMs };
    if (f.error) page.error = f.error;
    if (q.aroundTime) page.timeIndex = this.indexAtTime(f.rows, Date.parse(q.aroundTime));
    if (q.aroundLine !== undefined && q.aroundFileId !== undefined) {
      const file = this.data.files[q.aroundFileId];
      const g = file && q.aroundLine >= 1 && q.aroundLine <= file.lines ? file.firstLine + q.aroundLine - 1 : -1;
      const at = g >= 0 ? f.rows.indexOf(g) : -1;
      if (at >= 0) page.lineIndex = at;
    }
    return page;
  }

  /** Close files and remove the lower-cased copies. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
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

  private filter(q: LogQuery): Filtered {
    const d = this.data;
    const has = (list: string[] | undefined, v: string | undefined) => !list?.length || (v !== undefined && list.includes(v));
    const fileOk = new Uint8Array(d.files.length);
    const fileIds: number[] = [];
    for (const f of d.files) {
      const podKey = f.namespace && f.pod ? `${f.namespace}/${f.pod}` : f.pod;
      if (has(q.namespaces, f.namespace) && has(q.pods, podKey) && has(q.containers, f.container) && has(q.components, f.component)
        && (!q.fileIds?.length || q.fileIds.includes(f.id))) {
        fileOk[f.id] = 1;
        fileIds.push(f.id);
      }
    }
    let levelMask = 0;
    for (const l of q.levels ?? []) levelMask |= 1 << (LEVEL_NAMES.indexOf(l) + 1);
    const from = q.from ? Date.parse(q.from) : -Infinity;
    const to = q.to ? Date.parse(q.to) : Infinity;
    let matcher: TextMatcher | undefined;
    let hits: Uint8Array | undefined;
    let error: string | undefined;
    if (q.text) {
      try {
        matcher = compileMatcher(q.text, !!q.regex);
      } catch (err) {
        return { rows: new Uint32Array(0), error: (err as Error).message };
      }
      hits = new Uint8Array(d.order.length);
      if (!scanFiles(d, fileIds, (id, lower) => this.fd(id, lower), matcher, hits, SEARCH_BUDGET_MS)) {
        error = `search stopped after ${SEARCH_BUDGET_MS / 1000} s: the results are partial`;
      }
    }
    const all = fileIds.length === d.files.length && !levelMask && from === -Infinity && to === Infinity && !hits;
    if (all) return { rows: d.order };
    const out = new Uint32Array(hits ? countHits(hits) : d.order.length);
    let n = 0;
    const { order, fileOf, level, time } = d;
    for (let i = 0; i < order.length; i++) {
      const g = order[i];
      if (hits && !hits[g]) continue;
      if (!fileOk[fileOf[g]]) continue;
      if (levelMask && !(levelMask & (1 << (level[g] & 0x7f)))) continue;
      const t = time[g];
      if ((from !== -Infinity || to !== Infinity) && !(t >= from && t <= to)) continue;
      out[n++] = g;
    }
    return { rows: out.slice(0, n), matcher, error };
  }

  private row(index: number, g: number, matcher?: TextMatcher): LogRow {
    const d = this.data;
    const fid = d.fileOf[g];
    const f = d.files[fid];
    const start = d.start[g];
    const end = g + 1 < f.firstLine + f.lines ? d.start[g + 1] : f.bytes;
    const len = Math.min(end - start, MAX_ROW_BYTES);
    const buf = Buffer.allocUnsafe(len);
    const got = readSync(this.fd(fid), buf, 0, len, start);
    let text = buf.toString('utf8', 0, got).replace(/\r?\n$/, '');
    if (end - start > MAX_ROW_BYTES) text += ` … [line cut at ${MAX_ROW_BYTES} bytes of ${end - start}]`;
    const lv = d.level[g];
    const row: LogRow = { index, fileId: fid, line: g - f.firstLine + 1, text };
    if (lv & OWN_TIME) row.time = new Date(d.time[g]).toISOString();
    if (lv & 0x7f) row.level = LEVEL_NAMES[(lv & 0x7f) - 1] as LogLevel;
    if (matcher) row.matches = markRow(text, matcher);
    return row;
  }

  /** First position in `rows` whose time is ≥ t (rows are in time order). */
  private indexAtTime(rows: Uint32Array, t: number): number {
    let lo = 0, hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const v = this.data.time[rows[mid]];
      if (v < t) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, rows.length - 1));
  }
}

function countHits(hits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < hits.length; i++) n += hits[i];
  return n;
}

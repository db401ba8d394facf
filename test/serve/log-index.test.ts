import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPage, LogQuery } from '../../analyzers/contract/backend.js';
import type { LogIndex } from '../../analyzers/node/logindex/log-index.js';
import type { BundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { fileLines, openIndexed } from './corpus.js';

let store: BundleStore;
let index: LogIndex;
beforeAll(async () => ({ store, index } = await openIndexed()));
afterAll(async () => { index.close(); await store.dispose(); });

/** Every query here walks the whole index before answering, to compare with the files' own lines. */
const full = (q: LogQuery) => index.query(q, { complete: true });
const allLines = () => index.sources().files.flatMap((f) => fileLines(store, f.file));

describe('log index over a real bug-report', () => {
  it('indexes every line of every log file, and only log files', () => {
    const s = index.sources();
    expect(s.files.map((f) => f.file).every((f) => f.endsWith('.log'))).toBe(true);
    expect(s.files.filter((f) => f.component === 'istio-proxy')).toHaveLength(17);
    for (const f of s.files) expect(f.lines, f.file).toBe(fileLines(store, f.file).length);
    expect(s.totalLines).toBe(allLines().length);
  });

  it('filters to one pod: exactly that pod’s lines, in time order (the appended previous log first)', () => {
    const pod = 'test/sleep-9454cc476-ls6sj';
    const expected = fileLines(store, 'bug-report/proxies/test/sleep-9454cc476-ls6sj/istio-proxy.log');
    expect(expected[0]).toMatch(/Previous log present/);
    const rows = [];
    for (let offset = 0; ; offset += 2000) {
      const page = full({ pods: [pod], offset, limit: 2000 });
      rows.push(...page.rows);
      if (rows.length >= page.total) break;
    }
    expect(rows).toHaveLength(expected.length);
    expect(new Set(rows.map((r) => r.fileId)).size).toBe(1);
    expect(rows.map((r) => r.text).sort()).toEqual([...expected].sort());
    const times = rows.flatMap((r) => (r.time ? [r.time] : []));
    expect(times).toEqual([...times].sort());
    // the previous container's log (July) comes before the current one (September)
    expect(times[0] < '2023-08-01').toBe(true);
    expect(times[times.length - 1] > '2023-09-01').toBe(true);
  });

  it('finds the row of a file line (jump from the evidence viewer)', () => {
    const file = index.sources().files.find((f) => f.file.endsWith('sleep-9454cc476-ls6sj/istio-proxy.log'))!;
    const page = full({ fileIds: [file.id], offset: 0, limit: 0, aroundFileId: file.id, aroundLine: 120 });
    const row = full({ fileIds: [file.id], offset: page.lineIndex!, limit: 1 }).rows[0];
    expect(row.line).toBe(120);
    expect(row.text).toBe(fileLines(store, file.file)[119]);
  });

  it('matches text in smart case: lower-case ignores case, upper-case does not', () => {
    const lower = full({ text: 'warning', offset: 0, limit: 10 });
    expect(lower.total).toBe(allLines().filter((l) => l.toLowerCase().includes('warning')).length);
    const upper = full({ text: 'Warning', offset: 0, limit: 10 });
    expect(upper.total).toBe(allLines().filter((l) => l.includes('Warning')).length);
    expect(lower.total).toBeGreaterThan(upper.total);
    for (const r of lower.rows) {
      expect(r.text.toLowerCase()).toContain('warning');
      expect(r.matches?.length).toBeGreaterThan(0);
      const [s, e] = r.matches![0];
      expect(r.text.slice(s, e).toLowerCase()).toBe('warning');
    }
  });

  it('matches regular expressions', () => {
    const re = /^\S+\terror\t/;
    const page = full({ text: re.source, regex: true, offset: 0, limit: 5 });
    expect(page.total).toBe(allLines().filter((l) => re.test(l)).length);
    expect(page.total).toBeGreaterThan(0);
  });

  it('filters by level and time range', () => {
    const page = full({ levels: ['error'], offset: 0, limit: 2000 });
    expect(page.total).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.level === 'error')).toBe(true);
    const from = '2023-09-05T07:00:00Z', to = '2023-09-05T08:00:00Z';
    const ranged = full({ from, to, offset: 0, limit: 2000 });
    expect(ranged.total).toBeGreaterThan(0);
    for (const r of ranged.rows) if (r.time) expect(r.time >= from.replace('Z', '.000Z') && r.time <= to.replace('Z', '.000Z')).toBe(true);
  });

  it('jumps to a time: the row at timeIndex is the first at or after it', () => {
    const pod = 'istio-system/istiod-5dc9d477-27gmf';
    const t = '2023-09-05T07:10:00.000Z';
    const page = full({ pods: [pod], offset: 0, limit: 2000, aroundTime: t });
    const rows = full({ pods: [pod], offset: page.timeIndex! - 1, limit: 2 }).rows;
    expect(rows).toHaveLength(2);
    const timeOf = (i: number) => {
      const back = full({ pods: [pod], offset: Math.max(0, i - 200), limit: i - Math.max(0, i - 200) + 1 }).rows.reverse().find((r) => r.time);
      return back?.time;
    };
    expect(timeOf(page.timeIndex!)! >= t).toBe(true);
    expect(timeOf(page.timeIndex! - 1)! < t).toBe(true);
  });

  it('reports a bad pattern instead of throwing, and survives a catastrophic one', () => {
    expect(full({ text: '(unclosed', regex: true, offset: 0, limit: 5 }).error).toMatch(/invalid regular expression/);
    const t0 = performance.now();
    const page = full({ text: '(a+)+$', regex: true, offset: 0, limit: 5 });
    expect(page.error ?? '').not.toMatch(/invalid/);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});

describe('bounded work per call', () => {
  // the same bundle, walked 256 lines per step, so that a call with no budget answers after one step
  let small: { store: BundleStore; index: LogIndex };
  beforeAll(async () => { small = await openIndexed(undefined, { stepLines: 256 }); });
  afterAll(async () => { small.index.close(); await small.store.dispose(); });
  const where = (p: LogPage) => p.rows.map((r) => `${small.index.data.files[r.fileId].path}:${r.line}`);
  const whereFull = (p: LogPage) => p.rows.map((r) => `${index.data.files[r.fileId].path}:${r.line}`);

  it('answers a page before the walk is done; its rows are the first of the full result, and the background finishes the count', async () => {
    const q: LogQuery = { text: 'warning', offset: 0, limit: 5 };
    const expected = full({ ...q, limit: 2000 });
    expect(expected.total).toBeGreaterThan(5);
    const first = small.index.query(q, { budgetMs: 0 });
    expect(first.partial).toBe(true);
    expect(first.total).toBeLessThan(expected.total);
    // while partial, a page may hold fewer rows than asked: those found so far, the first of the full result
    expect(first.rows.length).toBeLessThanOrEqual(5);
    expect(where(first)).toEqual(whereFull(expected).slice(0, first.rows.length));
    let filled = first;
    for (let i = 0; filled.rows.length < 5 && i < 1000; i++) filled = small.index.query(q, { budgetMs: 0 });
    expect(where(filled)).toEqual(whereFull(expected).slice(0, 5));
    // the page is found: asking again does no work, and the walk goes on between calls
    const again = small.index.query(q, { budgetMs: 0 });
    expect(again.filterMs).toBe(0);
    expect(again.partial).toBe(true);
    expect(where(again)).toEqual(where(filled));
    let page = again;
    for (let i = 0; page.partial && i < 2000; i++) {
      await new Promise((r) => setTimeout(r, 5));
      page = small.index.query(q, { budgetMs: 0 });
    }
    expect(page.partial).toBeUndefined();
    expect(page.total).toBe(expected.total);
    // a later page of the finished walk is the full result's
    const at = expected.rows.length - 3;
    const later = small.index.query({ ...q, offset: at, limit: 3 }, { budgetMs: 0 });
    expect(where(later)).toEqual(whereFull(expected).slice(at));
  });

  it('a count (limit 0) walks for its budget; asked again it goes on from where it stopped', () => {
    const q: LogQuery = { levels: ['info'], pods: ['istio-system/istiod-5dc9d477-27gmf'], offset: 0, limit: 0 };
    const expected = full(q).total;
    const counts: number[] = [];
    let page = small.index.query(q, { budgetMs: 0 });
    for (let i = 0; page.partial && i < 10_000; i++) {
      counts.push(page.total);
      page = small.index.query(q, { budgetMs: 0 });
    }
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(page.total).toBe(expected);
  });

  it('a filter on one pod (few of the lines) walks that pod’s lines alone, step by step, to the same rows', () => {
    const pod = 'test/sleep-9454cc476-ls6sj';
    const q: LogQuery = { pods: [pod], text: 'warning', offset: 0, limit: 2000 };
    const expected = full(q);
    expect(expected.total).toBeGreaterThan(0);
    const podLines = small.index.sources().files.filter((f) => `${f.namespace}/${f.pod}` === pod).reduce((n, f) => n + f.lines, 0);
    expect(podLines * 8).toBeLessThan(small.index.totalLines);
    let page = small.index.query(q, { budgetMs: 0 });
    let calls = 1;
    for (; page.partial && calls < 10_000; calls++) page = small.index.query(q, { budgetMs: 0 });
    // 256 lines a step: as many calls as the pod's lines need, not as the whole index would
    expect(calls).toBeLessThanOrEqual(Math.ceil(podLines / 256) + 1);
    expect(where(page)).toEqual(whereFull(expected));
  });
});

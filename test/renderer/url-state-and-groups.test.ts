/** URL state of the Logs and Findings views, and the grouping of one check's findings across pods. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { groupFindings, groupKey, membersLabel } from '../../renderer/src/lib/findings-group.js';
import { findingFilterParams, logFilterParams, readFindingFilters, readLogFilters, windowAround } from '../../renderer/src/lib/url-state.js';

const params = (o: Record<string, string | undefined>) => new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));

describe('log filters in the URL', () => {
  it('round-trips every filter', () => {
    const f = readLogFilters(new URLSearchParams('q=connection%20refused&re=1&ns=test&pod=test/sleep-1&c=istio-proxy&lvl=error,warn&from=2023-09-05T06:55:00Z&to=2023-09-05T07:05:00Z&all=1&wrap=1&t=2023-09-05T07:00:00Z'));
    expect(f).toEqual({
      q: 'connection refused', regex: true, ns: 'test', pod: 'test/sleep-1', container: 'istio-proxy', levels: ['warn', 'error'], // in their own order, whatever the URL said
      from: '2023-09-05T06:55:00.000Z', to: '2023-09-05T07:05:00.000Z', file: undefined, collector: true, wrap: true, t: '2023-09-05T07:00:00.000Z', line: undefined,
    });
    expect(readLogFilters(params(logFilterParams(f)))).toEqual(f);
  });

  it('drops what it cannot read instead of failing: unknown levels, bad times, bad lines', () => {
    expect(readLogFilters(new URLSearchParams('lvl=loud,error&from=yesterday&line=-3'))).toMatchObject({ levels: ['error'], from: undefined, line: undefined, q: '' });
  });

  it('makes a window around a time', () => {
    expect(windowAround('2023-09-05T07:02:22.650981Z', 5, 5)).toEqual({ from: '2023-09-05T06:57:22.650Z', to: '2023-09-05T07:07:22.650Z' });
  });
});

describe('finding filters in the URL', () => {
  it('reads an edited URL: #/findings?sev=warning', () => {
    expect(readFindingFilters(new URLSearchParams('sev=warning'))).toMatchObject({ sevs: ['warning'], group: 'severity', sort: 'severity', flat: false });
    expect(readFindingFilters(new URLSearchParams('sev=bogus'))).toMatchObject({ sevs: ['critical', 'error', 'warning', 'info'] });
  });

  it('writes only what differs from the defaults', () => {
    expect(findingFilterParams({ sevs: ['critical', 'error', 'warning', 'info'], group: 'severity', sort: 'severity', q: '' })).toEqual({ q: undefined, sev: undefined, group: undefined, sort: undefined, rc: undefined, id: undefined, flat: undefined });
    expect(findingFilterParams({ sevs: ['error', 'critical'], group: 'code', q: 'ca', rc: 'external-ca-overload' })).toMatchObject({ sev: 'error,critical', group: 'code', q: 'ca', rc: 'external-ca-overload' });
  });
});

describe('grouping one check across pods', () => {
  let ca: Report;
  beforeAll(async () => { ca = await analyzePath('samples/ca-overload'); }, 60_000);

  it('folds the 36 SIG-CA-002 findings of the ca-overload sample into one row of 36 pods, at its first member’s place', () => {
    const rows = groupFindings(ca.findings);
    const ca2 = rows.filter((r) => r.kind === 'group' && r.group.code === 'SIG-CA-002');
    expect(ca2).toHaveLength(1);
    const g = ca2[0].kind === 'group' ? ca2[0].group : undefined;
    const members = ca.findings.filter((f) => f.code === 'SIG-CA-002');
    expect(g!.members.map((m) => m.id)).toEqual(members.map((m) => m.id));
    expect(g!.count).toBe(members.reduce((n, f) => n + f.count, 0));
    expect(membersLabel(g!)).toBe('36 pods');
    expect(g!.key).toBe(groupKey(members[0]));
    expect(rows.findIndex((r) => r === ca2[0])).toBe(rows.findIndex((r) => (r.kind === 'one' ? r.finding : r.group.members[0]).code === 'SIG-CA-002'));
  });

  it('keeps checks with one finding as plain rows, and loses no finding', () => {
    const rows = groupFindings(ca.findings);
    const flat = rows.flatMap((r) => (r.kind === 'one' ? [r.finding] : r.group.members));
    expect(flat).toHaveLength(ca.findings.length);
    const perCheck = new Map<string, number>();
    for (const f of ca.findings) perCheck.set(`${f.code}|${f.severity}|${f.title}`, (perCheck.get(`${f.code}|${f.severity}|${f.title}`) ?? 0) + 1);
    const singles = [...perCheck].filter(([, n]) => n === 1).map(([k]) => k.split('|')[0]).sort();
    expect(singles).toContain('SIG-INJ-001');
    expect(rows.filter((r) => r.kind === 'one').map((r) => (r.kind === 'one' ? r.finding.code : '')).sort()).toEqual(singles);
    expect(rows.length).toBe(perCheck.size);
  });

  it('a group row speaks for its member with the most occurrences, not for whichever came first', () => {
    for (const r of groupFindings(ca.findings)) {
      if (r.kind !== 'group') continue;
      const most = Math.max(...r.group.members.map((m) => m.count));
      expect(r.group.lead.count).toBe(most);
      expect(r.group.lead).toBe(r.group.members.find((m) => m.count === most));
    }
  });
});

describe('members label', () => {
  it('counts the distinct pods the members name, not the members', () => {
    const f = (id: string, pods: string[]) => ({ id, code: 'MSH5002', analyzer: 'status/container-restarting', severity: 'warning' as const, title: 'Containers crash-looping or restarting', message: '', resources: pods.map((p) => ({ kind: 'Pod', namespace: 'test', name: p })), evidence: [], count: 1 });
    const rows = groupFindings([f('a', ['httpbin-1', 'httpbin-2', 'httpbin-3']), f('b', ['sleep-1']), f('c', ['sleep-1'])]);
    expect(rows).toHaveLength(1);
    expect(rows[0].kind === 'group' && membersLabel(rows[0].group)).toBe('4 pods');
  });
});

/**
 * Episodes (correlate/episodes.ts) and the group store that feeds them (signatures/groups.ts): the gap rule,
 * the split of one pod's xDS failures in the real Sep 2023 archive into its five outages (windows and
 * counts computed independently with python over `grep` of the extracted log), one finding per episode with
 * stable ids, dominant values named with counts, and memory that stays bounded whatever the hit count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { episodeGapMs, medianGapMs, segmentsOf } from '../../analyzers/correlate/episodes.js';
import { GroupStore, MAX_RUNS, TOP_VALUES } from '../../analyzers/signatures/groups.js';
import { dominantValues, groupsToFindings } from '../../analyzers/signatures/findings.js';
import { stableId } from '../../analyzers/model/ids.js';
import type { Report } from '../../analyzers/report/schema.js';
import type { SignatureDef } from '../../analyzers/signatures/types.js';
import { finding } from './model.js';

const MIN = 60_000;
const packs = loadBuiltinPacks();
const XDS = packs.find((d) => d.id === 'SIG-XDS-001')!;
const CNI_READY = packs.find((d) => d.id === 'SIG-CNI-002')!;

function hit(def: SignatureDef, time: string, cause = 'no such host', line = 1) {
  return { values: { pod: 'hello/httpbin' }, captures: { cause }, sample: { file: 'bug-report/proxies/hello/httpbin/istio-proxy.log', line, excerpt: `${time} ${cause}`, time }, count: 1, pod: 'hello/httpbin' };
}
const at = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('the episode gap rule', () => {
  it('ends an episode after 10 rhythms of silence, at least 30 min and at most 6 h', () => {
    expect(episodeGapMs(2_000)).toBe(30 * MIN); // a retry storm: any 30-minute silence splits
    expect(episodeGapMs(30 * MIN)).toBe(5 * 60 * MIN); // a 30-minute probe: 5 h
    expect(episodeGapMs(24 * 60 * MIN)).toBe(6 * 60 * MIN); // never longer than 6 h
    expect(episodeGapMs(NaN)).toBe(30 * MIN);
  });

  it('reads the median gap from a histogram (hits in a bucket spread evenly)', () => {
    expect(medianGapMs(MIN, [[0, 7]])).toBeCloseTo(MIN / 7, 5);
    expect(medianGapMs(MIN, [[0, 1], [30, 1], [60, 1]])).toBe(30 * MIN);
    expect(medianGapMs(MIN, [[0, 1]])).toBeNaN();
  });
});

describe('the group store splits a stream into episodes', () => {
  it('keeps a probe that fails every 30 min as one episode and splits at a 12 h silence', () => {
    const store = new GroupStore();
    for (let i = 0; i < 96; i++) store.add(XDS, hit(XDS, at(T0 + i * 30 * MIN)));
    for (let i = 0; i < 10; i++) store.add(XDS, hit(XDS, at(T0 + (95 * 30 + 12 * 60 + i * 30) * MIN)));
    const [g] = store.groups();
    expect(g!.rhythmMs).toBe(30 * MIN);
    expect(g!.episodes.map((e) => [e.start, e.end, e.count])).toEqual([
      [at(T0), at(T0 + 95 * 30 * MIN), 96],
      [at(T0 + (95 * 30 + 12 * 60) * MIN), at(T0 + (95 * 30 + 12 * 60 + 9 * 30) * MIN), 10],
    ]);
  });

  it('keeps an event seen 7 times over 26 h as one episode (nothing says when in between)', () => {
    const store = new GroupStore();
    store.add(CNI_READY, { values: { pod: 'kube-system/istio-cni-node-wpwvb' }, captures: { detail: 'HTTP probe failed with statuscode: 503' }, sample: { file: 'bug-report/cluster/k8s-resources', line: 74186, excerpt: 'Warning Unhealthy', time: '2023-09-06T08:55:45Z' }, count: 7, firstSeen: '2023-09-05T06:59:00Z', lastSeen: '2023-09-06T08:55:45Z', pod: 'kube-system/istio-cni-node-wpwvb' });
    const [g] = store.groups();
    expect(g!.episodes).toHaveLength(1);
    expect(g!.episodes[0]).toMatchObject({ start: '2023-09-05T06:59:00Z', end: '2023-09-06T08:55:45Z', count: 7 });
    // As an incident segment it is two points (first and last), not 26 h of activity.
    const [f] = groupsToFindings([g!]);
    expect(segmentsOf(f!)).toEqual([{ startMs: Date.parse('2023-09-05T06:59:00Z'), endMs: Date.parse('2023-09-05T06:59:00Z') }, { startMs: Date.parse('2023-09-06T08:55:45Z'), endMs: Date.parse('2023-09-06T08:55:45Z') }]);
  });

  it('names the dominant values with counts, most first, never just the last', () => {
    const store = new GroupStore();
    for (let i = 0; i < 1259; i++) store.add(XDS, hit(XDS, at(T0 + i * 1000), 'no such host'));
    for (let i = 0; i < 48; i++) store.add(XDS, hit(XDS, at(T0 + (1259 + i) * 1000), 'connect: connection refused'));
    const [f] = groupsToFindings(store.groups());
    expect(f!.message).toContain('(1,259 no such host, 48 connect: connection refused)');
    expect(JSON.parse(String(f!.data!['causeCounts']))).toEqual([['no such host', 1259], ['connect: connection refused', 48]]);
    expect(dominantValues({ first: 'a', last: 'a', top: [{ value: 'a', count: 3 }] })).toBe('a');
    expect(dominantValues({ first: '1', last: '4', max: 4 })).toBe(4);
  });

  it(`counts exactly while there are at most ${TOP_VALUES} values, and keeps the heavy one past that`, () => {
    const store = new GroupStore();
    for (let i = 0; i < 500; i++) store.add(XDS, hit(XDS, at(T0 + i * 1000), 'no such host'));
    for (let i = 0; i < 40; i++) store.add(XDS, hit(XDS, at(T0 + (500 + i) * 1000), `rare-${i}`));
    const top = store.groups()[0]!.captures['cause']!.top!;
    expect(top).toHaveLength(TOP_VALUES);
    expect(top[0]).toEqual({ value: 'no such host', count: 500 });
  });

  it('stays bounded: 200,000 hits over 300 days keep at most MAX_RUNS runs', () => {
    const store = new GroupStore();
    for (let i = 0; i < 200_000; i++) store.add(XDS, hit(XDS, at(T0 + Math.floor(i / 600) * 12 * 60 * MIN + (i % 600) * 1000)));
    const [g] = store.groups();
    expect(g!.count).toBe(200_000);
    expect(g!.episodes.length).toBeLessThanOrEqual(MAX_RUNS);
    expect(g!.episodes.reduce((n, e) => n + e.count, 0)).toBe(200_000);
    expect(g!.episodes.every((e) => e.samples.length <= 6)).toBe(true);
  });
});

describe('one pod of the real Sep 2023 archive', () => {
  let r: Report;
  beforeAll(async () => {
    r = await analyzePath('../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz');
  });

  it('splits its 1231 xDS dial failures into its five outages, one finding each', () => {
    const xds = r.findings.filter((f) => f.code === 'SIG-XDS-001' && f.resources[0]?.name === 'httpbin-86869bccff-ztgt8')
      .sort((a, b) => Date.parse(a.firstSeen!) - Date.parse(b.firstSeen!));
    expect(xds.map((f) => [f.firstSeen, f.lastSeen, f.count])).toEqual([
      ['2023-08-09T03:28:30.116025Z', '2023-08-09T05:33:42.580699Z', 433],
      ['2023-08-09T06:26:46.738336Z', '2023-08-09T08:43:51.346963Z', 530],
      ['2023-08-16T01:38:29.415989Z', '2023-08-16T01:56:33.715558Z', 46],
      ['2023-08-18T08:18:22.464859Z', '2023-08-18T08:18:52.291720Z', 3],
      ['2023-09-05T06:01:48.724236Z', '2023-09-05T07:02:25.175110Z', 219],
    ]);
    // The latest episode keeps the id the group always had; earlier ones add their start. The group is the pod's
    // workload (hello/httpbin, one replica).
    const key = ['SIG-XDS-001', 'hello/httpbin'].join('\u001f');
    expect(xds[4]!.id).toBe(stableId('signature', 'SIG-XDS-001', key));
    expect(xds[0]!.id).toBe(stableId('signature', 'SIG-XDS-001', key, '2023-08-09T03:28:30.116025Z'));
    // Each episode cites its own lines.
    for (const f of xds) for (const e of f.evidence) expect(Date.parse(e.time!)).toBeGreaterThanOrEqual(Date.parse(f.firstSeen!));
    for (const f of xds) for (const e of f.evidence) expect(Date.parse(e.time!)).toBeLessThanOrEqual(Date.parse(f.lastSeen!));
    expect(xds[0]!.message).toContain('(432 no such host, 1 i/o timeout)');
  });

  it('turns a timed finding without a signature (restarts) into points, not a span', () => {
    const f = finding('MSH5002', 'warning', { analyzer: 'status/container-restarting', firstSeen: '2023-07-31T05:18:18Z', lastSeen: '2023-07-31T05:18:25Z', evidence: [{ file: 'x', line: 1, time: '2023-07-31T05:18:20Z' }] });
    expect(segmentsOf(f).map((s) => s.startMs === s.endMs)).toEqual([true, true, true]);
  });
});

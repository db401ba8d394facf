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

  it('splits its 1231 xDS dial failures into its five outages; the three that hit 8 or more workloads at once are storms', () => {
    const xds = r.findings.filter((f) => f.code === 'SIG-XDS-001' && f.resources.some((x) => x.name === 'httpbin-86869bccff-ztgt8'))
      .sort((a, b) => Date.parse(a.firstSeen!) - Date.parse(b.firstSeen!));
    // The pod's own episodes (grep of its istio-proxy.log): 433, 530, 46, 3 and 219 dial failures. The first two are
    // its findings; the other three overlap the same outage in 8, 15 and 16 workloads and are one finding each
    // (findings.ts STORM_GROUPS), whose window holds the pod's.
    expect(xds.map((f) => [f.firstSeen, f.lastSeen, f.count, f.data!['groups']])).toEqual([
      ['2023-08-09T03:28:30.116025Z', '2023-08-09T05:33:42.580699Z', 433, undefined],
      ['2023-08-09T06:26:46.738336Z', '2023-08-09T08:43:51.346963Z', 530, undefined],
      ['2023-08-16T01:38:27.659942Z', '2023-08-16T01:56:42.633494Z', 358, 8],
      ['2023-08-18T08:18:15.756228Z', '2023-08-18T08:19:03.989857Z', 46, 15],
      ['2023-09-05T06:01:25.626314Z', '2023-09-05T07:02:37.325273Z', 3911, 16],
    ]);
    const pod = [['2023-08-16T01:38:29.415989Z', '2023-08-16T01:56:33.715558Z'], ['2023-08-18T08:18:22.464859Z', '2023-08-18T08:18:52.291720Z'], ['2023-09-05T06:01:48.724236Z', '2023-09-05T07:02:25.175110Z']];
    pod.forEach(([from, to], i) => {
      expect(Date.parse(xds[i + 2]!.firstSeen!)).toBeLessThanOrEqual(Date.parse(from!));
      expect(Date.parse(xds[i + 2]!.lastSeen!)).toBeGreaterThanOrEqual(Date.parse(to!));
    });
    // Earlier episodes of the group add their start to the group's id; a storm's id is the signature's and its start.
    const key = ['SIG-XDS-001', 'hello/httpbin'].join('\u001f');
    expect(xds[0]!.id).toBe(stableId('signature', 'SIG-XDS-001', key, '2023-08-09T03:28:30.116025Z'));
    expect(xds[4]!.id).toBe(stableId('signature', 'SIG-XDS-001', '(storm)', '2023-09-05T06:01:25.626314Z'));
    // Each finding cites its own lines; a storm's evidence spreads over its workloads.
    for (const f of xds) for (const e of f.evidence) expect(Date.parse(e.time!)).toBeGreaterThanOrEqual(Date.parse(f.firstSeen!));
    for (const f of xds) for (const e of f.evidence) expect(Date.parse(e.time!)).toBeLessThanOrEqual(Date.parse(f.lastSeen!));
    expect(new Set(xds[4]!.evidence.map((e) => e.file)).size).toBeGreaterThan(3);
    expect(xds[0]!.message).toContain('(432 no such host, 1 i/o timeout)');
  });

  it('turns a timed finding without a signature (restarts) into points, not a span', () => {
    const f = finding('MSH5002', 'warning', { analyzer: 'status/container-restarting', firstSeen: '2023-07-31T05:18:18Z', lastSeen: '2023-07-31T05:18:25Z', evidence: [{ file: 'x', line: 1, time: '2023-07-31T05:18:20Z' }] });
    expect(segmentsOf(f).map((s) => s.startMs === s.endMs)).toEqual([true, true, true]);
  });
});

describe('storms: one signature failing in many workloads at once is one finding (findings.ts)', () => {
  const CA3 = packs.find((d) => d.id === 'SIG-CA-003')!;
  const UF = packs.find((d) => d.id === 'SIG-ACCESS-002')!;
  /** `n` workloads each failing `perPod` times from minute `fromMin`, one hit a minute. */
  function store(def: SignatureDef, n: number, fromMin: number, values: (i: number) => Record<string, string>, captures: Record<string, string> = {}, into = new GroupStore()) {
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 5; k++) {
        const time = at(T0 + (fromMin + i * 0.5 + k) * MIN);
        const pod = `ns/w${i}-abc-${i}`;
        into.add(def, { values: { pod, workload: `ns/w${i}`, ...values(i) }, captures, sample: { file: `bug-report/proxies/ns/w${i}/istio-proxy.log`, line: k + 1, excerpt: `${time} fail`, time }, count: 1, pod });
      }
    }
    return into;
  }
  const rows: Array<[string, () => GroupStore, SignatureDef, Array<[count: number, groups: number | undefined]>]> = [
    ['8 workloads overlapping: one finding naming the 8 pods', () => store(XDS, 8, 0, () => ({})), XDS, [[40, 8]]],
    ['7 workloads overlapping: a finding each', () => store(XDS, 7, 0, () => ({})), XDS, Array(7).fill([5, undefined])],
    ['two waves 3 h apart in 10 workloads: two storms', () => store(XDS, 10, 180, () => ({}), {}, store(XDS, 10, 0, () => ({}))), XDS, [[50, 10], [50, 10]]],
    ['destination-keyed (upstream cluster): never merged', () => store(UF, 9, 0, (i) => ({ upstreamCluster: `outbound|80||s${i}.ns.svc.cluster.local` })), UF, Array(9).fill([5, undefined])],
  ];
  it.each(rows)('%s', (_name, make, def, expected) => {
    const fs = groupsToFindings(make().groups()).filter((f) => f.code === def.id);
    expect(fs.map((f) => [f.count, f.data!['groups']])).toEqual(expected);
    const total = fs.reduce((n, f) => n + f.count, 0);
    expect(total).toBe(expected.reduce((n, [c]) => n + c, 0));
  });

  it('keeps gRPC codes apart: 8 workloads with Unavailable are a storm, 4 with DeadlineExceeded at the same time are not', () => {
    const s = store(CA3, 8, 0, () => ({}), { grpcCode: 'Unavailable' });
    store(CA3, 4, 0, () => ({}), { grpcCode: 'DeadlineExceeded' }, s);
    const fs = groupsToFindings(s.groups()).filter((f) => f.code === 'SIG-CA-003');
    expect(fs.map((f) => [f.data!['grpcCode'], f.count, f.data!['groups']]).sort()).toEqual([
      ['DeadlineExceeded', 5, undefined], ['DeadlineExceeded', 5, undefined], ['DeadlineExceeded', 5, undefined], ['DeadlineExceeded', 5, undefined],
      ['Unavailable', 40, 8],
    ]);
  });

  it('lists every pod, spreads evidence over the workloads and keeps times inside the window', () => {
    const [f] = groupsToFindings(store(XDS, 12, 0, () => ({})).groups());
    expect(f!.data).toMatchObject({ podCount: 12, groups: 12, count: 60, firstSeen: at(T0), lastSeen: at(T0 + (5.5 + 4) * MIN) });
    expect(f!.resources.map((r) => r.name)).toHaveLength(12);
    expect(f!.message).toMatch(/^60 failed xDS connections from ns\/w0-abc-0, ns\/w1-abc-1, .* and 7 more/);
    expect(f!.evidence.length).toBeLessThanOrEqual(6);
    expect(new Set(f!.evidence.map((e) => e.file)).size).toBe(f!.evidence.length);
    expect(f!.evidence[0]).toMatchObject({ file: 'bug-report/proxies/ns/w0/istio-proxy.log', line: 1, time: at(T0) });
    expect(f!.evidence[f!.evidence.length - 1]).toMatchObject({ file: 'bug-report/proxies/ns/w11/istio-proxy.log', line: 5 });
    expect(f!.id).toBe(stableId('signature', 'SIG-XDS-001', '(storm)', at(T0)));
  });
});

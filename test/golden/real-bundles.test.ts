/**
 * The two real istioctl bug-reports (../shared/corpus/istio-bug-reports) through the whole engine, checked
 * field by field against facts read from the archives themselves (tar listings, wc -l, grep).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';
import { renderText } from '../../analyzers/report/text.js';

const CORPUS = '../shared/corpus/istio-bug-reports';

describe('bug-report-2023-09-ce74670 (Istio 1.20-dev, 17 proxies, ambient, CNI)', () => {
  let r: Report;
  beforeAll(async () => {
    r = await analyzePath(`${CORPUS}/bug-report-2023-09-ce74670.tar.gz`);
  });

  it('is a well-formed report', () => {
    expect(reportProblems(r)).toEqual([]);
  });

  it('reads the layout and the capture time from the archive', () => {
    expect(r.bundle.format).toBe('istioctl-bug-report');
    expect(r.bundle.formatVersion).toBe('≤1.20'); // cluster/describe-pods is kubectl describe text
    expect(r.bundle.capturedAt).toBe('2023-09-06T09:16:27Z'); // newest entry mtime (python tarfile)
    expect(r.bundle.capturedAtSource).toBe('archive-mtime');
  });

  it('accounts for every one of the 203 archive entries', () => {
    expect(r.bundle.files).toHaveLength(203);
    expect(new Set(r.bundle.files.map((f) => f.path)).size).toBe(203);
    expect(r.bundle.files.filter((f) => f.status === 'unreadable')).toEqual([]);
    expect(r.bundle.files.filter((f) => f.status === 'skipped').every((f) => f.reason)).toBe(true);
    expect(r.stats.filesRead).toBe(203);
  });

  it('lists all 17 proxies, the istiod pod and the 3 CNI pods with their logs parsed (line counts as wc -l)', () => {
    const proxies = Object.fromEntries(r.bundle.inventory.proxies.map((p) => [`${p.namespace}/${p.name}`, p]));
    expect(Object.keys(proxies)).toHaveLength(17);
    expect(proxies['default/productpage-v1-564d4686f-7kdqf']).toMatchObject({ configDump: true, log: true, logLines: 1514 });
    expect(proxies['istio-ingress/istio-ingressgateway-66ff6cdcf5-ccj9x']).toMatchObject({ configDump: true, log: true, logLines: 4138 });
    expect(proxies['istio-ingress/gateway-istio-57c99684c4-zr6bs']).toMatchObject({ log: true, logLines: 125 });
    expect(Object.values(proxies).every((p) => p.log && p.configDump)).toBe(true);
    expect(r.bundle.inventory.controlPlane).toEqual([{ namespace: 'istio-system', name: 'istiod-5dc9d477-27gmf', kind: 'istiod', log: true, logLines: 6004 }]);
    expect(r.bundle.inventory.cni).toEqual([
      { name: 'istio-cni-node-9dk77', log: true, logLines: 1111 },
      { name: 'istio-cni-node-mw8sj', log: true, logLines: 1114 },
      { name: 'istio-cni-node-wpwvb', log: true, logLines: 1109 },
    ]);
    expect(r.stats.linesScanned).toBe(46143); // 36805 proxy + 6004 discovery + 3334 cni lines
    expect(r.bundle.inventory.versions).toMatchObject({ controlPlane: ['1.20-dev'], proxies: ['1.20-dev', '1.18-dev', '1.19-dev'] });
  });

  it('builds a timeline with absolute times, events included', () => {
    expect(r.timeline.length).toBeGreaterThan(20);
    const cni = r.timeline.find((t) => t.kind === 'event' && t.text.includes('Readiness probe failed') && t.resource?.name === 'istio-cni-node-wpwvb');
    // The same event is in the events table (FIRST SEEN 26h) and, with exact times, as an Event object in
    // cluster/k8s-resources (firstTimestamp 2023-09-05T06:59:00Z, lastTimestamp 2023-09-06T08:55:45Z): the object wins.
    expect(cni).toMatchObject({ time: '2023-09-05T06:59:00Z', count: 7, file: 'bug-report/cluster/k8s-resources', line: 74186 });
  });

  it('shows the 2023-09-05 06:01–07:02 control-plane outage as a past incident, caused by istiod being unreachable', () => {
    // grep over every proxy log: the first and last `no such host` dial failure of 2023-09-05, in 16 proxies
    // (the 17th, gateway-istio, was created at 07:04); istiod's pod was recreated at 07:02.
    const inc = r.incidents!.find((i) => i.start === '2023-09-05T06:01:25.626Z')!;
    expect(inc).toMatchObject({ status: 'past', end: '2023-09-05T07:02:37.325Z', endedBeforeCaptureMs: Date.parse('2023-09-06T09:16:27Z') - Date.parse('2023-09-05T07:02:37.325Z') });
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    const xds = inc.findingIds.map((id) => byId.get(id)!).filter((f) => f.code === 'SIG-XDS-001');
    // The 16 proxies' episodes overlap: one storm finding (findings.ts STORM_GROUPS) naming the 16 pods.
    expect(xds).toHaveLength(1);
    expect(new Set(xds[0]!.resources.filter((x) => x.kind === 'Pod').map((x) => x.name)).size).toBe(16);
    expect(xds[0]!.data).toMatchObject({ podCount: 16, groups: 16, firstSeen: '2023-09-05T06:01:25.626314Z' });
    expect(xds[0]!.message).toContain('(no such host)');
    const [top] = inc.rootCauses;
    expect(top!.id).toBe('istiod-unavailable');
    expect(top!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(top!.found!.filter((c) => c.role === 'defining').map((c) => c.says)).toEqual(['xDS or CA dials to istiod failed from most proxies that were running at the time, for minutes']);
    expect(top!.found!.find((c) => c.says === 'istiod was restarted or replaced during the incident')!.evidence![0]!.excerpt).toContain('istiod-5dc9d477-27gmf created 2023-09-05T07:02:10Z');
    expect(inc.summary).toMatch(/^istiod-unavailable \(0\.\d\d\): xDS or CA dials .* Resolved 26 h before capture\.$/);
  });

  it('shows the 2023-08-09 ~05:19 CA episode inside a past istiod outage, not as an external CA overload', () => {
    // grep: `ca request failed` from 05:19:08.116429 to 05:35:47.618460 in 5 proxies; istiod signs itself.
    const inc = r.incidents!.find((i) => i.start && i.end && Date.parse(i.start) <= Date.parse('2023-08-09T05:19:08Z') && Date.parse(i.end) >= Date.parse('2023-08-09T05:35:47Z'))!;
    expect(inc.status).toBe('past');
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    const ca = inc.findingIds.map((id) => byId.get(id)!).filter((f) => f.code === 'SIG-CA-001');
    expect(ca.map((f) => f.resources[0]!.name).sort()).toEqual(['helloworld-v2-79d5467d55-245sr', 'httpbin-86869bccff-d2mzg', 'httpbin-86869bccff-ztgt8', 'istio-ingressgateway-66ff6cdcf5-ccj9x', 'sleep-9454cc476-ls6sj']);
    expect(ca.map((f) => f.firstSeen).sort()[0]).toBe('2023-08-09T05:19:08.116429Z');
    expect(inc.rootCauses[0]!.id).toBe('istiod-unavailable');
    const external = inc.rootCauses.find((c) => c.id === 'external-ca-overload')!;
    expect(external.confidence).toBeLessThan(0.5);
    expect(external.found!.map((c) => c.says)).toEqual(['CA requests failed across many pods inside one short window']);
    expect(external.against!.map((c) => c.says)).toContain("the CA is istiod's own (no external CA is configured)");
    expect(inc.rootCauses.find((c) => c.id === 'network-policy-blocking')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('names istiod-unavailable only for the outages that lasted minutes; reconnect blips say no cause reaches 0.5', () => {
    // grep `closed since` over every proxy log: 2023-08-09 03:28–05:35 and 06:26:39–08:43:51 (no such host, the five
    // proxies logging then, every few seconds for two hours), 2023-08-16 01:38:27–01:56:42 (connection refused for 18
    // min, before every default pod was recreated at 01:57), 2023-09-05 06:01–07:02 (the reinstall).
    const outages = r.incidents!.filter((i) => i.rootCauses[0]?.id === 'istiod-unavailable' && i.rootCauses[0].confidence >= 0.5).map((i) => i.start);
    expect(outages).toEqual(['2023-08-09T03:28:20.768Z', '2023-08-09T06:26:39.188Z', '2023-08-16T01:38:27.659Z', '2023-09-05T06:01:25.626Z']);
    // 2023-07-31 02:52:36: one stream closed for 43 s, reconnected at 02:53:00; 2023-08-18 08:18:15–08:19:03: 15 proxies
    // lost istiod for under a minute while it restarted.
    for (const start of ['2023-07-31T02:52:36.054Z', '2023-08-18T08:18:15.756Z']) {
      const blip = r.incidents!.find((i) => i.start === start)!;
      expect(blip.status).toBe('past');
      expect(blip.rootCauses[0]!.confidence).toBeLessThan(0.5);
      expect(blip.summary).toMatch(/^no cause reaches 0\.5 /);
    }
    const text = renderText(r, { color: false });
    expect(text).toMatch(/- 2023-08-18 08:18–08:19 UTC, resolved 19 days before capture: no cause reaches 0\.5 \(closest istiod-unavailable 0\.\d\d\)/);
  });

  it('has an incident at capture (istio-cni readiness failing again at 08:55) with no cause at 0.5', () => {
    const now = r.incidents!.filter((i) => i.status === 'at-capture');
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ start: '2023-09-06T08:55:45Z', end: '2023-09-06T08:55:45Z' });
    expect(r.rootCauses.every((c) => c.confidence < 0.5 && c.incidentId === now[0]!.id)).toBe(true);
    expect(now[0]!.summary).toContain('strongest signal: istio-cni node agent kube-system/istio-cni-node-wpwvb failed readiness 7 time(s)');
    expect(r.incidents!.filter((i) => i.status === 'past').every((i) => Date.parse(i.end!) < Date.parse(now[0]!.start!))).toBe(true);
  });

  it('says so in the text report: nothing at 0.5 now, and the outages before capture', () => {
    const text = renderText(r, { color: false });
    expect(text).toContain('Nothing reaches confidence 0.5 now.');
    expect(text).toContain('- 2023-09-05 06:01–07:02 UTC, resolved 26 h before capture: istiod-unavailable');
    expect(text.indexOf('ROOT CAUSE AT CAPTURE')).toBeLessThan(text.indexOf('BEFORE CAPTURE'));
  });
});

describe('bug-report-2023-05-92638fd (Istio 1.17.2 on GKE, ≤1.20 layout, no logs)', () => {
  let r: Report;
  beforeAll(async () => {
    r = await analyzePath(`${CORPUS}/bug-report-2023-05-92638fd.tar.gz`);
  });

  it('is a well-formed report with every entry accounted for', () => {
    expect(reportProblems(r)).toEqual([]);
    expect(r.bundle.files).toHaveLength(38);
    expect(r.bundle.capturedAt).toBe('2023-05-12T18:47:31Z');
    expect(r.bundle.formatVersion).toBe('≤1.20');
  });

  it('knows the one ingress gateway proxy and istiod, and that the bundle holds no logs', () => {
    expect(r.bundle.inventory.proxies).toEqual([{ namespace: 'istio-system', name: 'istio-ingressgateway-55658dd497-zql8c', configDump: true, log: false }]);
    expect(r.bundle.inventory.controlPlane.map((c) => c.name)).toEqual(['istiod-7bf5f89d87-bmlhz']);
    expect(r.bundle.coverage.missing).toEqual(expect.arrayContaining(['istio-proxy logs', 'istiod logs']));
  });

  it('names traffic-interception-failure first: GKE Autopilot refuses istio-init, so no bookinfo pod was ever created', () => {
    // The refusals are outside the mesh (platform/admission-denied); the cause model cites them as evidence.
    const [denied] = r.platform ?? [];
    expect(denied!.code).toBe('MSH7009');
    expect(denied!.resources.map((o) => o.name).sort()).toEqual(['details-v1-5656d65b8f', 'productpage-v1-77dbd45c65', 'ratings-v1-576f949b45', 'reviews-v1-b9777f7ff', 'reviews-v2-5fbd548d55', 'reviews-v3-6f4785bf55']);
    expect(denied!.message).toContain('gkepolicy.common-webhooks.networking.gke.io');
    const [top, ...rest] = r.rootCauses;
    expect(top!.id).toBe('traffic-interception-failure');
    expect(top!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(rest.every((c) => c.confidence < 0.5)).toBe(true);
    const defining = top!.found!.filter((c) => c.role === 'defining');
    expect(defining.map((c) => c.says)).toEqual([expect.stringContaining('a policy refused the pods of an injected namespace because istio-init needs NET_ADMIN/NET_RAW')]);
    // The six bookinfo ReplicaSets' FailedCreate events (x280 each, one platform finding), and the injection label of namespace default.
    expect(defining[0]!.findingIds).toEqual([denied!.id]);
    expect(defining[0]!.evidence).toEqual([{ file: 'bug-report/cluster/k8s-resources', line: 27107, excerpt: 'namespace default is labelled for sidecar injection' }]);
    expect(top!.found!.map((c) => c.says)).toEqual(expect.arrayContaining(['istio-cni is not installed, so every injected pod needs istio-init with NET_ADMIN/NET_RAW', 'the cluster runs GKE Autopilot, which refuses NET_ADMIN']));
    expect(top!.missing!.filter((c) => c.role === 'defining').map((c) => c.says)).toEqual([expect.stringContaining('istio-init or istio-cni could not program redirection'), expect.stringContaining('istio-init or istio-validation crash-looped')]);
    expect(top!.against).toEqual([]);
    // sidecar mode without istio-cni (no DaemonSet, no istio_cni in the injector values): istio-init's steps, no ambient ones
    expect(top!.remediation[0]).toMatch(/^Install istio-cni/);
    expect(top!.remediation.join(' ')).not.toMatch(/ztunnel|Ambient/);
  });

  it('puts the refusals in the incident at capture: every 15 min since 2023-05-09 18:20, last 8 min before capture', () => {
    const now = r.incidents!.find((i) => i.status === 'at-capture')!;
    // Event objects in cluster/k8s-resources: firstTimestamp 2023-05-09T18:20:30Z, lastTimestamp 2023-05-12T18:39:49Z, count 280.
    expect(now).toMatchObject({ start: '2023-05-09T18:20:30Z', end: '2023-05-12T18:39:49Z' });
    expect(r.rootCauses[0]!.incidentId).toBe(now.id);
    expect(r.incidents!.filter((i) => i.status === 'past')).toEqual([]);
  });
});

/**
 * The two real istioctl bug-reports (../shared/corpus/istio-bug-reports) through the whole engine, checked
 * field by field against facts read from the archives themselves (tar listings, wc -l, grep).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';

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

  it('finds the real istiod outage in the proxy logs, but as resolved a day before capture, so no root cause reaches 0.5', () => {
    // 2023-09-05 06:01-07:02 UTC: `lookup istiod.istio-system.svc ... no such host` in every proxy, istiod restarted 07:02.
    const xds = r.findings.filter((f) => f.code === 'SIG-XDS-001');
    expect(xds.length).toBeGreaterThanOrEqual(15);
    const top = r.rootCauses[0];
    expect(top.id).toBe('istiod-unavailable');
    expect(top.summary).toContain('resolved before capture');
    expect(r.rootCauses.every((c) => c.confidence < 0.5)).toBe(true);
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

  it('reports the GKE policy webhook that blocks the bookinfo ReplicaSets outside the mesh findings, and no root cause', () => {
    const [denied] = r.platform ?? [];
    expect(denied.code).toBe('MSH7009');
    expect(denied.resources.map((o) => o.name)).toEqual(expect.arrayContaining(['details-v1-5656d65b8f', 'productpage-v1-77dbd45c65', 'ratings-v1-576f949b45', 'reviews-v1-b9777f7ff']));
    expect(denied.message).toContain('gkepolicy.common-webhooks.networking.gke.io');
    expect(r.findings.filter((f) => f.code === 'SIG-K8S-005')).toEqual([]);
    expect(r.rootCauses.filter((c) => c.confidence >= 0.5)).toEqual([]);
  });
});

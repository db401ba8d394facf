/**
 * Proxy findings join root-cause ranking: on the real productpage sidecar, a route to subset v2 with no
 * |v2| cluster ranks vs-subset-not-found first (citing the dump by JSON path); an expired certificate
 * ranks workload-cert-expired first; pool overflows rank connection-pool-overflow first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProxies } from '../../analyzers/proxy/analyze/index.js';
import { diagnose } from '../../analyzers/correlate/diagnose.js';
import { bundleModel } from '../correlate/model.js';
import { buildControlPlaneSnapshot, buildProxySnapshot, type ProxySnapshot } from '../../analyzers/proxy/snapshot.js';
import { BR_2023_09, ISTIOD_09, loadBugReport, PRODUCTPAGE, type Fixture } from './fixtures.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await loadBugReport(BR_2023_09, [PRODUCTPAGE, ISTIOD_09]);
});

function sidecar(edit: (d: any) => void = () => undefined, extraStats = ''): ProxySnapshot {
  const d = JSON.parse(fx.text(PRODUCTPAGE + 'config_dump?include_eds'));
  edit(d);
  return buildProxySnapshot('default', 'productpage-v1-564d4686f-7kdqf', {
    config_dump: JSON.stringify(d), clusters: fx.text(PRODUCTPAGE + 'clusters'), certs: fx.text(PRODUCTPAGE + 'certs'),
    stats: fx.text(PRODUCTPAGE + 'stats/prometheus') + extraStats, memory: fx.text(PRODUCTPAGE + 'memory'), server_info: fx.text(PRODUCTPAGE + 'server_info'),
  }, { config_dump: PRODUCTPAGE + 'config_dump?include_eds', clusters: PRODUCTPAGE + 'clusters', certs: PRODUCTPAGE + 'certs', stats: PRODUCTPAGE + 'stats/prometheus' });
}

function rank(p: ProxySnapshot, capturedAt: string, expected = false) {
  const cp = buildControlPlaneSnapshot('istio-system', 'istiod-5dc9d477-27gmf', { 'debug/syncz': fx.text(ISTIOD_09 + 'debug/syncz'), metrics: fx.text(ISTIOD_09 + 'metrics') }, { 'debug/syncz': ISTIOD_09 + 'debug/syncz', metrics: ISTIOD_09 + 'metrics' });
  const findings = analyzeProxies({
    proxies: [p], controlPlane: [cp], capturedAt,
    expectedDestinations: expected ? [{ host: 'reviews.default.svc.cluster.local', subset: 'v2', port: 9080, source: { kind: 'VirtualService', namespace: 'default', name: 'reviews', file: 'bug-report/cluster/crs', line: 40 } }] : [],
  });
  return { findings, causes: diagnose({ model: bundleModel({ capturedAt }), findings }).rootCauses };
}

describe('proxy findings in root-cause ranking', () => {
  it('the unchanged real bundle ranks no cause', () => {
    expect(rank(sidecar(), '2023-09-06T09:16:27Z').causes).toEqual([]);
  });

  it('VirtualService subset v2 without a |v2| cluster → vs-subset-not-found first, evidence by JSON path', () => {
    const { findings, causes } = rank(sidecar(), '2023-09-06T09:16:27Z', true);
    expect(causes[0].id).toBe('vs-subset-not-found');
    const f = findings.find((x) => causes[0].findingIds.includes(x.id))!;
    expect(f.evidence.find((e) => e.jsonPath)).toEqual({ file: PRODUCTPAGE + 'config_dump?include_eds', jsonPath: '$.configs[1]', excerpt: 'no cluster named outbound|9080|v2|reviews.default.svc.cluster.local' });
  });

  it('expired workload certificate → workload-cert-expired first', () => {
    expect(rank(sidecar(), '2023-09-07T03:00:00Z').causes[0].id).toBe('workload-cert-expired');
  });

  it('pending-request overflows → connection-pool-overflow first', () => {
    const stats = 'envoy_cluster_upstream_rq_pending_overflow{cluster_name="outbound|9080||reviews.default.svc.cluster.local"} 311\n';
    expect(rank(sidecar(undefined, stats), '2023-09-06T09:16:27Z').causes[0].id).toBe('connection-pool-overflow');
  });
});

/**
 * Intent vs reality table tests for routing, endpoints, traffic stats and resources. Every case starts
 * from the productpage sidecar's real files in the 2023-09 bug-report and changes one thing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProxies } from '../../analyzers/proxy/analyze/index.js';
import { buildControlPlaneSnapshot, buildProxySnapshot, type ProxyAnalysisInput, type ProxySnapshot } from '../../analyzers/proxy/snapshot.js';
import type { Finding } from '../../analyzers/report/schema.js';
import { atPath, BR_2023_09, loadBugReport, PRODUCTPAGE, type Fixture } from './fixtures.js';

const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';
const REVIEWS_V2 = 'outbound|9080|v2|reviews.default.svc.cluster.local';
const CAPTURED = '2023-09-06T09:16:27Z';
let fx: Fixture;
let dumpText: string;

beforeAll(async () => {
  fx = await loadBugReport(BR_2023_09, [PRODUCTPAGE]);
  dumpText = fx.text(PRODUCTPAGE + 'config_dump?include_eds');
});

function proxy(edit: { dump?: (d: any) => void; clusters?: string; stats?: string; memory?: string } = {}, limit?: number): ProxySnapshot {
  const d = JSON.parse(dumpText);
  edit.dump?.(d);
  const p = buildProxySnapshot('default', 'productpage-v1-564d4686f-7kdqf', {
    config_dump: JSON.stringify(d), clusters: edit.clusters ?? fx.text(PRODUCTPAGE + 'clusters'),
    stats: edit.stats ?? fx.text(PRODUCTPAGE + 'stats/prometheus'), memory: edit.memory ?? fx.text(PRODUCTPAGE + 'memory'),
  }, { config_dump: PRODUCTPAGE + 'config_dump?include_eds', clusters: PRODUCTPAGE + 'clusters', stats: PRODUCTPAGE + 'stats/prometheus', memory: PRODUCTPAGE + 'memory' });
  p.memoryLimitBytes = limit;
  return p;
}

function run(input: Partial<ProxyAnalysisInput>): Finding[] {
  return analyzeProxies({ proxies: [], controlPlane: [], capturedAt: CAPTURED, ...input });
}

function section(d: any, type: string): any {
  return d.configs.find((c: any) => c['@type'].endsWith(`.${type}`));
}

/** Add an RDS config "9999" whose reviews route goes to `cluster`. */
function routeTo(cluster: string) {
  return (d: any) => {
    const rds = section(d, 'RoutesConfigDump');
    rds.dynamic_route_configs.push({ version_info: 'v1', route_config: { '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration', name: '9999',
      virtual_hosts: [{ name: 'reviews.default.svc.cluster.local:9080', domains: ['reviews.default.svc.cluster.local'],
        routes: [{ match: { prefix: '/' }, route: { cluster } }] }] } });
  };
}

describe('routing: clusters the routes need', () => {
  it('is quiet on the unchanged real proxy', () => {
    expect(run({ proxies: [proxy()] }).filter((f) => f.rootCauses)).toEqual([]);
  });

  it('a route to subset v2 with no |v2| cluster → MSH6001 vs-subset-not-found, citing the route by JSON path', () => {
    const fs = run({ proxies: [proxy({ dump: routeTo(REVIEWS_V2) })] });
    const f = fs.find((x) => x.code === 'MSH6001')!;
    expect(f.rootCauses).toEqual(['vs-subset-not-found']);
    expect(f.message).toContain(REVIEWS_V2);
    const d = JSON.parse(dumpText);
    routeTo(REVIEWS_V2)(d);
    expect(atPath(d, f.evidence[0].jsonPath!)).toBe(REVIEWS_V2);
    expect(f.evidence[0].file).toBe(PRODUCTPAGE + 'config_dump?include_eds');
  });

  it('a route to a host with no cluster → MSH6002 destination-host-not-found', () => {
    const f = run({ proxies: [proxy({ dump: routeTo('outbound|9080||reviewz.default.svc.cluster.local') })] }).find((x) => x.code === 'MSH6002')!;
    expect(f.rootCauses).toEqual(['destination-host-not-found']);
    expect(f.resources).toEqual([{ kind: 'Pod', namespace: 'default', name: 'productpage-v1-564d4686f-7kdqf' }]);
  });

  it('an expected destination (from the VirtualService) checks every proxy', () => {
    const source = { kind: 'VirtualService', namespace: 'default', name: 'reviews', file: 'bug-report/cluster/crs', line: 120, path: 'spec.http[0].route[0].destination' };
    const fs = run({ proxies: [proxy()], expectedDestinations: [
      { host: 'reviews.default.svc.cluster.local', subset: 'v2', port: 9080, source },
      { host: 'nowhere.default.svc.cluster.local', source },
      { host: 'reviews.default.svc.cluster.local', port: 9080, source },
    ] });
    expect(fs.filter((f) => f.rootCauses).map((f) => [f.code, f.message.match(/outbound\|[^ ,]*/)![0]])).toEqual([
      ['MSH6001', REVIEWS_V2],
      ['MSH6002', 'outbound|||nowhere.default.svc.cluster.local'],
    ]);
    expect(fs[0].evidence[0]).toMatchObject({ file: 'bug-report/cluster/crs', line: 120 });
  });
});

describe('endpoints', () => {
  it('a subset cluster without EDS endpoints → MSH6003 dr-subset-no-endpoints', () => {
    const f = run({ proxies: [proxy({ dump: (d) => {
      const cds = section(d, 'ClustersConfigDump');
      const base = cds.dynamic_active_clusters.find((c: any) => c.cluster.name === REVIEWS);
      cds.dynamic_active_clusters.push({ ...base, cluster: { ...base.cluster, name: REVIEWS_V2 } });
    } })] }).find((x) => x.code === 'MSH6003')!;
    expect(f.rootCauses).toEqual(['dr-subset-no-endpoints']);
    expect(f.evidence[0].excerpt).toContain('no EDS assignment');
  });

  it('a cluster whose hosts all fail health checks → MSH6004 no-healthy-endpoints, citing /clusters lines', () => {
    const clusters = fx.text(PRODUCTPAGE + 'clusters').replace(/^(outbound\|9080\|\|reviews\.default\.svc\.cluster\.local::[^:]+:9080::health_flags::)healthy$/gm, '$1/failed_active_hc');
    const f = run({ proxies: [proxy({ clusters })] }).find((x) => x.code === 'MSH6004')!;
    expect(f.message).toContain('3 endpoint(s), none healthy (failed_active_hc)');
    expect(clusters.split('\n')[f.evidence[0].line! - 1]).toContain('failed_active_hc');
  });
});

describe('traffic stats', () => {
  const stat = (name: string, v: number) => `${name}{cluster_name="${REVIEWS}"} ${v}\n`;

  it('outlier ejections → MSH6005, pool overflows → MSH6006, with stat lines', () => {
    const stats = fx.text(PRODUCTPAGE + 'stats/prometheus') + stat('envoy_cluster_outlier_detection_ejections_enforced_total', 7) + stat('envoy_cluster_upstream_rq_pending_overflow', 42);
    const fs = run({ proxies: [proxy({ stats })] });
    const ej = fs.find((x) => x.code === 'MSH6005')!;
    const ov = fs.find((x) => x.code === 'MSH6006')!;
    expect([ej.rootCauses, ej.message]).toEqual([['outlier-ejection'], expect.stringContaining('7 ejection(s) enforced')]);
    expect([ov.rootCauses, ov.message]).toEqual([['connection-pool-overflow'], expect.stringContaining('42 pending-request overflow(s)')]);
    expect(stats.split('\n')[ov.evidence[0].line! - 1]).toContain('upstream_rq_pending_overflow');
  });

  it('zero counters are not findings', () => {
    const stats = fx.text(PRODUCTPAGE + 'stats/prometheus') + stat('envoy_cluster_upstream_cx_overflow', 0);
    expect(run({ proxies: [proxy({ stats })] }).filter((f) => f.code === 'MSH6006')).toEqual([]);
  });
});

describe('resources and interception', () => {
  it('heap near the memory limit → MSH6032 (error at 90%, warning at 75%)', () => {
    const heap = 19922944;
    const err = run({ proxies: [proxy({}, heap / 0.95)] }).find((x) => x.code === 'MSH6032')!;
    expect([err.severity, err.rootCauses]).toEqual(['error', ['sidecar-resource-exhaustion']]);
    const warn = run({ proxies: [proxy({}, heap / 0.8)] }).find((x) => x.code === 'MSH6032')!;
    expect([warn.severity, warn.rootCauses]).toEqual(['warning', undefined]);
  });

  it('more than 50,000 stat series → MSH6031 warning', () => {
    const stats = Array.from({ length: 50_001 }, (_, i) => `envoy_x{i="${i}"} 0`).join('\n');
    const f = run({ proxies: [proxy({ stats })] }).find((x) => x.code === 'MSH6031')!;
    expect([f.severity, f.message]).toEqual(['warning', expect.stringContaining('50001 stat series')]);
  });

  it('thousands of unused clusters without a Sidecar resource → MSH6030; scoped proxies are left alone', () => {
    const many = (d: any) => {
      const cds = section(d, 'ClustersConfigDump');
      const base = cds.dynamic_active_clusters[0];
      for (let i = 0; i < 1000; i++) cds.dynamic_active_clusters.push({ ...base, cluster: { ...base.cluster, name: `outbound|80||svc-${i}.big.svc.cluster.local` } });
    };
    expect(run({ proxies: [proxy({ dump: many })] }).find((x) => x.code === 'MSH6030')!.message).toMatch(/holds \d{4} clusters but sent traffic to \d+ of them/);
    const scoped = proxy({ dump: many });
    scoped.scopedBySidecar = true;
    expect(run({ proxies: [scoped] }).filter((x) => x.code === 'MSH6030')).toEqual([]);
  });

  it('a sidecar without virtualOutbound (15001) → MSH6040 traffic-interception-failure', () => {
    const f = run({ proxies: [proxy({ dump: (d) => {
      const lds = section(d, 'ListenersConfigDump');
      lds.dynamic_listeners = lds.dynamic_listeners.filter((l: any) => l.name !== 'virtualOutbound');
    } })] }).find((x) => x.code === 'MSH6040')!;
    expect([f.rootCauses, f.message]).toEqual([['traffic-interception-failure'], expect.stringContaining('15001 (virtualOutbound)')]);
  });

  it('istiod resident memory over 4 GiB → MSH6033 istiod-resource-exhaustion', () => {
    const cp = buildControlPlaneSnapshot('istio-system', 'istiod-1', { metrics: 'process_resident_memory_bytes 5.0e+09\n' }, { metrics: 'istio/istio-system/istiod-1/metrics' });
    const f = run({ controlPlane: [cp] }).find((x) => x.code === 'MSH6033')!;
    expect([f.severity, f.rootCauses, f.evidence[0].line]).toEqual(['error', ['istiod-resource-exhaustion'], 1]);
  });
});

/** Parsers of proxy and istiod state, on the corpus bug-report's real files. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigDump, ConfigDumpError } from '../../analyzers/parse/envoy/configdump.js';
import { parseClustersText } from '../../analyzers/parse/envoy/clusters-text.js';
import { parseCerts } from '../../analyzers/parse/envoy/certs.js';
import { parsePrometheus, sumOf } from '../../analyzers/parse/envoy/prometheus.js';
import { parseMemory, parseServerInfo } from '../../analyzers/parse/envoy/server-info.js';
import { parsePushStatus, parseSyncz } from '../../analyzers/parse/envoy/istiod.js';
import { parseZtunnelDump } from '../../analyzers/parse/envoy/ztunnel.js';
import { parsePemChain } from '../../analyzers/parse/envoy/x509.js';
import { secretRows } from '../../analyzers/proxy/render/secret.js';
import { atPath, BR_2023_09, corpusText, ISTIOD_09, loadBugReport, PRODUCTPAGE, type Fixture } from './fixtures.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await loadBugReport(BR_2023_09, [PRODUCTPAGE, ISTIOD_09]);
});

describe('ConfigDump (envoy.admin.v3.ConfigDump)', () => {
  it('reads every section of a real dump and cites items by JSON path', () => {
    const text = fx.text(PRODUCTPAGE + 'config_dump?include_eds');
    const dump = ConfigDump.parse(text);
    expect(dump.types()).toEqual(expect.arrayContaining(['BootstrapConfigDump', 'ClustersConfigDump', 'ListenersConfigDump', 'RoutesConfigDump', 'SecretsConfigDump', 'EndpointsConfigDump']));
    expect(dump.hasEds()).toBe(true);
    const raw = JSON.parse(text);
    const reviews = dump.clusters().find((c) => c.name === 'outbound|9080||reviews.default.svc.cluster.local')!;
    expect((atPath(raw, reviews.jsonPath) as any).name).toBe(reviews.name);
    const eds = dump.endpoints().find((e) => e.clusterName === reviews.name)!;
    expect((atPath(raw, eds.jsonPath) as any).cluster_name).toBe(reviews.name);
    expect(dump.secrets().map((s) => [s.name, s.state])).toEqual([['default', 'active'], ['ROOTCA', 'active']]);
    expect(dump.listeners().some((l) => l.name === 'virtualOutbound')).toBe(true);
  });

  it('tolerates unknown section types and camelCase field names', () => {
    const dump = ConfigDump.fromJson({ configs: [
      { '@type': 'type.googleapis.com/envoy.admin.v3.FutureConfigDump', x: 1 },
      { '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', staticClusters: [{ cluster: { name: 'a', type: 'STATIC' } }] },
    ] });
    expect(dump.unknownTypes()).toEqual(['FutureConfigDump']);
    expect(dump.clusters().map((c) => [c.name, c.jsonPath])).toEqual([['a', '$.configs[1].staticClusters[0].cluster']]);
  });

  it('rejects text that is not a config dump', () => {
    expect(() => ConfigDump.parse('upstream connect error')).toThrow(ConfigDumpError);
    expect(() => ConfigDump.parse('{"foo": 1}')).toThrow(/no "configs" array/);
  });
});

describe('x509 reader', () => {
  it('reads the SDS certificates the same as Envoy reports them in /certs', () => {
    const rows = secretRows(ConfigDump.parse(fx.text(PRODUCTPAGE + 'config_dump?include_eds')), new Date('2023-09-06T09:16:27Z'));
    const certs = parseCerts(fx.text(PRODUCTPAGE + 'certs'));
    const chain = certs.find((c) => c.kind === 'chain')!;
    const ca = certs.find((c) => c.kind === 'ca')!;
    expect(rows.map((r) => [r.name, r.type, r.serial, r.notBefore, r.notAfter, r.valid])).toEqual([
      ['default', 'Cert Chain', chain.serial, chain.validFrom, chain.expiration, true],
      ['ROOTCA', 'CA', ca.serial, ca.validFrom, ca.expiration, true],
    ]);
    expect(rows[0].cert!.uris).toEqual(chain.sans);
  });

  it('skips malformed PEM blocks with a reason', () => {
    const r = parsePemChain('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
    expect(r.certs).toEqual([]);
    expect(r.errors[0]).toMatch(/DER|truncated/);
  });
});

describe('Envoy admin text and JSON endpoints', () => {
  it('/clusters: hosts, health flags, circuit breakers', () => {
    const c = parseClustersText(fx.text(PRODUCTPAGE + 'clusters'));
    const reviews = c.clusters.find((x) => x.name === 'outbound|9080||reviews.default.svc.cluster.local')!;
    expect(reviews.hosts.length).toBe(3);
    expect(reviews.hosts.every((h) => h.healthy && h.healthFlags[0] === 'healthy' && h.stats.cx_active !== undefined)).toBe(true);
    expect(reviews.circuitBreakers.default_priority.max_connections).toBe(4294967295);
    expect(reviews.settings.added_via_api).toBe('true');
    expect(c.skippedLines).toBe(0);
  });

  it('/clusters: IPv6 hosts and failed flags', () => {
    const c = parseClustersText('out|80||a::[fd00::1]:80::health_flags::/failed_outlier_check/failed_active_hc\nout|80||a::[fd00::1]:80::rq_error::5\n');
    expect(c.clusters[0].hosts).toEqual([{ address: '[fd00::1]:80', healthFlags: ['failed_outlier_check', 'failed_active_hc'], healthy: false, stats: { rq_error: 5 }, line: 1, healthFlagsLine: 1 }]);
  });

  it('/certs folds repeated contexts', () => {
    const certs = parseCerts(fx.text(PRODUCTPAGE + 'certs'));
    expect(certs.filter((c) => c.kind === 'ca').map((c) => c.serial)).toEqual(['b4e590a571e33571e4a4fd792de23f29']);
    expect(certs.find((c) => c.kind === 'chain')!.sans).toEqual(['spiffe://cluster.local/ns/default/sa/bookinfo-productpage']);
  });

  it('Prometheus text, filtered while reading', () => {
    const text = fx.text(PRODUCTPAGE + 'stats/prometheus');
    const p = parsePrometheus(text, (n) => n === 'envoy_cluster_upstream_cx_total');
    expect(p.seriesCount).toBe(text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length);
    expect(p.samples.length).toBeGreaterThan(0);
    expect(p.samples.every((s) => s.name === 'envoy_cluster_upstream_cx_total' && s.labels.cluster_name)).toBe(true);
    const q = parsePrometheus('# TYPE m counter\nm{a="x\\"y",b="1\\\\2"} 3 1700000000\nm{a="z"} +Inf\nbad line\n');
    expect(q.samples.map((s) => [s.labels, s.value, s.line])).toEqual([[{ a: 'x"y', b: '1\\2' }, 3, 2], [{ a: 'z' }, Infinity, 3]]);
    expect(q.skippedLines).toBe(1);
    expect(sumOf(q, 'm', (l) => l.a === 'x"y')).toBe(3);
  });

  it('server_info and memory', () => {
    const si = parseServerInfo(fx.text(PRODUCTPAGE + 'server_info'));
    expect([si.envoyVersion, si.state, si.uptimeCurrentEpochMs]).toEqual(['1.28.0-dev', 'LIVE', 1_840_746_000]);
    const m = parseMemory(fx.text(PRODUCTPAGE + 'memory'));
    expect([m.allocatedBytes, m.heapSizeBytes]).toEqual([13799888, 19922944]);
  });
});

describe('istiod debug endpoints', () => {
  it('syncz: one status per proxy with nonces per type', () => {
    const s = parseSyncz(fx.text(ISTIOD_09 + 'debug/syncz'));
    expect(s.length).toBe(17);
    const pp = s.find((x) => x.proxy === 'productpage-v1-564d4686f-7kdqf.default')!;
    expect(pp.sent.cluster).toBe(pp.acked.cluster);
    expect(pp.sent.extensionconfig).toBeUndefined();
  });

  it('push_status: empty when idle, entries otherwise', () => {
    expect(parsePushStatus(fx.text(ISTIOD_09 + 'debug/push_status'))).toEqual([]);
    const e = parsePushStatus('{"ProxyStatus":{"pilot_conflict_outbound_listener_tcp_over_current_tcp":{"0.0.0.0:9080":{"proxy":"a.b","message":"conflict"}}}}');
    expect(e).toEqual([{ metric: 'pilot_conflict_outbound_listener_tcp_over_current_tcp', key: '0.0.0.0:9080', proxy: 'a.b', message: 'conflict', jsonPath: '$.ProxyStatus["pilot_conflict_outbound_listener_tcp_over_current_tcp"]["0.0.0.0:9080"]' }]);
  });
});

describe('ztunnel config dump', () => {
  it('reads workloads, services, policies, certificates and connection state', () => {
    const z = parseZtunnelDump(corpusText('ztunnel__dump.json'));
    expect([z.workloads.length, z.services.length, z.policies.length, z.certificates.length, z.workloadState.length]).toEqual([27, 19, 2, 4, 6]);
    expect(z.workloads.find((w) => w.name === 'ratings-v1-6484c4d9bb-mdxm5')!.waypoint).toEqual({ destination: '/10.96.65.117', port: 15008 });
    expect(z.certificates.map((c) => c.state)).toContain('Initializing');
  });
});

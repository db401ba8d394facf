/**
 * Intent vs reality table tests for certificates, xDS sync, rejected config, push status, version skew
 * and ambient, plus the real bug-reports, which must yield no root cause from proxy state.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeProxies } from '../../analyzers/proxy/analyze/index.js';
import { loadProxyInput } from '../../analyzers/node/commands/proxy-snapshots.js';
import { buildControlPlaneSnapshot, buildProxySnapshot, type ProxyAnalysisInput, type ProxySnapshot } from '../../analyzers/proxy/snapshot.js';
import type { Finding } from '../../analyzers/report/schema.js';
import { BR_2023_05, BR_2023_09, corpusText, ISTIOD_09, loadBugReport, PRODUCTPAGE, type Fixture } from './fixtures.js';

const CAPTURED = '2023-09-06T09:16:27Z';
let fx: Fixture;

beforeAll(async () => {
  fx = await loadBugReport(BR_2023_09, [PRODUCTPAGE, ISTIOD_09]);
});

function productpage(edit?: (d: any) => void): ProxySnapshot {
  const d = JSON.parse(fx.text(PRODUCTPAGE + 'config_dump?include_eds'));
  edit?.(d);
  return buildProxySnapshot('default', 'productpage-v1-564d4686f-7kdqf', { config_dump: JSON.stringify(d), certs: fx.text(PRODUCTPAGE + 'certs') },
    { config_dump: PRODUCTPAGE + 'config_dump?include_eds', certs: PRODUCTPAGE + 'certs' });
}

function run(input: Partial<ProxyAnalysisInput>): Finding[] {
  return analyzeProxies({ proxies: [], controlPlane: [], capturedAt: CAPTURED, ...input });
}

const codes = (fs: Finding[]) => fs.map((f) => f.code);

describe('certificates, judged at capture time', () => {
  it('valid 24h workload certificates are not findings', () => {
    expect(run({ proxies: [productpage()] })).toEqual([]);
  });

  it('expired workload certificate → MSH6010 critical workload-cert-expired', () => {
    const f = run({ proxies: [productpage()], capturedAt: '2023-09-07T03:00:00Z' }).find((x) => x.code === 'MSH6010')!;
    expect([f.severity, f.rootCauses]).toEqual(['critical', ['workload-cert-expired']]);
    expect(f.message).toContain('expired at 2023-09-07T01:57:13Z');
    expect(f.evidence[0]).toMatchObject({ file: PRODUCTPAGE + 'config_dump?include_eds', jsonPath: '$.configs[6].dynamic_active_secrets[0]' });
  });

  it('certificate issued after capture → MSH6011 (clock skew)', () => {
    expect(codes(run({ proxies: [productpage()], capturedAt: '2023-09-06T01:00:00Z' }))).toEqual(['MSH6011']);
  });

  it('root close to expiry, past half its life → MSH6012 (warning within 7 days, info within 30)', () => {
    const soon = run({ proxies: [productpage()], capturedAt: '2033-06-22T00:00:00Z' }).find((x) => x.code === 'MSH6012')!;
    expect([soon.severity, soon.rootCauses, soon.message]).toEqual(['warning', undefined, expect.stringContaining('Root CA certificate b4e590a571e33571e4a4fd792de23f29')]);
    expect(run({ proxies: [productpage()], capturedAt: '2033-06-10T00:00:00Z' }).find((x) => x.code === 'MSH6012')!.severity).toBe('info');
  });

  it('falls back to /certs when a proxy has no config dump', () => {
    const p = buildProxySnapshot('default', 'pp', { certs: fx.text(PRODUCTPAGE + 'certs') }, { certs: PRODUCTPAGE + 'certs' });
    const f = run({ proxies: [p], capturedAt: '2023-09-08T00:00:00Z' }).find((x) => x.code === 'MSH6010')!;
    expect(f.evidence[0]).toMatchObject({ file: PRODUCTPAGE + 'certs', jsonPath: '$.certificates[0].cert_chain[0]' });
  });

  it('proxies trusting different roots → MSH6013 root-cert-mismatch', () => {
    const other = buildProxySnapshot('istio-system', 'gw', { config_dump: corpusText('writer__envoy__configdump__secret__istio__config_dump.json') }, { config_dump: 'other/config_dump' });
    const fs = run({ proxies: [productpage(), other], capturedAt: '2023-05-15T12:00:00Z' });
    const f = fs.find((x) => x.code === 'MSH6013')!;
    expect(f.rootCauses).toEqual(['root-cert-mismatch']);
    expect(f.message).toContain('2 different root CAs');
    expect(fs.find((x) => x.code === 'MSH6015')!.message).toContain('"configmap://some/thing"');
  });

  it('several SPIFFE trust domains → MSH6014 warning', () => {
    const spire = buildProxySnapshot('a', 'spire', { config_dump: corpusText('writer__envoy__configdump__secret__spire__config_dump.json') }, { config_dump: 'spire/config_dump' });
    const f = run({ proxies: [productpage(), spire], capturedAt: '2024-10-27T22:00:00Z' }).find((x) => x.code === 'MSH6014')!;
    expect([f.severity, f.message]).toEqual(['warning', expect.stringContaining('cluster.local, east.local')]);
  });
});

describe('xDS state', () => {
  const syncz = (edit: (s: any[]) => void) => {
    const s = JSON.parse(fx.text(ISTIOD_09 + 'debug/syncz'));
    edit(s);
    return buildControlPlaneSnapshot('istio-system', 'istiod-5dc9d477-27gmf', { 'debug/syncz': JSON.stringify(s), metrics: 'istio_build{component="pilot",tag="1.20.0"} 1\n' }, { 'debug/syncz': ISTIOD_09 + 'debug/syncz' });
  };

  it('a proxy whose acked nonce lags → MSH6020 xds-push-stale, citing its syncz entry', () => {
    const cp = syncz((s) => { s[1].route_acked = 'old-nonce'; s[1].cluster_acked = ''; });
    const f = run({ controlPlane: [cp] }).find((x) => x.code === 'MSH6020')!;
    expect([f.rootCauses, f.message]).toEqual([['xds-push-stale'], 'details-v1-5f4d584748-ztplf.default is STALE (Never Acknowledged)/STALE for CDS, RDS according to istiod-5dc9d477-27gmf']);
    expect(f.evidence[0].jsonPath).toBe('$[1]');
  });

  it('proxy versions other than istiod\'s → MSH6023 warning only', () => {
    const f = run({ controlPlane: [syncz(() => undefined)] }).find((x) => x.code === 'MSH6023')!;
    expect([f.severity, f.rootCauses, f.message]).toEqual(['warning', undefined, '5 proxy(ies) run Istio 1.18-dev, 1.19-dev while istiod runs 1.20.0']);
  });

  it('a listener Envoy rejected → MSH6021', () => {
    const p = productpage((d) => {
      const lds = d.configs.find((c: any) => c['@type'].endsWith('.ListenersConfigDump'));
      lds.dynamic_listeners[0].error_state = { details: 'Error adding/updating listener(s) virtualOutbound: duplicate filter chain match', last_update_attempt: '2023-09-06T09:00:00Z' };
    });
    const f = run({ proxies: [p] }).find((x) => x.code === 'MSH6021')!;
    expect([f.rootCauses, f.message]).toEqual([['xds-push-stale'], expect.stringContaining('duplicate filter chain match')]);
    expect(f.evidence[0].jsonPath).toBe('$.configs[3].dynamic_listeners[0].error_state');
  });

  it('push_status conflicts → MSH6022 warning', () => {
    const cp = buildControlPlaneSnapshot('istio-system', 'istiod-1', { 'debug/push_status': '{"ProxyStatus":{"pilot_conflict_inbound_listener":{"reviews-v1.default":{"proxy":"reviews-v1.default","message":"Conflicting inbound listener:9080"}}}}' }, { 'debug/push_status': 'istio/istio-system/istiod-1/debug/push_status' });
    expect(run({ controlPlane: [cp] }).map((f) => [f.code, f.severity])).toEqual([['MSH6022', 'warning']]);
  });
});

describe('ambient (ztunnel dump)', () => {
  const z = () => buildProxySnapshot('istio-system', 'ztunnel-qk2pp', { config_dump: corpusText('ztunnel__dump.json') }, { config_dump: 'proxies/istio-system/ztunnel-qk2pp/config_dump' });

  it('ztunnel certificates initializing or unavailable → MSH6052', () => {
    const fs = run({ proxies: [z()] }).filter((f) => f.code === 'MSH6052');
    expect(fs.map((f) => [f.severity, f.message.split(' (')[0]])).toEqual([
      ['warning', 'ztunnel istio-system/ztunnel-qk2pp has no certificate for spiffe://cluster.local/ns/istio-system/sa/ztunnel'],
      ['error', 'ztunnel istio-system/ztunnel-qk2pp has no certificate for spiffe://cluster.local/ns/istio-system/sa/another-sa'],
      ['error', 'ztunnel istio-system/ztunnel-qk2pp has no certificate for spiffe://cluster.local/ns/istio-system/sa/istiod'],
    ]);
  });

  it('ambient pods ztunnel does not know → MSH6050; a waypoint that resolves nowhere → MSH6051', () => {
    const snap = z();
    snap.ztunnel!.services = snap.ztunnel!.services.filter((s) => s.name !== 'namespace-istio-waypoint');
    const fs = run({ proxies: [snap], ambientPods: [
      { namespace: 'bookinfo', name: 'ratings-v1-6484c4d9bb-mdxm5', ip: '10.244.2.54' },
      { namespace: 'bookinfo', name: 'ghost-1', ip: '10.244.9.9', file: 'bug-report/cluster/pods', line: 10 },
    ] });
    const unknown = fs.find((f) => f.code === 'MSH6050')!;
    expect([unknown.rootCauses, unknown.message]).toEqual([['ambient-dataplane-failure'], expect.stringContaining('bookinfo/ghost-1')]);
    expect(fs.find((f) => f.code === 'MSH6051')!.message).toBe('5 workload(s)/service(s) use waypoint /10.96.65.117, which ztunnel istio-system/ztunnel-qk2pp cannot resolve to a service');
  });
});

describe('real bug-reports', () => {
  it.each([BR_2023_05, BR_2023_09])('%s: no proxy finding names a root cause', async (bundle) => {
    const input = await loadProxyInput(bundle);
    expect(input.proxies.length).toBeGreaterThan(0);
    expect(input.proxies.every((p) => p.configDump && p.warnings.length === 0)).toBe(true);
    const fs = analyzeProxies(input);
    expect(fs.filter((f) => f.rootCauses)).toEqual([]);
  });
});

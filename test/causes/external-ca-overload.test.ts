/**
 * external-ca-overload: an external CA (istio-csr here) and CA request failures across many pods in one
 * short window, as in the seed incident, where every CSR object said Signed and no pod burst was in the bundle.
 */
import { describe, expect, it } from 'vitest';
import { agent, deployment, namespace, pod, reasons, run, times } from './harness.js';

const EXTERNAL = [{ name: 'ENABLE_CA_SERVER', value: 'false' }, { name: 'CA_ADDR', value: 'cert-manager-istio-csr.cert-manager.svc:443' }];
const csr = (name: string) => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name, creationTimestamp: '2026-03-15T10:19:00Z' }, spec: { signerName: 'istio.io/foo' }, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved', message: 'The CSR has been signed' }], certificate: 'LS0t' } });

function storm(pods: string[], start = '2026-03-15T10:19:02.000Z') {
  const logs: Record<string, string[]> = {};
  for (const p of pods) {
    logs[`shop/${p}`] = [
      ...times(start, 12, 8).map((t, i) => agent(t.replace('Z', '123Z'), 'warn', 'ca', `ca request failed, starting attempt ${(i % 5) + 1} in ${(100 * 2 ** (i % 5)).toFixed(6)}ms`)),
      agent('2026-03-15T10:21:05.000511Z', 'warn', '', 'Aborting proxy').replace('\t\t', '\t'),
    ];
  }
  return logs;
}
const shopPods = ['cart-6d4f7-a1', 'cart-6d4f7-a2', 'checkout-8b2c1-b1', 'checkout-8b2c1-b2', 'web-5f9d-c1', 'web-5f9d-c2'];
const objects = (env: Array<{ name: string; value: string }>, istiodReplicas = 3) => [
  namespace('shop', { 'istio-injection': 'enabled' }),
  deployment('istio-system', 'istiod', { replicas: istiodReplicas, env }),
  ...(env.length ? [deployment('cert-manager', 'cert-manager-istio-csr')] : []),
  ...shopPods.map((p) => pod('shop', p)),
  csr('istio-csr-1'), csr('istio-csr-2'), csr('istio-csr-3'),
];

describe('external-ca-overload', () => {
  it('is defined by an external CA and CA failures in six pods within two minutes, though every CSR says Signed and no burst is seen', async () => {
    const o = await run({ name: 'seed incident', objects: objects(EXTERNAL, 40), proxyLogs: storm(shopPods) });
    const r = reasons(o.cause('external-ca-overload'))!;
    expect(o.diagnosis.rootCauses[0]!.id).toBe('external-ca-overload');
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual([expect.stringMatching(/^the CA is external .* and CA requests failed across many pods inside one short window$/)]);
    expect(o.cause('external-ca-overload')!.found!.map((c) => c.says)).toEqual(expect.arrayContaining(['pilot-agent aborted proxies that got no certificate in time (Aborting proxy)', 'many istiod replicas, each opening its own connections to the CA']));
    expect(o.report.findings.filter((f) => f.code === 'MSH5004' || f.code === 'MSH5005')).toEqual([]);
    // istiod's own trouble would be a symptom here: nothing else is likely.
    expect(o.diagnosis.rootCauses.slice(1).every((c) => c.confidence < 0.5)).toBe(true);
  });

  it('is not claimed when istiod signs itself: the same storm points at istiod or the network', async () => {
    const o = await run({ name: 'istiod CA', objects: objects([]), proxyLogs: storm(shopPods) });
    const r = reasons(o.cause('external-ca-overload'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against ?? []).toContain("the CA is istiod's own (no external CA is configured)");
  });

  it('is not claimed for CA failures in a single pod', async () => {
    const o = await run({ name: 'one pod', objects: objects(EXTERNAL), proxyLogs: storm(shopPods.slice(0, 1)) });
    expect(o.cause('external-ca-overload')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('states its preconditions for the fleet view: external CA, many istiod replicas', async () => {
    const o = await run({ name: 'exposure', objects: [...objects(EXTERNAL, 40), deployment('shop', 'web', { replicas: 300, maxSurge: '100%' })], capturedAt: '2026-03-15T10:30:00Z' });
    const ex = o.report.exposure!.filter((e) => e.cause === 'external-ca-overload');
    expect(ex.map((e) => [e.says.split(' ').slice(0, 4).join(' '), e.holds])).toEqual([
      ['workload certificates come from', true], ['many istiod replicas (5', true], ['rollouts can restart hundreds', true], ['no CA or CSR', true],
    ]);
    expect(ex[0]!.evidence.map((e) => e.excerpt)).toEqual(['istiod ENABLE_CA_SERVER=false', 'istiod CA_ADDR=cert-manager-istio-csr.cert-manager.svc:443', 'istio-csr Deployment cert-manager/cert-manager-istio-csr']);
    // the untuned-timeout precondition cites the places it searched, not the external-CA setting
    expect(ex[3]!.evidence.map((e) => e.excerpt)).toEqual(['Deployment istio-system/istiod sets no CA or CSR timeout', 'Deployment cert-manager/cert-manager-istio-csr sets no CA or CSR timeout']);
  });
});

/**
 * network-policy-blocking: a NetworkPolicy selecting the failing pods without allowing istiod's port, and
 * timeouts on that path; refusals and policies elsewhere do not count.
 */
import { describe, expect, it } from 'vitest';
import { agent, deployment, namespace, networkPolicy, pod, reasons, run, times } from './harness.js';

const dial = (cause: string) => (t: string) => agent(t, 'warning', 'envoy config', `StreamAggregatedResources gRPC config stream closed since 749s ago: 14, connection error: desc = "transport: Error while dialing dial tcp 10.109.4.175:15012: ${cause}"`);
const base = [
  namespace('shop', { 'istio-injection': 'enabled' }), namespace('istio-system'), namespace('argocd'),
  deployment('istio-system', 'istiod'), pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod', istio: 'pilot' }, sidecar: false, ip: '10.244.0.5' }),
  pod('shop', 'web-1', { labels: { app: 'web' }, ip: '10.244.1.5' }), pod('shop', 'web-2', { labels: { app: 'web' }, ip: '10.244.1.6' }),
];
const denyEgress = networkPolicy('shop', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }] }] });
const argo = networkPolicy('argocd', 'argocd-server', { podSelector: { matchLabels: { app: 'argocd-server' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] });
const logs = (cause: string) => Object.fromEntries(['web-1', 'web-2'].map((p) => [`shop/${p}`, times('2026-03-15T10:05:00.000Z', 20, 40).map((t) => dial(cause)(t.replace('Z', '000Z')))]));

describe('network-policy-blocking', () => {
  it('is defined by a default-deny egress policy on the pods whose dials to istiod:15012 time out (dial wording of an i/o timeout to 15012 as istio-proxy logs it)', async () => {
    const o = await run({ name: 'deny egress', objects: [...base, denyEgress], proxyLogs: logs('i/o timeout') });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('network-policy-blocking');
    const rc = o.cause('network-policy-blocking')!;
    expect(rc.found![0]!.evidence![0]!.excerpt).toMatch(/^NetworkPolicy shop\/default-deny-egress does not let shop\/web-[12] reach istio-system\/istiod-7b9c-x1:15012$/);
  });

  it('is not claimed when the only policies are elsewhere (ArgoCD\'s), whatever the failures', async () => {
    const o = await run({ name: 'elsewhere', objects: [...base, argo], proxyLogs: logs('i/o timeout') });
    const r = reasons(o.cause('network-policy-blocking'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toContain('no NetworkPolicy selects the failing pods or istiod (policies elsewhere do not count)');
  });

  it('is not claimed for refused connections: a port that answers is not dropped by a policy', async () => {
    const o = await run({ name: 'refused', objects: [...base, argo], proxyLogs: logs('connect: connection refused') });
    expect(o.cause('network-policy-blocking')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

/** sidecar-not-injected: pods without istio-proxy in an injected namespace, created while the injector failed. */
import { describe, expect, it } from 'vitest';
import { access, deployment, event, namespace, pod, reasons, run, service, times } from './harness.js';

describe('sidecar-not-injected', () => {
  it('is defined by pods without a sidecar in an injected namespace while the injection webhook was failing', async () => {
    const failing = event({ ns: 'shop', kind: 'ReplicaSet', name: 'web-5f9d', reason: 'FailedCreate', message: 'Error creating: Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": context deadline exceeded', first: '2026-03-15T10:05:00Z', last: '2026-03-15T10:25:00Z', count: 30 });
    const o = await run({ name: 'created while failing', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop', { 'istio-injection': 'enabled' }), deployment('istio-system', 'istiod'), pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod' }, sidecar: false }), pod('shop', 'web-5f9d-w1', { sidecar: false, created: '2026-03-15T10:12:00Z' }), failing] });
    // The webhook failure is what broke first: the pods without sidecars are its symptom, not a cause of their own.
    const [top] = o.diagnosis.rootCauses;
    expect(top!.id).toBe('injection-webhook-failure');
    const missing = o.report.findings.find((f) => f.code === 'IST0103')!;
    expect(top!.symptoms.map((s) => s.findingId)).toContain(missing.id);
    expect(o.cause('sidecar-not-injected')!.confidence).toBeLessThan(0.5);
  });

  it('is defined by pods left without a sidecar while requests to their Service fail', async () => {
    const UF = (t: string) => access({ time: t, code: 503, flags: 'UF', details: 'upstream_reset_before_response_started{connection_termination}', authority: 'web:8080', cluster: 'outbound|8080||web.shop.svc.cluster.local' });
    const o = await run({ name: 'no sidecar, calls fail', objects: [namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'web-5f9d-w1', { labels: { app: 'web' }, sidecar: false }), pod('shop', 'front-1', { labels: { app: 'front' } }), service('shop', 'web', { app: 'web' }, [{ port: 8080 }])], proxyLogs: { 'shop/front-1': times('2026-03-15T10:05:00.000Z', 20, 30).map(UF) } });
    const r = reasons(o.cause('sidecar-not-injected'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(['pods in namespaces that should be injected have no istio-proxy, and requests to their Services fail']);
  });

  it('is not a candidate from an uninjected pod alone, with nothing failing', async () => {
    const o = await run({ name: 'quiet', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'web-5f9d-w1', { sidecar: false })] });
    expect(o.cause('sidecar-not-injected')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

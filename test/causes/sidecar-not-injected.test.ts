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

  it('is defined by a workload whose old pods the kubelet stopped with istio-proxy and whose new pods have none', async () => {
    const killing = { ...event({ ns: 'shop', kind: 'Pod', name: 'web-5f9d4c7b8-x2k4p', type: 'Normal', reason: 'Killing', message: 'Stopping container istio-proxy', first: '2026-03-15T10:08:00Z' }), involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-5f9d4c7b8-x2k4p', fieldPath: 'spec.containers{istio-proxy}' } };
    const o = await run({ name: 'label removed', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop'), pod('shop', 'web-7c8d9e0f1-q8w2z', { sidecar: false, created: '2026-03-15T10:08:05Z' }), pod('kube-system', 'istio-cni-node-a1', { sidecar: false }), killing, event({ ns: 'kube-system', kind: 'Pod', name: 'istio-cni-node-a1', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', first: '2026-03-15T10:20:00Z' })] });
    const rc = o.cause('sidecar-not-injected')!;
    expect(reasons(rc)!.defining).toEqual(['pods of a workload ran with istio-proxy before and its new pods have none (the sidecar was lost on a rollout)']);
    expect(rc.found![0]!.evidence!.map((e) => e.excerpt)).toEqual(['Normal Killing: Stopping container istio-proxy', 'shop/web-7c8d9e0f1-q8w2z: no istio-proxy container']);
    expect(rc.found!.map((c) => c.says)).toContain('the namespace of those workloads is not labelled for injection (IST0102)');
  });

  it('is not defined by a workload moved to ambient mode: its new pods have no sidecar by design', async () => {
    const killing = { ...event({ ns: 'shop', kind: 'Pod', name: 'web-5f9d4c7b8-x2k4p', type: 'Normal', reason: 'Killing', message: 'Stopping container istio-proxy', first: '2026-03-15T10:08:00Z' }), involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-5f9d4c7b8-x2k4p', fieldPath: 'spec.containers{istio-proxy}' } };
    const bare = pod('shop', 'web-7c8d9e0f1-q8w2z', { sidecar: false, created: '2026-03-15T10:08:05Z' });
    const byNamespace = await run({ name: 'namespace ambient', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop', { 'istio.io/dataplane-mode': 'ambient' }), bare, killing] });
    expect(reasons(byNamespace.cause('sidecar-not-injected'))?.defining ?? []).toEqual([]);
    const redirected = pod('shop', 'web-7c8d9e0f1-q8w2z', { sidecar: false, created: '2026-03-15T10:08:05Z' }) as any;
    redirected.metadata.annotations = { 'ambient.istio.io/redirection': 'enabled' };
    const byPod = await run({ name: 'pod redirected', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop'), redirected, killing] });
    expect(reasons(byPod.cause('sidecar-not-injected'))?.defining ?? []).toEqual([]);
  });
});

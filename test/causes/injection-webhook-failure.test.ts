/** injection-webhook-failure: the API server cannot call the injector for a reason other than istiod being down. */
import { describe, expect, it } from 'vitest';
import { deployment, event, pod, reasons, run } from './harness.js';

// Wording of the FailedCreate event from istio/istio#16363 (corpus), newer Go quoting the URL.
const x509 = 'Error creating: Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": x509: certificate signed by unknown authority';
const noEndpoints = 'Error creating: Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": no endpoints available for service "istiod"';
const istiod = (ready: boolean) => [deployment('istio-system', 'istiod'), pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod' }, sidecar: false, ready })];
const failed = (message: string) => event({ ns: 'shop', kind: 'ReplicaSet', name: 'web-5f9d', reason: 'FailedCreate', message, first: '2026-03-15T10:05:00Z', last: '2026-03-15T10:28:00Z', count: 19 });

describe('injection-webhook-failure', () => {
  it('is defined by FailedCreate from the injector with an x509 error while istiod is Ready', async () => {
    const o = await run({ name: 'caBundle mismatch', objects: [...istiod(true), failed(x509)], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('injection-webhook-failure');
    expect(reasons(o.cause('injection-webhook-failure'))!.defining).toHaveLength(1);
  });

  it('is not claimed when the webhook had no endpoints because istiod was down; that is istiod-unavailable', async () => {
    const o = await run({ name: 'istiod down', objects: [...istiod(false), failed(noEndpoints)], capturedAt: '2026-03-15T10:30:00Z' });
    const r = reasons(o.cause('injection-webhook-failure'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(o.diagnosis.rootCauses[0]!.id).toBe('istiod-unavailable');
  });
});

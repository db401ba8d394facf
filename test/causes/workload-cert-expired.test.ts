/** workload-cert-expired: a certificate expired (logs or dumps); real dumps are covered by samples/cert-expired. */
import { describe, expect, it } from 'vitest';
import { agent, namespace, pod, reasons, run, times } from './harness.js';

// Istio's wording when istiod's serving certificate (or the root) expired, seen by the agent (Go x509).
const expired = (t: string) => agent(t, 'warning', 'envoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193', 'StreamAggregatedResources gRPC config stream to xds-grpc closed since 31s ago: 14, connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-03-15T10:05:01Z is after 2026-03-15T10:00:00Z"\tthread=21');

describe('workload-cert-expired', () => {
  it('is defined by x509 expiry errors in the proxies\' logs', async () => {
    const o = await run({ name: 'expired', objects: [namespace('shop'), pod('shop', 'web-1')], proxyLogs: { 'shop/web-1': times('2026-03-15T10:05:01.000Z', 20, 60).map((t) => expired(t.replace('Z', '000Z'))) } });
    const r = reasons(o.cause('workload-cert-expired'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(['logs say a certificate in use expired or is not yet valid (x509 … expired, CERTIFICATE_EXPIRED)']);
    // The same lines are not read as istiod being down.
    expect(o.cause('istiod-unavailable')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is not a candidate without any expiry', async () => {
    const o = await run({ name: 'quiet', objects: [namespace('shop'), pod('shop', 'web-1')], proxyLogs: { 'shop/web-1': [agent('2026-03-15T10:05:01.000000Z', 'info', 'cache', 'generated new workload certificate')] } });
    expect(o.cause('workload-cert-expired')).toBeUndefined();
  });
});

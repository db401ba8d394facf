/** root-cert-mismatch: peers reject each other's certificates as signed by an unknown authority. */
import { describe, expect, it } from 'vitest';
import { agent, namespace, pod, reasons, run, times } from './harness.js';

// corpus #98 wording (istiod's certificate from another root), Go x509.
const unknownCa = (t: string) => agent(t, 'warning', 'envoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193', 'StreamAggregatedResources gRPC config stream to xds-grpc closed since 20246s ago: 14, connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of \\"crypto/rsa: verification error\\" while trying to verify candidate authority certificate \\"Root CA\\")"\tthread=24');

describe('root-cert-mismatch', () => {
  it('is defined by unknown-authority TLS failures between proxies and istiod', async () => {
    const o = await run({ name: 'two roots', objects: [namespace('shop'), pod('shop', 'web-1'), pod('shop', 'cart-1')], proxyLogs: { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 10, 60).map((t) => unknownCa(t.replace('Z', '000Z'))), 'shop/cart-1': times('2026-03-15T10:05:30.000Z', 10, 60).map((t) => unknownCa(t.replace('Z', '000Z'))) } });
    const r = reasons(o.cause('root-cert-mismatch'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(["peers rejected each other's certificate as signed by an unknown authority"]);
    expect(o.diagnosis.rootCauses[0]!.id).toBe('root-cert-mismatch');
  });
});

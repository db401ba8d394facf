/** xds-push-stale: Envoy rejects what istiod pushes (or syncz says STALE). */
import { describe, expect, it } from 'vitest';
import { agent, namespace, pod, reasons, run, times } from './harness.js';

// corpus #33 wording (istio/istio#…): a listener update rejected by Envoy.
const rejected = (t: string) => agent(t, 'warning', 'envoy config external/envoy/source/extensions/config_subscription/grpc/grpc_subscription_impl.cc:138', 'gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: Error adding/updating listener(s) 0.0.0.0_8080: Didn\'t find a registered implementation for \'envoy.filters.http.custom\' with type URL: \'\'\tthread=15');

describe('xds-push-stale', () => {
  it('is defined by Envoy rejecting pushed config', async () => {
    const o = await run({ name: 'rejected', objects: [namespace('shop'), pod('shop', 'web-1')], proxyLogs: { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 8, 60).map((t) => rejected(t.replace('Z', '000Z'))) } });
    const r = reasons(o.cause('xds-push-stale'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(['Envoy rejected the configuration istiod pushed']);
  });

  it('is not a candidate on routine stream closes that reconnect', async () => {
    const lines = ['2026-03-15T10:15:47.768352Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:190\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 1869s ago: 14, closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR, debug data: "max_age"\tthread=14', '2026-03-15T10:15:48.737757Z\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012'];
    const o = await run({ name: 'max_age', objects: [namespace('shop'), pod('shop', 'web-1')], proxyLogs: { 'shop/web-1': lines } });
    expect(o.cause('xds-push-stale')).toBeUndefined();
  });
});

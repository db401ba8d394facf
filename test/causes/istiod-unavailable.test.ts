/** istiod-unavailable: istiod down (status, readiness) or every proxy failing to dial it in the same window. */
import { describe, expect, it } from 'vitest';
import { agent, deployment, event, namespace, pod, reasons, run, times } from './harness.js';

const dial = (t: string, cause: string) => agent(t, 'warning', 'envoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:190', `StreamAggregatedResources gRPC config stream to xds-grpc closed since 42s ago: 14, connection error: desc = "transport: Error while dialing: ${cause}"\tthread=14`);
const NO_HOST = 'dial tcp: lookup istiod.istio-system.svc on 10.96.0.10:53: no such host';
const pods = ['a-1', 'b-1', 'c-1', 'd-1'];

describe('istiod-unavailable', () => {
  it('is defined by xDS dials failing from every proxy in the same hour (the Sep 2023 archive\'s outage, as it looked)', async () => {
    const logs = Object.fromEntries(pods.map((p, i) => [`default/${p}`, times(`2026-03-15T10:0${i}:30.000Z`, 30, 60).map((t) => dial(t.replace('Z', '100Z'), NO_HOST))]));
    const o = await run({ name: 'dns outage', objects: [namespace('default'), ...pods.map((p) => pod('default', p))], proxyLogs: logs });
    const r = reasons(o.cause('istiod-unavailable'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(['xDS or CA dials to istiod failed from most proxies that were running at the time, for minutes']);
  });

  it('is not defined by a one-minute blip of refusals while istiod restarts (a rolling upgrade the proxies ride out)', async () => {
    const logs = Object.fromEntries(pods.map((p, i) => [`default/${p}`, times(`2026-03-15T10:18:1${i}.000Z`, 3, 15).map((t) => dial(t.replace('Z', '100Z'), 'dial tcp 10.107.168.180:15012: connect: connection refused'))]));
    const o = await run({ name: 'blip', objects: [namespace('default'), ...pods.map((p) => pod('default', p))], proxyLogs: logs });
    expect(o.cause('istiod-unavailable')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is defined by istiod failing readiness', async () => {
    const o = await run({
      name: 'readiness', capturedAt: '2026-03-15T10:30:00Z',
      objects: [deployment('istio-system', 'istiod'), pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod' }, containers: [{ name: 'discovery' }], sidecar: false, ready: false }),
        event({ ns: 'istio-system', kind: 'Pod', name: 'istiod-7b9c-x1', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', first: '2026-03-15T10:10:00Z', last: '2026-03-15T10:28:00Z', count: 40 })],
    });
    expect(reasons(o.cause('istiod-unavailable'))!.defining).toEqual(['istiod was not Ready, failed readiness, crash-looped, was OOM-killed or had no endpoints']);
  });

  it('is not claimed when one proxy of four fails to reach a Ready istiod', async () => {
    const logs = { 'default/a-1': times('2026-03-15T10:00:30.000Z', 30, 60).map((t) => dial(t, 'dial tcp 10.96.4.4:15012: i/o timeout')), 'default/b-1': [agent('2026-03-15T10:29:00.000000Z', 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012')], 'default/c-1': [agent('2026-03-15T10:29:00.000000Z', 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012')], 'default/d-1': [agent('2026-03-15T10:29:00.000000Z', 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012')] };
    const o = await run({ name: 'one pod', objects: [namespace('default'), ...pods.map((p) => pod('default', p)), deployment('istio-system', 'istiod'), pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod' }, sidecar: false })], proxyLogs: logs });
    const r = reasons(o.cause('istiod-unavailable'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against ?? []).toEqual(['istiod was Ready and only one workload failed to reach it']);
  });
});

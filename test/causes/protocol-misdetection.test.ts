/** protocol-misdetection: a Service port without a protocol name, and protocol errors toward it. */
import { describe, expect, it } from 'vitest';
import { access, namespace, pod, reasons, run, service, times } from './harness.js';

const UPE = (t: string) => access({ time: t, path: '/orders', code: 502, flags: 'UPE', details: 'upstream_reset_before_response_started{protocol_error}', authority: 'orders:7000', cluster: 'outbound|7000||orders.shop.svc.cluster.local' });
const world = (portName: string) => [namespace('shop'), pod('shop', 'web-1'), pod('shop', 'orders-1', { labels: { app: 'orders' }, containers: [{ name: 'orders', ports: [7000] }] }), service('shop', 'orders', { app: 'orders' }, [{ name: portName, port: 7000 }])];
const logs = { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 20, 30).map(UPE) };

describe('protocol-misdetection', () => {
  it('is defined by UPE toward a port named without its protocol (IST0118)', async () => {
    const o = await run({ name: 'unnamed', objects: world('orders'), proxyLogs: logs });
    expect(reasons(o.cause('protocol-misdetection'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is defined by protocol errors toward a port declared as gRPC while the app speaks HTTP/1.1', async () => {
    const o = await run({ name: 'grpc port', objects: world('grpc-orders'), proxyLogs: logs });
    expect(reasons(o.cause('protocol-misdetection'))!.defining).toEqual(['requests to a Service port declared as HTTP/2 (grpc, http2, h2c) fail with protocol errors: the app does not speak what the port says']);
  });

  it('is contradicted when the port is named HTTP with its protocol', async () => {
    const o = await run({ name: 'named', objects: world('http-orders'), proxyLogs: logs });
    const r = reasons(o.cause('protocol-misdetection'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(['the ports with protocol errors are named HTTP/1.1 or TCP with their protocol (or set appProtocol)']);
  });
});

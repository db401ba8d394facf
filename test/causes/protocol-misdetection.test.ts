/** protocol-misdetection: a Service port without a protocol name, and protocol errors toward it. */
import { describe, expect, it } from 'vitest';
import { access, namespace, pod, reasons, run, service, times } from './harness.js';
import { serverFirstImage } from '../../analyzers/correlate/causes/protocol-misdetection.js';

const UPE = (t: string) => access({ time: t, path: '/orders', code: 502, flags: 'UPE', details: 'upstream_reset_before_response_started{protocol_error}', authority: 'orders:7000', cluster: 'outbound|7000||orders.shop.svc.cluster.local' });
const world = (portName: string) => [namespace('shop'), pod('shop', 'web-1'), pod('shop', 'orders-1', { labels: { app: 'orders' }, containers: [{ name: 'orders', ports: [7000] }] }), service('shop', 'orders', { app: 'orders' }, [{ name: portName, port: 7000 }])];
const logs = { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 20, 30).map(UPE) };

/**
 * MariaDB behind an unnamed Service port, used by orders (its env names the Service), called by web with a 3 s
 * timeout: web gets 504 UT (Envoy's TEXT line for a route timeout, response_timeout) while orders waits for a greeting
 * its sidecar never lets through. Istio sniffs every unnamed port except 25, 53, 3306 and 27017.
 */
function serverFirst(port: { name: string; port: number }, image = 'docker.io/library/mariadb:10.11') {
  const orders = pod('shop', 'orders-1', { labels: { app: 'orders' }, containers: [{ name: 'orders', ports: [7000] }] }) as any;
  orders.spec.containers[0].env = [{ name: 'DB_HOST', value: 'ordersdb' }, { name: 'DB_PORT', value: String(port.port) }];
  const db = pod('shop', 'ordersdb-0', { labels: { app: 'ordersdb' }, containers: [{ name: 'mariadb', ports: [port.port], image }], sidecar: false });
  const UT = (t: string) => access({ time: t, path: '/orders', code: 504, flags: 'UT', details: 'response_timeout', authority: 'orders:7000', cluster: 'outbound|7000||orders.shop.svc.cluster.local' });
  return {
    objects: [namespace('shop'), pod('shop', 'web-1'), orders, db, service('shop', 'orders', { app: 'orders' }, [{ name: 'http', port: 7000 }]), service('shop', 'ordersdb', { app: 'ordersdb' }, [port])],
    proxyLogs: { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 20, 30).map(UT) },
  };
}
const SERVER_FIRST = 'a server-first protocol (MySQL/MariaDB off port 3306, SMTP, IMAP, POP3, FTP) sits behind a Service port Istio sniffs, and the workloads that use it hang: their callers time out or abandon requests';

describe('protocol-misdetection', () => {
  it('is defined by a server-first database behind a sniffed port while the callers of the workload that uses it time out', async () => {
    const o = await run({ name: 'mariadb 3307', ...serverFirst({ name: 'db', port: 3307 }) });
    const r = reasons(o.cause('protocol-misdetection'))!;
    expect(r.defining).toEqual([SERVER_FIRST]);
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(o.diagnosis.rootCauses[0]!.id).toBe('protocol-misdetection');
    expect(o.report.exposure!.find((e) => e.cause === 'protocol-misdetection')!.holds).toBe(true);
  });

  it('reads server-first servers from image names as registries spell them, and not their exporters or operators', () => {
    const images: Array<[string, boolean]> = [
      ['mysql:8.0', true], ['docker.io/bitnami/mariadb:11.2@sha256:' + '0'.repeat(64), true], ['percona/percona-server:8.0', true],
      ['docker.io/istio/examples-bookinfo-mysqldb:1.18.0', true], ['boky/postfix', true], ['dovecot/dovecot:2.3', true],
      ['prom/mysqld-exporter:v0.15.1', false], ['container-registry.oracle.com/mysql/community-operator:8.4', false],
      ['postgres:16', false], ['redis:7', false], ['docker.io/istio/examples-bookinfo-ratings-v2:1.18.0', false],
    ];
    expect(images.map(([i]) => [i, serverFirstImage(i)])).toEqual(images);
  });

  it('is defined by Istio\'s bookinfo MySQL image on port 3307 the same way', async () => {
    const o = await run({ name: 'bookinfo mysqldb 3307', ...serverFirst({ name: 'db', port: 3307 }, 'docker.io/istio/examples-bookinfo-mysqldb:1.18.0') });
    expect(reasons(o.cause('protocol-misdetection'))!.defining).toEqual([SERVER_FIRST]);
  });

  it('is not defined by an unnamed MySQL port on 3306 (Istio assumes TCP there and does not sniff)', async () => {
    const o = await run({ name: 'mariadb 3306', ...serverFirst({ name: 'db', port: 3306 }) });
    expect(o.cause('protocol-misdetection')?.confidence ?? 0).toBeLessThan(0.5);
    expect(o.report.exposure!.find((e) => e.cause === 'protocol-misdetection')!.holds).toBe(false);
  });

  it('is not defined when the database port is declared tcp', async () => {
    const o = await run({ name: 'mariadb tcp', ...serverFirst({ name: 'tcp-db', port: 3307 }) });
    expect(o.cause('protocol-misdetection')?.confidence ?? 0).toBeLessThan(0.5);
  });

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

/** connection-pool-overflow: UO to a host whose DestinationRule sets connectionPool limits (samples/pool-overflow has the full case). */
import { describe, expect, it } from 'vitest';
import { access, reasons, requestsTotal, run, times } from './harness.js';
import { reviews } from './routing-world.js';

// corpus #28 (JSON) as Istio's TEXT format: 503 UO upstream_reset_before_response_started{overflow}.
const UO = (t: string) => access({ time: t, path: '/reviews/0', code: 503, flags: 'UO', details: 'upstream_reset_before_response_started{overflow}', authority: 'reviews:9080', cluster: 'outbound|9080||reviews.shop.svc.cluster.local' });
const logs = { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 60, 5).map(UO) };

describe('connection-pool-overflow', () => {
  it('is defined by UO joined with the DestinationRule\'s connectionPool limits', async () => {
    const o = await run({ name: 'tiny pool', objects: reviews({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } } } }), proxyLogs: logs });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('connection-pool-overflow');
    expect(reasons(o.cause('connection-pool-overflow'))!.defining).toHaveLength(1);
  });

  it('is contradicted when no DestinationRule sets limits for that host', async () => {
    const o = await run({ name: 'no limits', objects: reviews(), proxyLogs: logs });
    const r = reasons(o.cause('connection-pool-overflow'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(['no DestinationRule sets connectionPool limits for the hosts that overflowed']);
  });

  it('is defined from istio_requests_total (503 UO) when access logging is off', async () => {
    const stats = ['# TYPE istio_requests_total counter', requestsTotal({ source: 'productpage', ns: 'shop', destination: 'reviews.shop.svc.cluster.local', code: 503, flags: 'UO', value: 535 })].join('\n') + '\n';
    const o = await run({ name: 'metrics only', capturedAt: '2026-03-15T10:30:00Z', objects: reviews({ trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } }), files: { 'bug-report/proxies/shop/productpage-6d8f-p1/stats/prometheus': stats } });
    expect(o.report.findings.find((f) => f.code === 'MSH6007')!.message).toBe('535 request(s) to reviews.shop.svc.cluster.local failed with UO (HTTP 503) in istio_requests_total of 1 proxy(ies)');
    expect(o.diagnosis.rootCauses[0]!.id).toBe('connection-pool-overflow');
  });
});

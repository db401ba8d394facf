/** connection-pool-overflow: UO to a host whose DestinationRule sets connectionPool limits (samples/pool-overflow has the full case). */
import { describe, expect, it } from 'vitest';
import { access, reasons, run, times } from './harness.js';
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
});

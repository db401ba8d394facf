/** outlier-ejection: UH to a host whose DestinationRule ejects aggressively while its pods are Ready. */
import { describe, expect, it } from 'vitest';
import { access, reasons, run, times } from './harness.js';
import { reviews } from './routing-world.js';

const UH = (t: string) => access({ time: t, path: '/reviews/0', code: 503, flags: 'UH', details: 'no_healthy_upstream', authority: 'reviews:9080', cluster: 'outbound|9080||reviews.shop.svc.cluster.local' });
const logs = { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 30, 20).map(UH) };

describe('outlier-ejection', () => {
  it('is defined by UH while the DR sets outlierDetection and the pods are Ready', async () => {
    const o = await run({ name: 'ejecting', objects: reviews({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 } } }), proxyLogs: logs });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('outlier-ejection');
    expect(reasons(o.cause('outlier-ejection'))!.defining).toEqual(['requests failed UH to a host whose DestinationRule sets outlierDetection while its pods were Ready']);
  });

  it('is contradicted when no DestinationRule of that host sets outlierDetection', async () => {
    const o = await run({ name: 'none', objects: reviews(), proxyLogs: logs });
    const r = reasons(o.cause('outlier-ejection'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(['no DestinationRule of the failing hosts sets outlierDetection']);
  });
});

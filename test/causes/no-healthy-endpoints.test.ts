/** no-healthy-endpoints: UH to a Service whose pods are not Ready. */
import { describe, expect, it } from 'vitest';
import { access, reasons, run, times } from './harness.js';
import { reviews } from './routing-world.js';

const UH = (t: string) => access({ time: t, path: '/reviews/0', code: 503, flags: 'UH', details: 'no_healthy_upstream', authority: 'reviews:9080', cluster: 'outbound|9080||reviews.shop.svc.cluster.local' });

describe('no-healthy-endpoints', () => {
  it('is defined by UH to reviews while none of its pods is Ready', async () => {
    const objects = reviews().map((o: any) => (o.kind === 'Pod' && o.metadata.labels.app === 'reviews' ? { ...o, status: { ...o.status, conditions: [{ type: 'Ready', status: 'False' }] } } : o));
    const o = await run({ name: 'not ready', objects, proxyLogs: { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 30, 20).map(UH) } });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('no-healthy-endpoints');
    expect(reasons(o.cause('no-healthy-endpoints'))!.defining).toEqual(['requests failed UH to a Service whose pods were not Ready']);
  });

  it('is below 0.5 when the pods are Ready (look at outlier detection or subsets instead)', async () => {
    const o = await run({ name: 'ready', objects: reviews(), proxyLogs: { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 30, 20).map(UH) } });
    expect(o.cause('no-healthy-endpoints')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

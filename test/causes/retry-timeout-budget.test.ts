/** retry-timeout-budget: UT on a route whose retries need more time than its timeout. */
import { describe, expect, it } from 'vitest';
import { access, istio, reasons, run, times } from './harness.js';
import { reviews } from './routing-world.js';

const UT = (t: string) => access({ time: t, path: '/reviews/0', code: 504, flags: 'UT', details: 'response_timeout', authority: 'reviews:9080', cluster: 'outbound|9080||reviews.shop.svc.cluster.local' });
const route = (retries?: object) => istio('VirtualService', 'shop', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], timeout: '2s', ...(retries ? { retries } : {}) }] });

describe('retry-timeout-budget', () => {
  it('is defined by UT on a VirtualService whose 3 × 1s retries cannot fit its 2s timeout', async () => {
    const o = await run({ name: 'budget', objects: [...reviews(), route({ attempts: 3, perTryTimeout: '1s' })], proxyLogs: { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 20, 30).map(UT) } });
    expect(reasons(o.cause('retry-timeout-budget'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is not defined without a retry budget problem', async () => {
    const o = await run({ name: 'no retries', objects: [...reviews(), route()], proxyLogs: { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 20, 30).map(UT) } });
    expect(o.cause('retry-timeout-budget')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

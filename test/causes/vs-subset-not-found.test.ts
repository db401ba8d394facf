/** vs-subset-not-found: a route to a subset no DestinationRule defines, with NC (cluster_not_found) traffic. */
import { describe, expect, it } from 'vitest';
import { access, istio, reasons, run, times } from './harness.js';
import { reviews } from './routing-world.js';

const NC = (t: string) => access({ time: t, path: '/reviews/0', code: 503, flags: 'NC', details: 'cluster_not_found', authority: 'reviews:9080', local: '10.96.5.14:9080' });
const vsTo = (subset: string) => istio('VirtualService', 'shop', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset }, weight: 10 }] }] });
const logs = { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 20, 30).map(NC) };

describe('vs-subset-not-found', () => {
  it('is defined by IST0101 (subset v3 undefined) joined with NC to that host', async () => {
    const o = await run({ name: 'v3', objects: [...reviews(), vsTo('v3')], proxyLogs: logs });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('vs-subset-not-found');
    expect(reasons(o.cause('vs-subset-not-found'))!.defining).toHaveLength(1);
  });

  it('is not claimed from NC traffic when every routed subset is defined', async () => {
    const o = await run({ name: 'defined', objects: [...reviews(), vsTo('v2')], proxyLogs: logs });
    expect(o.cause('vs-subset-not-found')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

/**
 * dr-subset-no-endpoints: `503 UH` on `outbound|9080|v2|reviews…` where subset v2 exists but its labels select
 * no Ready pod; vs-subset-not-found must not claim it (its subset is defined).
 */
import { describe, expect, it } from 'vitest';
import { access, istio, reasons, requestsTotal, run, times } from './harness.js';
import { reviews } from './routing-world.js';

const UH = (t: string) => access({ time: t, path: '/reviews/0', code: 503, flags: 'UH', details: 'no_healthy_upstream', authority: 'reviews:9080', cluster: 'outbound|9080|v2|reviews.shop.svc.cluster.local', local: '10.96.5.14:9080' });
const vs = istio('VirtualService', 'shop', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 50 }] }] });
const logs = { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 30, 20).map(UH) };

describe('dr-subset-no-endpoints', () => {
  it('is defined by UH on a defined subset whose labels select no Ready pod (a label typo)', async () => {
    const o = await run({ name: 'typo', objects: [...reviews({ subsetLabels: { version: 'v-2' } }), vs], proxyLogs: logs });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('dr-subset-no-endpoints');
    const rc = o.cause('dr-subset-no-endpoints')!;
    expect(reasons(rc)!.defining[0]).toBe('requests failed UH (no healthy upstream) on a subset cluster whose DestinationRule subset exists but whose labels select no Ready pod');
    expect(rc.found![0]!.evidence![0]!.excerpt).toBe('subset v2 of reviews.shop.svc.cluster.local: labels version=v-2 select 0 pod(s), 0 Ready');
    expect(o.cause('vs-subset-not-found')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is defined when the v2 pods exist but none is Ready', async () => {
    const o = await run({ name: 'not ready', objects: [...reviews({ v2Ready: false }), vs], proxyLogs: logs });
    expect(reasons(o.cause('dr-subset-no-endpoints'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is contradicted when pods carrying the subset labels are Ready (UH comes from elsewhere)', async () => {
    const o = await run({ name: 'ready', objects: [...reviews(), vs], proxyLogs: logs });
    const r = reasons(o.cause('dr-subset-no-endpoints'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(["pods carrying the subset's labels are Ready"]);
  });

  it('is defined from istio_requests_total UH (no subset in the metric) when a subset the VirtualService routes to selects no pod', async () => {
    const stats = requestsTotal({ source: 'productpage', ns: 'shop', destination: 'reviews.shop.svc.cluster.local', code: 503, flags: 'UH', value: 120 }) + '\n';
    const o = await run({ name: 'metrics, scaled to zero', capturedAt: '2026-03-15T10:30:00Z', objects: [...reviews({ subsetLabels: { version: 'v9' } }), vs], files: { 'bug-report/proxies/shop/productpage-6d8f-p1/stats/prometheus': stats } });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('dr-subset-no-endpoints');
    expect(reasons(o.cause('dr-subset-no-endpoints'))!.against).toEqual([]);
  });
});

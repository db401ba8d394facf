/** destination-host-not-found: a VirtualService routes to a host no Service or ServiceEntry defines. */
import { describe, expect, it } from 'vitest';
import { access, istio, reasons, run, times } from './harness.js';
import { reviews } from './routing-world.js';

describe('destination-host-not-found', () => {
  it('is defined by IST0101 on the route host (a typo), and NR at the caller supports it', async () => {
    const vs = istio('VirtualService', 'shop', 'ratings', { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratngs' } }] }] });
    const NR = (t: string) => access({ time: t, path: '/ratings/0', code: 404, flags: 'NR', details: 'route_not_found', authority: 'ratings:9080' });
    const o = await run({ name: 'typo', objects: [...reviews(), vs], proxyLogs: { 'shop/productpage-6d8f-p1': times('2026-03-15T10:05:00.000Z', 10, 30).map(NR) } });
    const r = reasons(o.cause('destination-host-not-found'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(['a VirtualService routes to a host (or host:port) that no Service or ServiceEntry defines (IST0101)']);
  });
});

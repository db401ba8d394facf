/** gateway-misconfigured: 404 NR at the ingress gateway while the Gateway binding is broken. */
import { describe, expect, it } from 'vitest';
import { access, istio, namespace, pod, reasons, requestsTotal, run, service, times } from './harness.js';

const NR = (t: string) => access({ time: t, path: '/productpage', code: 404, flags: 'NR', details: 'route_not_found', authority: 'bookinfo.example.com', local: '10.244.0.12:8080' });
const gwPod = pod('istio-system', 'istio-ingressgateway-5c9f-g1', { labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, containers: [], sidecar: true });
const gwService = service('istio-system', 'istio-ingressgateway', { istio: 'ingressgateway' }, [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }]);
const logs = { 'istio-system/istio-ingressgateway-5c9f-g1': times('2026-03-15T10:05:00.000Z', 20, 30).map(NR) };
const gateway = (selector: Record<string, string>) => istio('Gateway', 'shop', 'bookinfo-gateway', { selector, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'] }] });
const vs = istio('VirtualService', 'shop', 'bookinfo', { hosts: ['bookinfo.example.com'], gateways: ['bookinfo-gateway'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });

describe('gateway-misconfigured', () => {
  it('is defined by NR at the gateway while the Gateway selector matches no gateway pod', async () => {
    const o = await run({ name: 'selector typo', objects: [namespace('shop'), namespace('istio-system'), gwPod, gwService, gateway({ istio: 'ingress-gateway' }), vs], proxyLogs: logs });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('gateway-misconfigured');
    expect(reasons(o.cause('gateway-misconfigured'))!.defining).toEqual([expect.stringContaining('requests got 404 NR at the gateway'), expect.stringContaining('selects no gateway pod')]);
  });

  it('is defined without any traffic when a Gateway that a VirtualService routes through selects no gateway pod (helm\'s istio=ingress vs istioctl\'s istio=ingressgateway)', async () => {
    const o = await run({ name: 'selector, no logs', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop'), namespace('istio-system'), gwPod, gwService, gateway({ istio: 'ingress' }), vs] });
    const rc = o.cause('gateway-misconfigured')!;
    expect(o.diagnosis.rootCauses[0]!.id).toBe('gateway-misconfigured');
    expect(reasons(rc)!.defining).toEqual([expect.stringContaining('a Gateway that VirtualServices route through selects no gateway pod')]);
    expect(rc.found!.find((c) => c.role === 'defining')!.evidence!.map((e) => e.excerpt)).toEqual(expect.arrayContaining(['VirtualService shop/bookinfo routes through Gateway shop/bookinfo-gateway', 'gateway pod istio-system/istio-ingressgateway-5c9f-g1 carries istio=ingressgateway']));
  });

  it('is not defined by a Gateway that selects nothing when no VirtualService routes through it', async () => {
    const o = await run({ name: 'unused gateway', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop'), namespace('istio-system'), gwPod, gwService, gateway({ istio: 'ingress' })] });
    expect(o.anywhere('gateway-misconfigured')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is not defined by NR at the gateway when the binding is fine (unknown hosts are probes, not a misconfiguration)', async () => {
    const o = await run({ name: 'bound', objects: [namespace('shop'), namespace('istio-system'), gwPod, gwService, gateway({ istio: 'ingressgateway' }), vs], proxyLogs: logs });
    expect(o.cause('gateway-misconfigured')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is defined from the gateway\'s istio_requests_total (404 NR, destination unknown) when the VirtualService names a missing gateway', async () => {
    const stats = requestsTotal({ source: 'istio-ingressgateway', ns: 'istio-system', destination: 'unknown', code: 404, flags: 'NR', value: 87 }) + '\n';
    const vsMissing = istio('VirtualService', 'shop', 'bookinfo', { hosts: ['bookinfo.example.com'], gateways: ['bookinfo-gw'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    const o = await run({ name: 'missing gateway', capturedAt: '2026-03-15T10:30:00Z', objects: [namespace('shop'), namespace('istio-system'), gwPod, gwService, gateway({ istio: 'ingressgateway' }), vsMissing], files: { 'bug-report/proxies/istio-system/istio-ingressgateway-5c9f-g1/stats/prometheus': stats } });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('gateway-misconfigured');
  });
});

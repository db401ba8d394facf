/** gateway-credential-missing: a Gateway credentialName Secret that is not where the gateway pods are, or cannot be loaded. */
import { describe, expect, it } from 'vitest';
import { agent, istio, namespace, pod, reasons, run, times } from './harness.js';

const gwPod = pod('istio-system', 'istio-ingressgateway-5c9f-g1', { labels: { istio: 'ingressgateway' }, containers: [], sidecar: true });
const gateway = istio('Gateway', 'shop', 'bookinfo-gateway', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['bookinfo.example.com'], tls: { mode: 'SIMPLE', credentialName: 'bookinfo-cert' } }] });
const secret = (ns: string) => ({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'bookinfo-cert', namespace: ns }, data: { 'tls.crt': 'LS0t', 'tls.key': 'LS0t' } });

describe('gateway-credential-missing', () => {
  it('is defined by a credentialName whose Secret is in the Gateway\'s namespace, not the gateway pods\'', async () => {
    const o = await run({ name: 'wrong namespace', objects: [namespace('shop'), namespace('istio-system'), gwPod, gateway, secret('shop')], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('gateway-credential-missing');
  });

  it('is defined by the gateway failing to load the secret (corpus #11 wording)', async () => {
    const line = (t: string) => agent(t, 'warn', 'secretFetcherLog', 'failed load server cert/key pair from secret bookinfo-cert: server cert or private key is empty');
    const o = await run({ name: 'empty secret', objects: [namespace('istio-system'), gwPod], proxyLogs: { 'istio-system/istio-ingressgateway-5c9f-g1': times('2026-03-15T10:05:00.000Z', 10, 60).map((t) => line(t.replace('Z', '000Z'))) } });
    expect(reasons(o.cause('gateway-credential-missing'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is defined by a Gateway API listener whose status says ResolvedRefs=False (a cross-namespace certificateRef without a ReferenceGrant)', async () => {
    const gw = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'web', namespace: 'istio-ingress' }, spec: { gatewayClassName: 'istio', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'web-cert', namespace: 'shop' }] } }] },
      status: { listeners: [{ name: 'https', attachedRoutes: 1, conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted', message: 'certificateRef shop/web-cert not accessible to a Gateway in namespace "istio-ingress" (missing a ReferenceGrant?)' }, { type: 'Programmed', status: 'False', reason: 'Invalid' }] }] } };
    const o = await run({ name: 'ref not permitted', objects: [namespace('istio-ingress'), namespace('shop'), gw], capturedAt: '2026-03-15T10:30:00Z', findings: [] });
    const r = reasons(o.cause('gateway-credential-missing'))!;
    expect(r.defining).toEqual(['a Gateway API listener reports ResolvedRefs=False (its certificateRefs do not resolve)']);
    expect(o.diagnosis.rootCauses[0]!.id).toBe('gateway-credential-missing');
    expect(o.report.exposure!.find((e) => e.cause === 'gateway-credential-missing')!.holds).toBe(true);
    // Programmed=False here only follows from the unresolved certificateRef: not a second, gateway-misconfigured cause
    expect(o.cause('gateway-misconfigured')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is contradicted when the Secret is where the gateway pods are', async () => {
    const line = (t: string) => agent(t, 'warn', 'secretFetcherLog', 'failed load server cert/key pair from secret bookinfo-cert: server cert or private key is empty');
    const o = await run({ name: 'present', objects: [namespace('shop'), namespace('istio-system'), gwPod, gateway, secret('istio-system')], proxyLogs: { 'istio-system/istio-ingressgateway-5c9f-g1': times('2026-03-15T10:05:00.000Z', 10, 60).map((t) => line(t.replace('Z', '000Z'))) } });
    expect(reasons(o.cause('gateway-credential-missing'))!.against).toEqual(["every credentialName Secret exists in the gateway pods' namespace"]);
  });
});

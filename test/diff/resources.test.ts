/** The field-level resource diff on small objects shaped as the Istio docs show them (networking/security v1 reference pages). */
import { describe, expect, it } from 'vitest';
import { diffResources, resourceDigest } from '../../analyzers/diff/resources.js';
import type { Resource } from '../../analyzers/model/k8s.js';

const res = (obj: any, line = 1): Resource => ({ kind: obj.kind, apiVersion: obj.apiVersion, namespace: obj.metadata.namespace, name: obj.metadata.name, obj, source: { file: 'f.yaml', line } });
const vs = (w1: number, w2: number, rv: string) => res({
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: rv, generation: Number(rv), uid: `u${rv}`, managedFields: [{ manager: 'kubectl', time: `2024-01-0${rv}T00:00:00Z` }] },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: w1 }, { destination: { host: 'reviews', subset: 'v2' }, weight: w2 }] }] },
  status: { observedGeneration: Number(rv) },
});
const pa = (mode: string) => res({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"mode":"${mode}"}` } }, spec: { mtls: { mode } } });

describe('diffResources', () => {
  it.each([
    ['a route weight', [vs(90, 10, '1')], [vs(80, 20, '2')], [
      { path: 'spec.http[0].route[0].weight', type: 'changed', before: 90, after: 80, what: 'weight of http route 0 to reviews subset v1' },
      { path: 'spec.http[0].route[1].weight', type: 'changed', before: 10, after: 20, what: 'weight of http route 0 to reviews subset v2' },
    ]],
    ['a PeerAuthentication mode', [pa('PERMISSIVE')], [pa('STRICT')], [{ path: 'spec.mtls.mode', type: 'changed', before: 'PERMISSIVE', after: 'STRICT', what: 'mTLS mode' }]],
  ])('names %s and nothing else (resourceVersion, generation, uid, managedFields, status, last-applied ignored)', (_n, a, b, fields) => {
    const d = diffResources(resourceDigest(a), resourceDigest(b));
    expect(d).toHaveLength(1);
    expect(d[0]!.fields).toEqual(fields);
  });

  it('compares string lists as sets, keeps named items keyed, and leaves Pods and Secrets out', () => {
    const svc = (hosts: string[]) => res({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'shop' }, spec: { hosts, ports: [{ number: 443, name: 'https', protocol: 'TLS' }] } });
    const d = diffResources(resourceDigest([svc(['a.example.com', 'b.example.com'])]), resourceDigest([svc(['c.example.com', 'a.example.com', 'b.example.com'])]));
    expect(d[0]!.fields).toEqual([{ path: 'spec.hosts[c.example.com]', type: 'added' }]);
    const pod = res({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' }, spec: {} });
    const secret = res({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'x' }, data: {} });
    expect(resourceDigest([pod, secret])).toEqual([]);
  });

  it('reads the istio ConfigMap mesh config as fields, and lists added and removed resources', () => {
    const cm = (mesh: string) => res({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh } });
    const d = diffResources(resourceDigest([cm('defaultConfig:\n  holdApplicationUntilProxyStarts: false\n'), pa('STRICT')]), resourceDigest([cm('defaultConfig:\n  holdApplicationUntilProxyStarts: true\n'), vs(1, 1, '1')]));
    expect(d.map((r) => `${r.change} ${r.kind}`)).toEqual(['changed ConfigMap', 'removed PeerAuthentication', 'added VirtualService']);
    expect(d[0]!.fields).toEqual([{ path: 'data.mesh.defaultConfig.holdApplicationUntilProxyStarts', type: 'changed', before: false, after: true, what: 'meshConfig defaultConfig.holdApplicationUntilProxyStarts' }]);
  });
});

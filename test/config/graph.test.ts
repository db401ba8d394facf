/** The config graph the UI draws: routing chain, policies, missing hosts, findings on nodes and edges. */
import { describe, expect, it } from 'vitest';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { runAnalyzers } from '../../analyzers/rules/runner.js';
import { authorizationPolicy, destinationRule, gateway, namespace, pod, reviews, virtualService, yaml } from '../analyzers/fixtures.js';

const endpoints = {
  apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'reviews', namespace: 'default' },
  subsets: [{ addresses: [{ ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'reviews-v1-abc', namespace: 'default' } }], notReadyAddresses: [{ ip: '10.0.0.2', targetRef: { kind: 'Pod', name: 'reviews-v2-def', namespace: 'default' } }] }],
};
const text = yaml(
  namespace('default'),
  ...reviews(),
  endpoints,
  gateway('default', 'gw', { selector: { app: 'reviews' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
  virtualService('default', 'reviews', { hosts: ['reviews'], gateways: ['gw'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }, { destination: { host: 'ghost' } }] }] }),
  destinationRule('default', 'reviews', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
  authorizationPolicy('default', 'reviews', { selector: { matchLabels: { app: 'reviews' } }, rules: [{}] }),
  authorizationPolicy('default', 'ns-wide', {}),
);

describe('config graph', () => {
  const r = runAnalyzers({ resources: parseResourcesFromText(text, 'crs').resources });
  const g = r.graph;
  const edge = (type: string, from: string, to: string) => g.edges.find((e) => e.type === type && e.from === from && e.to === to);

  it('links Gateway → VirtualService → DestinationRule/Service → Endpoints → Pod', () => {
    expect(edge('binds', 'Gateway:default/gw', 'VirtualService:default/reviews')).toBeDefined();
    expect(edge('routes-to', 'VirtualService:default/reviews', 'Service:default/reviews')?.label).toBe('reviews subset v3');
    expect(edge('subset-of', 'VirtualService:default/reviews', 'DestinationRule:default/reviews')).toBeDefined();
    expect(edge('configures', 'DestinationRule:default/reviews', 'Service:default/reviews')).toBeDefined();
    expect(edge('endpoints', 'Service:default/reviews', 'Endpoints:default/reviews')).toBeDefined();
    expect(edge('selects', 'Endpoints:default/reviews', 'Pod:default/reviews-v2-def')?.label).toBe('not ready');
    expect(edge('selects', 'Service:default/reviews', 'Pod:default/reviews-v1-abc')).toBeDefined();
  });

  it('links policies to the pods they select, or to their namespace', () => {
    expect(edge('applies-to', 'AuthorizationPolicy:default/reviews', 'Pod:default/reviews-v1-abc')).toBeDefined();
    expect(edge('applies-to', 'AuthorizationPolicy:default/ns-wide', 'Namespace:/default')).toBeDefined();
  });

  it('shows unresolved hosts as missing nodes', () => {
    const ghost = g.nodes.find((n) => n.id === 'Host:default/ghost');
    expect(ghost).toMatchObject({ missing: true, ref: { kind: 'Host', name: 'ghost' } });
    expect(edge('routes-to', 'VirtualService:default/reviews', 'Host:default/ghost')).toBeDefined();
  });

  it('carries findings on nodes, with the worst severity, and on edges between resources they name', () => {
    const vsNode = g.nodes.find((n) => n.id === 'VirtualService:default/reviews')!;
    const ids = r.findings.filter((f) => f.resources.some((x) => x.kind === 'VirtualService')).map((f) => f.id);
    expect(vsNode.findingIds.sort()).toEqual(ids.sort());
    expect(vsNode.severity).toBe('error');
    const portFinding = r.findings.find((f) => f.code === 'IST0162')!;
    expect(portFinding.resources.map((x) => x.kind)).toEqual(['Gateway', 'Pod']);
    expect(edge('selects', 'Gateway:default/gw', `Pod:default/${portFinding.resources[1].name}`)!.findingIds).toEqual([portFinding.id]);
  });
});

describe('config graph: the ambient data plane', () => {
  // Shapes as Istio writes them: ztunnel's DaemonSet pods carry `app: ztunnel`; istio-cni annotates each
  // captured pod `ambient.istio.io/redirection: enabled`; `istioctl waypoint apply` creates a Gateway of class
  // istio-waypoint whose pods carry `gateway.istio.io/managed: istio.io-mesh-controller` (1.22+: Services
  // opt in with `istio.io/use-waypoint`; 1.18–1.21: the Gateway names a service account).
  const onNode = (node: string) => ({ nodeName: node });
  const ambient = { 'ambient.istio.io/redirection': 'enabled' };
  const waypointGw = (ns: string, name: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: ns, ...extra },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  });
  const text = yaml(
    namespace('shop', { 'istio.io/dataplane-mode': 'ambient' }),
    namespace('legacy', { 'istio.io/dataplane-mode': 'ambient' }),
    pod('istio-system', 'ztunnel-a1', { labels: { app: 'ztunnel' }, spec: onNode('node-1') }),
    pod('istio-system', 'ztunnel-b2', { labels: { app: 'ztunnel' }, spec: onNode('node-2') }),
    pod('shop', 'cart-1', { labels: { app: 'cart' }, annotations: ambient, spec: onNode('node-1') }),
    pod('shop', 'cart-2', { labels: { app: 'cart' }, annotations: ambient, spec: onNode('node-2') }),
    pod('shop', 'sidecar-3', { labels: { app: 'other' }, sidecar: true, spec: onNode('node-1') }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart', namespace: 'shop', labels: { 'istio.io/use-waypoint': 'waypoint' } }, spec: { selector: { app: 'cart' }, ports: [{ name: 'http', port: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'shop' }, spec: { selector: { app: 'other' }, ports: [{ name: 'http', port: 80 }] } },
    waypointGw('shop', 'waypoint', { labels: { 'istio.io/waypoint-for': 'service' } }),
    pod('shop', 'waypoint-5d7f', { labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller', 'gateway.networking.k8s.io/gateway-name': 'waypoint' }, spec: onNode('node-2') }),
    pod('legacy', 'api-1', { annotations: ambient, spec: { ...onNode('node-1'), serviceAccountName: 'api' } }),
    pod('legacy', 'web-1', { annotations: ambient, spec: { ...onNode('node-1'), serviceAccountName: 'web' } }),
    waypointGw('legacy', 'api-waypoint', { annotations: { 'istio.io/for-service-account': 'api' } }),
  );
  const g = runAnalyzers({ resources: parseResourcesFromText(text, 'k8s-resources').resources }).graph;
  const edges = (type: string) => g.edges.filter((e) => e.type === type).map((e) => `${e.from} -> ${e.to}`).sort();

  it('draws each ztunnel to the ambient pods on its node, and nothing to sidecar pods', () => {
    expect(edges('captures')).toEqual([
      'Pod:istio-system/ztunnel-a1 -> Pod:legacy/api-1',
      'Pod:istio-system/ztunnel-a1 -> Pod:legacy/web-1',
      'Pod:istio-system/ztunnel-a1 -> Pod:shop/cart-1',
      'Pod:istio-system/ztunnel-b2 -> Pod:shop/cart-2',
    ]);
  });

  it('draws each waypoint to what uses it: labelled Services, or the pods of its service account', () => {
    expect(edges('waypoint-for')).toEqual([
      'gateway.networking.k8s.io/Gateway:legacy/api-waypoint -> Pod:legacy/api-1',
      'gateway.networking.k8s.io/Gateway:shop/waypoint -> Service:shop/cart',
    ]);
  });
});

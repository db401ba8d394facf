/** The config graph the UI draws: routing chain, policies, missing hosts, findings on nodes and edges. */
import { describe, expect, it } from 'vitest';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { runAnalyzers } from '../../analyzers/rules/runner.js';
import { authorizationPolicy, destinationRule, gateway, namespace, reviews, virtualService, yaml } from '../analyzers/fixtures.js';

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

import { describe, expect, it } from 'vitest';
import { hostMatches, hostSubsetOf, namesForNamespace, parseServiceFqdn, sanitizeServerHosts, toFqdn } from '../../analyzers/config/hosts.js';
import { editDistance, matchesLabelSelector, nearestLabel, selectorString } from '../../analyzers/config/labels.js';
import { parseDurationMs } from '../../analyzers/config/duration.js';
import { canonicalJson } from '../../analyzers/config/vs-matches.js';
import { ServiceRegistry } from '../../analyzers/config/registry.js';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { service, yaml } from '../analyzers/fixtures.js';

describe('Istio host semantics', () => {
  it('resolves short names in the referring namespace', () => {
    expect(toFqdn('default', 'reviews')).toBe('reviews.default.svc.cluster.local');
    expect(toFqdn('default', 'reviews.prod')).toBe('reviews.prod');
    expect(toFqdn('default', '*.example.com')).toBe('*.example.com');
    expect(parseServiceFqdn('a.b.ns.svc.cluster.local')).toEqual({ name: 'a.b', namespace: 'ns' });
  });

  it('matches wildcards both ways, and subsets one way', () => {
    expect(hostMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('a.example.com', '*.example.com')).toBe(true);
    expect(hostMatches('*', 'anything')).toBe(true);
    expect(hostMatches('*.a.com', '*.b.a.com')).toBe(true);
    expect(hostMatches('a.com', 'b.com')).toBe(false);
    expect(hostSubsetOf('*.b.a.com', '*.a.com')).toBe(true);
    expect(hostSubsetOf('*.a.com', '*.b.a.com')).toBe(false);
  });

  it('scopes Gateway hosts by namespace', () => {
    expect(namesForNamespace(['prod/a.com', '*/b.com', 'c.com', 'dev/d.com'], 'prod')).toEqual(['a.com', 'b.com', 'c.com']);
    expect(sanitizeServerHosts(['./a.com', '*/b.com'], 'gw-ns')).toEqual(['gw-ns/a.com', 'b.com']);
    expect(sanitizeServerHosts(['./a.com', '*/*'], 'gw-ns')).toEqual(['*']);
  });

  it('looks hosts up through exportTo', () => {
    const svc = service('prod', 'api', { app: 'api' });
    (svc.metadata as Record<string, unknown>).annotations = { 'networking.istio.io/exportTo': '.' };
    const reg = new ServiceRegistry(parseResourcesFromText(yaml(svc, service('prod', 'web', { app: 'web' })), 'x').resources, []);
    expect(reg.lookup('prod', [], 'api')?.host).toBe('api.prod.svc.cluster.local');
    expect(reg.lookup('other', [], 'api.prod.svc.cluster.local')).toBeUndefined();
    expect(reg.lookup('other', [], 'web.prod.svc.cluster.local')?.host).toBe('web.prod.svc.cluster.local');
  });
});

describe('selectors and small parsers', () => {
  it('matches matchExpressions and prints selectors like Kubernetes', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, { env: 'dev' })).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, {})).toBe(false);
    expect(selectorString({ b: '2', a: '1' })).toBe('a=1,b=2');
  });

  it('finds the nearest label value', () => {
    expect(nearestLabel({ version: 'v2' }, [{ version: 'v1' }, { version: 'v2.0' }])).toEqual({ key: 'version', wanted: 'v2', found: 'v2.0' });
    expect(nearestLabel({ version: 'v3' }, [{ app: 'x' }])).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('parses durations to ms', () => {
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('soon')).toBeUndefined();
  });

  it('compares matches as Go would serialize them (zero values omitted, keys sorted)', () => {
    expect(canonicalJson({ uri: { prefix: '/a' }, ignoreUriCase: false })).toBe(canonicalJson({ uri: { prefix: '/a' } }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

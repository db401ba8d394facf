/** runAnalyzers: input availability, selection, mesh config, evidence lines, dedupe, failures. */
import { describe, expect, it } from 'vitest';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { defineAnalyzer } from '../../analyzers/rules/define.js';
import { runAnalyzers } from '../../analyzers/rules/runner.js';
import { destinationRule, namespace, pod, virtualService, yaml } from './fixtures.js';

const parse = (text: string, file = 'bundle/cluster/crs') => parseResourcesFromText(text, file).resources;
const vs = virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }] });
const dr = destinationRule('default', 'reviews', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });

describe('runAnalyzers', () => {
  it('cites the reported field line with an excerpt', () => {
    const text = yaml(namespace('default'), vs, dr);
    const r = runAnalyzers({ resources: parse(text) }, { only: ['istio/vs-subset-not-found'] });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    const line = text.split('\n').findIndex((l) => l.includes('subset: v9')) + 1;
    expect(f).toMatchObject({ code: 'IST0101', analyzer: 'istio/vs-subset-not-found', severity: 'error', resources: [{ kind: 'VirtualService', namespace: 'default', name: 'reviews' }], rootCauses: ['vs-subset-not-found'], docs: 'docs/analyzers/istio/vs-subset-not-found.md' });
    expect(f.evidence[0]).toEqual({ file: 'bundle/cluster/crs', line, excerpt: 'subset: v9' });
    expect(f.message).toBe('Referenced host+subset in destinationrule not found: "reviews+v9" (subsets defined for this host: v1)');
    expect(f.id).toMatch(/^f-[0-9a-f]{8}$/);
    expect(runAnalyzers({ resources: parse(text) }, { only: ['istio/vs-subset-not-found'] }).findings[0].id).toBe(f.id);
  });

  it('skips analyzers whose input family the bundle lacks, saying which', () => {
    const r = runAnalyzers({ resources: parse(yaml(namespace('default'), pod('default', 'a'))) }, { only: ['istio/vs-subset-not-found', 'istio/pod-missing-proxy'] });
    expect(r.skipped).toEqual([{ id: 'istio/vs-subset-not-found', reason: 'input VirtualService, DestinationRule not in the bundle' }]);
  });

  it('treats a read family as available even without objects of a kind', () => {
    const r = runAnalyzers({ resources: parse(yaml(vs)) }, { only: ['istio/vs-subset-not-found'] });
    expect(r.skipped).toEqual([]);
    expect(r.findings.map((f) => f.message)).toEqual(['Referenced host+subset in destinationrule not found: "reviews+v9" (subsets defined for this host: none)']);
  });

  it('disables by id or code, and runs off-by-default analyzers only when selected', () => {
    const resources = parse(yaml(namespace('default'), vs, dr));
    expect(runAnalyzers({ resources }, { disable: ['IST0101'] }).findings.some((f) => f.code === 'IST0101')).toBe(false);
    expect(runAnalyzers({ resources }, { disable: ['istio/vs-subset-not-found'] }).skipped).toContainEqual({ id: 'istio/vs-subset-not-found', reason: 'disabled by configuration' });
    expect(runAnalyzers({ resources }).skipped).toContainEqual({ id: 'istio/alpha-annotation', reason: 'off by default (run it by id)' });
  });

  it('reads the mesh config from ConfigMap istio-system/istio key mesh', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: 'rootNamespace: mesh-root\ningressService: my-gw\n', meshNetworks: 'networks:\n  n1:\n    endpoints:\n    - fromRegistry: nowhere\n' } };
    const r = runAnalyzers({ resources: parse(yaml(cm), 'bundle/cluster/k8s-resources') }, { only: ['istio/mesh-networks-unknown-registry'] });
    expect(r.mesh.rootNamespace).toBe('mesh-root');
    expect(r.mesh.ingressService).toBe('my-gw');
    expect(r.meshSource).toBe('bundle/cluster/k8s-resources:1');
    expect(r.findings.map((f) => [f.message, f.resources[0]])).toEqual([['Unknown service registry nowhere in network n1', { kind: 'MeshNetworks', namespace: 'mesh-root', name: 'meshnetworks' }]]);
  });

  it('keeps kube-system away from istioctl-parity analyzers only', () => {
    const resources = parse(yaml(namespace('kube-system'), namespace('default', { 'istio-injection': 'enabled' })));
    const r = runAnalyzers({ resources }, { only: ['istio/namespace-not-injected'] });
    expect(r.findings).toEqual([]);
  });

  it('collapses identical reports into one finding with a count, and records a failing analyzer', () => {
    const twice = defineAnalyzer({
      meta: { id: 'test/twice', code: 'MSH1998', category: 'config', severity: 'info', description: 'Reports each pod twice', inputs: ['Pod'], messages: { m: 'Pod {{n}}' }, docs: 'docs/x.md' },
      analyze(ctx) {
        for (const p of ctx.list('Pod')) for (let i = 0; i < 2; i++) ctx.report({ messageId: 'm', resource: p, data: { n: p.name } });
      },
    });
    const broken = defineAnalyzer({ meta: { ...twice.meta, id: 'test/broken' }, analyze() { throw new Error('boom\nstack'); } });
    const r = runAnalyzers({ resources: parse(yaml(pod('default', 'a'))) }, { analyzers: [twice, broken] });
    expect(r.findings.map((f) => [f.message, f.count])).toEqual([['Pod a', 2]]);
    expect(r.skipped).toEqual([{ id: 'test/broken', reason: 'failed: boom' }]);
  });

  it('warns about an unparsable mesh config and uses the defaults', () => {
    const r = runAnalyzers({ resources: [], meshConfig: { text: 'rootNamespace: [', file: 'istio/debug/mesh' } }, { only: [] });
    expect(r.mesh.rootNamespace).toBe('istio-system');
    expect(r.warnings[0]).toMatchObject({ file: 'istio/debug/mesh' });
  });
});

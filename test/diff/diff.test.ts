/**
 * meshlens diff, end to end through the engine: a sample against the same sample after one
 * `kubectl apply`-style edit (the List parsed, one field changed, the file written back by a YAML library, so
 * every line moves and only the semantics stay), a bundle against itself (nothing may differ), and the two
 * real bug-reports (facts checked against the archives: versions files, the sidecar injector ConfigMap).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadInput, type LoadedInput } from '../../analyzers/node/report-input.js';
import { diffBundles, type BundleDiff } from '../../analyzers/diff/index.js';
import { runDiff } from '../../analyzers/node/commands/diff.js';

const CORPUS = '../shared/corpus/istio-bug-reports';
const tmp = mkdtempSync(join(tmpdir(), 'meshlens-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Copies `sample` and applies `edit` to the objects of `file` (a kubectl List), as `kubectl apply` of one changed object would. */
function injected(sample: string, name: string, file: string, edit: (items: any[]) => void): string {
  const dir = join(tmp, name);
  cpSync(sample, dir, { recursive: true });
  const path = join(dir, file);
  const list = parse(readFileSync(path, 'utf8'));
  edit(list.items);
  writeFileSync(path, stringify(list));
  return dir;
}

const codes = (l: Array<{ code: string }>) => l.map((f) => f.code).sort();

describe('a sample and the same sample with one DestinationRule subset label changed', () => {
  let d: BundleDiff;
  let after: string;
  beforeAll(async () => {
    after = injected('samples/subset-mismatch', 'dr-label', 'bug-report/cluster/k8s-resources', (items) => {
      const dr = items.find((o) => o.kind === 'DestinationRule' && o.metadata.name === 'reviews');
      dr.spec.subsets.find((s: any) => s.name === 'canary').labels.track = 'canary-v2';
    });
    d = diffBundles(await loadInput('samples/subset-mismatch', { digests: true }), await loadInput(after, { digests: true }));
  });

  it('names exactly the injected change, field by field, in an engineer\'s words', () => {
    expect(d.resources).toEqual([{
      kind: 'DestinationRule', namespace: 'shop', name: 'reviews', change: 'changed',
      before: { file: 'bug-report/cluster/k8s-resources', line: 82 },
      after: { file: 'bug-report/cluster/k8s-resources', line: expect.any(Number) },
      fields: [{ path: 'spec.subsets[canary].labels.track', type: 'changed', before: 'canary', after: 'canary-v2', what: 'subset canary label track' }],
    }]);
    expect(d.proxies).toEqual([]);
    expect(d.versions).toEqual([]);
  });

  it('lists the one new finding (IST0173 on that subset) and nothing resolved or changed', () => {
    expect(codes(d.findings.new)).toEqual(['IST0173']);
    expect(d.findings.new[0]!.message).toContain('No pod has track=canary-v2');
    const line = readFileSync(join(after, d.findings.new[0]!.evidence!.file), 'utf8').split('\n')[d.findings.new[0]!.evidence!.line! - 1];
    expect(line).toContain('canary');
    expect(d.findings.resolved).toEqual([]);
    expect(d.findings.changed).toEqual([]);
    expect(d.findings.unchanged).toBe(4);
  });

  it('names the new cause the change brings (dr-subset-no-endpoints, unranked before) and keeps the old one', () => {
    const dr = d.rootCauses.find((c) => c.id === 'dr-subset-no-endpoints')!;
    expect(dr.before).toBeUndefined();
    expect(dr.after).toBeGreaterThan(0);
    expect(dr.status).toBe(dr.after! >= 0.5 ? 'new' : 'candidate');
    const vs = d.rootCauses.find((c) => c.id === 'vs-subset-not-found')!;
    expect(vs).toMatchObject({ status: 'kept', before: vs.after });
    expect(vs.after).toBeGreaterThanOrEqual(0.5);
  });
});

describe('the fault injected into a fixed copy: the VirtualService canary route sent to subset v2-canary', () => {
  it('reads as the route destination\'s subset changing, with IST0101 new', async () => {
    const fixed = injected('samples/subset-mismatch', 'vs-fixed', 'bug-report/cluster/k8s-resources', (items) => {
      const vs = items.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'reviews');
      vs.spec.http[0].route[1].destination.subset = 'canary';
    });
    const d = diffBundles(await loadInput(fixed, { digests: true }), await loadInput('samples/subset-mismatch', { digests: true }));
    expect(d.resources).toHaveLength(1);
    expect(d.resources![0]).toMatchObject({ kind: 'VirtualService', namespace: 'shop', name: 'reviews', change: 'changed' });
    expect(d.resources![0]!.fields).toEqual([{
      path: 'spec.http[0].route[1].destination.subset', type: 'changed', before: 'canary', after: 'v2-canary',
      what: 'subset of http route 0 destination 2 (now reviews subset v2-canary port 9080)',
    }]);
    expect(codes(d.findings.new)).toEqual(['IST0101']);
    expect(d.findings.resolved).toEqual([]);
  });
});

describe('the two real bug-reports', () => {
  let may: LoadedInput;
  let sep: LoadedInput;
  beforeAll(async () => {
    may = await loadInput(`${CORPUS}/bug-report-2023-05-92638fd.tar.gz`, { digests: true });
    sep = await loadInput(`${CORPUS}/bug-report-2023-09-ce74670.tar.gz`, { digests: true });
  });

  it('a bundle against itself differs in nothing', () => {
    const d = diffBundles(sep, sep);
    expect(d.resources).toEqual([]);
    expect(d.proxies).toEqual([]);
    expect(d.versions).toEqual([]);
    expect(d.findings).toMatchObject({ new: [], resolved: [], changed: [], unchanged: sep.report.findings.length + (sep.report.platform?.length ?? 0) });
    expect(d.rootCauses).toEqual([]);
  });

  it('May → September: the Istio upgrade, the injector values, the GKE Warden denial resolved, the reinstall new', () => {
    const d = diffBundles(may, sep);
    // versions files: May istiod 1.17.2; September istiod 1.20-dev with 1.18-dev/1.19-dev/1.20-dev sidecars
    expect(d.versions).toContainEqual({ what: 'Istio control plane', before: '1.17.2', after: '1.20-dev' });
    const injector = d.resources!.find((r) => r.kind === 'ConfigMap' && r.namespace === 'istio-system' && r.name === 'istio-sidecar-injector')!;
    expect(injector.fields).toContainEqual(expect.objectContaining({ path: 'data.values.global.tag', before: '1.17.2', after: '1.20.0-dev6' }));
    expect(injector.fields).toContainEqual(expect.objectContaining({ path: 'data.values.global.hub', before: 'docker.io/istio', after: 'monsteredc2' }));
    const istiod = d.resources!.find((r) => r.kind === 'Deployment' && r.namespace === 'istio-system' && r.name === 'istiod')!;
    expect(istiod.change).toBe('changed');
    expect(codes(d.findings.resolved)).toContain('MSH7009');
    expect(codes(d.findings.new)).toContain('MSH5010');
    // noise never shows up as a change
    const paths = d.resources!.flatMap((r) => r.fields.map((f) => f.path));
    expect(paths.filter((p) => /resourceVersion|managedFields|\buid\b|^metadata\.generation|creationTimestamp|last-applied-configuration|^status\./.test(p))).toEqual([]);
    expect(d.resources!.some((r) => r.kind === 'Pod' || r.kind === 'Secret' || r.kind === 'Event' || r.kind === 'CiliumEndpoint')).toBe(false);
  });

  it('from JSON reports compares findings and causes and says what it could not compare', async () => {
    const a = join(tmp, 'may.json');
    writeFileSync(a, JSON.stringify(may.report));
    const fromJson = await loadInput(a, { digests: true });
    expect(fromJson.from).toBe('report');
    const d = diffBundles(fromJson, sep);
    expect(d.resources).toBeUndefined();
    expect(d.notes.join(' ')).toContain('resources not compared');
    expect(codes(d.findings.resolved)).toContain('MSH7009');
  });

  it('--redact=ips,hosts gives one pseudonym per value across both sides and prints no address', async () => {
    let out = '';
    const code = await runDiff(`${CORPUS}/bug-report-2023-05-92638fd.tar.gz`, `${CORPUS}/bug-report-2023-09-ce74670.tar.gz`, { format: 'json', redact: ['ips,hosts'] }, { stdout: (s) => { out += s; }, stderr: () => {} });
    expect(code).toBe(0);
    expect(out).not.toMatch(/\b10\.\d+\.\d+\.\d+\b/);
    expect(out).not.toContain('istiod.istio-system.svc.cluster.local');
    const d = JSON.parse(out) as BundleDiff;
    expect(d.versions).toContainEqual({ what: 'Istio control plane', before: '1.17.2', after: '1.20-dev' });
  });
});

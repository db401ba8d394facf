/**
 * Registry meta-tests (ESLint's and Istio's rules for rule sets): unique ids, a description, a docs
 * page whose title is the id, every message used, the explicit registry holding every analyzer
 * file, and declared inputs equal to the kinds each analyzer actually reads over the conformance
 * inputs, both corpus bundles and the table fixtures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../analyzers/model/k8s.js';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { analyzerCatalog } from '../../analyzers/rules/catalog.js';
import { ALL_ANALYZERS } from '../../analyzers/rules/registry.js';
import { runAnalyzers } from '../../analyzers/rules/runner.js';
import { loadCorpusBundle } from '../conformance/corpus-bundles.js';
import { CORPUS, loadGrid } from '../conformance/istio-harness.js';
import * as f from './fixtures.js';

const ROOT = process.cwd();

describe('analyzer registry', () => {
  it('has unique ids of the form <domain>/<name>, one file each, all registered', () => {
    const ids = ALL_ANALYZERS.map((a) => a.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    const onDisk = ['istio', 'mesh'].flatMap((d) => readdirSync(join(ROOT, 'analyzers/rules', d)).filter((n) => n.endsWith('.ts')).map((n) => `${d}/${n.slice(0, -3)}`));
    expect([...ids].sort()).toEqual(onDisk.sort());
  });

  it('uses MSH codes once each, IST codes from the istioctl catalogue', () => {
    const istCodes = new Set((JSON.parse(readFileSync(join(CORPUS, 'analyze-codes.json'), 'utf8')) as Array<{ code: string }>).map((c) => c.code));
    const msh = ALL_ANALYZERS.filter((a) => a.meta.code.startsWith('MSH')).map((a) => a.meta.code);
    expect(new Set(msh).size).toBe(msh.length);
    for (const a of ALL_ANALYZERS) {
      if (a.meta.code.startsWith('IST')) {
        expect(istCodes.has(a.meta.code), a.meta.id).toBe(true);
        expect(a.meta.istioAnalyzer?.length, `${a.meta.id} names the istioctl analyzer it reproduces`).toBeGreaterThan(0);
      } else expect(a.meta.code, a.meta.id).toMatch(/^MSH1\d{3}$/);
    }
  });

  it('gives each analyzer a description and a docs page titled with its id', () => {
    for (const a of ALL_ANALYZERS) {
      expect(a.meta.description.length, a.meta.id).toBeGreaterThan(15);
      expect(a.meta.docs).toBe(`docs/analyzers/${a.meta.id}.md`);
      const page = join(ROOT, a.meta.docs);
      expect(existsSync(page), page).toBe(true);
      expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${a.meta.id}`);
    }
  });

  it('uses every message it declares', () => {
    for (const a of ALL_ANALYZERS) {
      const [d, n] = a.meta.id.split('/');
      const src = readFileSync(join(ROOT, 'analyzers/rules', d, `${n}.ts`), 'utf8');
      const body = src.slice(src.indexOf('analyze(ctx)'));
      for (const id of Object.keys(a.meta.messages)) expect(body.includes(`'${id}'`), `${a.meta.id} message ${id} is reported`).toBe(true);
    }
  });

  it('covers every istioctl analyzer of the conformance grid', () => {
    const ours = new Set(ALL_ANALYZERS.flatMap((a) => a.meta.istioAnalyzer ?? []));
    for (const c of loadGrid()) expect(ours.has(c.analyzer), c.analyzer).toBe(true);
  });

  it('lists every analyzer for `rules list`', () => {
    const rows = analyzerCatalog();
    expect(rows.map((r) => r.id)).toEqual(ALL_ANALYZERS.map((a) => a.meta.id));
    expect(rows.find((r) => r.id === 'istio/alpha-annotation')?.defaultEnabled).toBe(false);
  });
});

/** Table-fixture resources exercising the kinds the MSH checks read. */
function fixtureResources(): Resource[] {
  const text = f.yaml(
    f.namespace('istio-system'),
    f.namespace('default', { 'istio.io/rev': 'canary' }),
    ...f.reviews(),
    f.pod('istio-system', 'istiod-1', { labels: { app: 'istiod' } }),
    f.pod('legacy', 'client', { env: { URL: 'http://reviews.default:9080' } }),
    f.destinationRule('default', 'reviews', { host: 'reviews', subsets: [{ name: 'v3', labels: { version: 'v3' } }], trafficPolicy: { tls: { mode: 'DISABLE' }, outlierDetection: { maxEjectionPercent: 100 }, connectionPool: { tcp: { maxConnections: 1 } } } }),
    f.virtualService('default', 'reviews', { hosts: ['reviews'], http: [{ timeout: '1s', retries: { attempts: 3, perTryTimeout: '1s' }, route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] }),
    f.peerAuthentication('default', 'default', { mtls: { mode: 'STRICT' } }),
    f.authorizationPolicy('default', 'deny', { action: 'DENY', rules: [{}] }),
    f.pod('web', 'frontend', { sidecar: true, env: { URL: 'http://reviews.default:9080' } }),
    f.networkPolicy('default', 'from-web', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }] }], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'none' } } }] }] }),
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' }, spec: { defaultBackend: { service: { name: 'reviews', port: { number: 9080 } } } } },
  );
  return parseResourcesFromText(text, 'fixtures.yaml').resources;
}

describe('declared inputs', () => {
  const accessed = new Map<string, Set<string>>();
  const onRead = (id: string, kind: string) => accessed.set(id, (accessed.get(id) ?? new Set<string>()).add(kind));
  const ids = ALL_ANALYZERS.map((a) => a.meta.id);

  beforeAll(async () => {
    const inputs: Array<{ resources: Resource[]; mesh?: string }> = [{ resources: fixtureResources() }];
    for (const c of loadGrid()) {
      const resources = c.inputFiles.flatMap((file) => parseResourcesFromText(readFileSync(join(CORPUS, file), 'utf8'), file).resources);
      inputs.push({ resources, ...(c.meshConfigFile ? { mesh: readFileSync(join(CORPUS, c.meshConfigFile), 'utf8') } : {}) });
    }
    for (const b of ['bug-report-2023-05-92638fd.tar.gz', 'bug-report-2023-09-ce74670.tar.gz']) inputs.push({ resources: (await loadCorpusBundle(b)).model.resources });
    for (const { resources, mesh } of inputs) {
      const r = runAnalyzers({ resources, availableKinds: 'all', ...(mesh ? { meshConfig: { text: mesh, file: 'mesh.yaml' } } : {}) }, { only: ids, onRead });
      const failed = r.skipped.filter((s) => s.reason.startsWith('failed'));
      expect(failed, 'no analyzer reads an undeclared kind or fails').toEqual([]);
    }
  }, 120_000);

  it('reads exactly the kinds each analyzer declares (required inputs at least once)', () => {
    const unread = ALL_ANALYZERS.flatMap((a) => a.meta.inputs.filter((k) => !accessed.get(a.meta.id)?.has(k)).map((k) => `${a.meta.id} declares ${k} but never read it`));
    expect(unread).toEqual([]);
  });
});

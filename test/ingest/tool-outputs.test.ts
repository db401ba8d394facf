/**
 * istioctl outputs dropped in as loose files: `istioctl analyze -o json` (istioctl's own analysis, compared with
 * ours by --compare-istioctl) and `istioctl x precheck` (each message a finding). Message codes, levels and templates
 * are istio's (corpus istio-analyze/messages.yaml: IST0101 ReferencedResourceNotFound, IST0142
 * UnsupportedKubernetesVersion, IST0169 UpdateIncompatibility); the JSON shape is istioctl's `-o json`
 * (`code`, `documentationUrl`, `level`, `message`, `origin`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { classifyFile } from '../../analyzers/ingest/classify.js';
import { main } from '../../analyzers/node/cli.js';
import { reportProblems } from '../golden/report-shape.js';
import { tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const ANALYZE_JSON = `[
  {
    "code": "IST0101",
    "documentationUrl": "https://istio.io/v1.24/docs/reference/config/analysis/ist0101/",
    "level": "Error",
    "message": "Referenced host not found: \\"reviews\\"",
    "origin": "VirtualService default/reviews"
  }
]
`;

const PRECHECK_TEXT = `Error [IST0142] (Namespace kube-system) The Kubernetes Version "1.26.3" is lower than the minimum version: 1.28
Warning [IST0169] (MeshConfig istio-system/istio) The configuration "ENABLE_AUTO_SNI" changed in release 1.20: previously, no SNI would be set; now it will be automatically set. Or, install with \`--set compatibilityVersion=1.20\` to retain the old default.
`;

const enc = (s: string) => new TextEncoder().encode(s);

describe('recognised by content', () => {
  it('analyze and precheck JSON, precheck text and its all-clear line', () => {
    expect(classifyFile('out/analyze.json', enc(ANALYZE_JSON)).role).toBe('istioctl-analyze-json');
    expect(classifyFile('out/precheck.json', enc(ANALYZE_JSON)).role).toBe('istioctl-precheck');
    expect(classifyFile('out/precheck.txt', enc(PRECHECK_TEXT)).role).toBe('istioctl-precheck');
    expect(classifyFile('notes.txt', enc('✔ No issues found when checking the cluster. Istio is safe to install or upgrade!\n  To get started, check out https://istio.io/latest/docs/setup/getting-started/\n')).role).toBe('istioctl-precheck');
    expect(classifyFile('x.json', enc('[]')).role).toBe('json'); // an empty list says nothing by itself
  });
});

describe('through the engine', () => {
  it('precheck messages become findings with their IST code, level and line; analyze JSON feeds --compare-istioctl', async () => {
    const dir = tempDir();
    dir.write('istioctl-x-precheck.txt', PRECHECK_TEXT);
    dir.write('istioctl-analyze.json', ANALYZE_JSON);
    dir.write('reviews.yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n');
    const r = await analyzePath(dir.dir);
    expect(reportProblems(r)).toEqual([]);
    const pre = r.findings.filter((f) => f.analyzer === 'istioctl/precheck');
    expect(pre.map((f) => [f.code, f.severity, f.evidence[0]!.file, f.evidence[0]!.line])).toEqual([['IST0142', 'error', 'istioctl-x-precheck.txt', 1], ['IST0169', 'warning', 'istioctl-x-precheck.txt', 2]]);
    expect(pre[0]!.message).toBe('istioctl precheck: The Kubernetes Version "1.26.3" is lower than the minimum version: 1.28 (Namespace kube-system)');
    expect(r.istioctlAnalyze).toEqual({ file: 'istioctl-analyze.json', text: 'Error [IST0101] (VirtualService default/reviews) Referenced host not found: "reviews"\n' });
    let out = '';
    expect(await main(['analyze', dir.dir, '--compare-istioctl', '-o', 'json'], { stdout: (s) => { out += s; }, stderr: () => {} })).toBe(0);
    const cmp = (JSON.parse(out) as { istioctlComparison: { matched?: unknown[]; both?: unknown[] } }).istioctlComparison;
    expect(JSON.stringify(cmp)).toContain('IST0101'); // both istioctl and meshlens report the missing host
    dir.cleanup();
  });
});

describe('istioctl proxy-config <kind> -o json files', () => {
  const BR = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
  const POD = 'default/productpage-v1-564d4686f-7kdqf';
  const cli = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
    return { code, out, err };
  };

  // istioctl's -o json for one kind is what `meshlens proxy-config <kind> -o json` prints (checked byte for byte
  // against istioctl's goldens in test/conformance/proxy-config.test.ts); reading it back must give the same table
  it.each(['cluster', 'listener', 'route', 'secret'])('%s: recognised, listed under its proxy, and printed again by meshlens proxy-config', async (kind) => {
    const json = await cli(['proxy-config', kind, BR, '--pod', POD, '-o', 'json']);
    expect(json.code).toBe(0);
    const file = tmp.write(`productpage-${kind}s.json`, json.out);
    expect(classifyFile(file, enc(json.out))).toMatchObject({ role: `istioctl-proxy-config-${kind}`, owner: { group: 'proxy', pod: `productpage-${kind}s`, key: `istioctl_${kind}` } });
    const direct = await cli(['proxy-config', kind, BR, '--pod', POD, '--now', '2023-09-06T09:16:27Z']);
    const fromFile = await cli(['proxy-config', kind, file, '--now', '2023-09-06T09:16:27Z']);
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toBe(direct.out);
  });

  it('in a bundle: the file is used, its proxy in the inventory; no proxy check runs on one section', async () => {
    const dir = tempDir();
    dir.write('productpage-clusters.json', (await cli(['proxy-config', 'cluster', BR, '--pod', POD, '-o', 'json'])).out);
    const r = await analyzePath(dir.dir);
    expect(reportProblems(r)).toEqual([]);
    expect(r.bundle.format).toBe('envoy-config-dump');
    expect(r.bundle.inventory.proxies).toEqual([{ namespace: '', name: 'productpage-clusters', configDump: false, log: false }]);
    expect(r.bundle.files[0]).toMatchObject({ status: 'used', role: 'istioctl-proxy-config-cluster' });
    expect(r.findings.filter((f) => f.evidence.some((e) => e.file === 'productpage-clusters.json'))).toEqual([]);
    dir.cleanup();
  });
});

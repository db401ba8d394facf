import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle, type LoadOptions, type LoadProgress } from '../../analyzers/ingest/load.js';
import type { BundleModel } from '../../analyzers/model/bundle.js';
import { openBundleSource } from '../../analyzers/node/sources/index.js';
import { archiveText, MAY, SEP, TROUBLESHOOT } from '../parse/k8s/corpus.js';
import { CountingSink } from './count-sink.js';
import { memorySource, tarBytes, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function load(path: string, extra: Partial<LoadOptions> = {}): Promise<BundleModel> {
  return loadBundle(await openBundleSource(path), { logSink: () => new CountingSink(), ...extra });
}

const SEP_PROXIES = [
  'bookinfo/httpbin-5f646964cb-2rscc', 'default/details-v1-5f4d584748-ztplf', 'default/httpbin-9c8cdfc5b-x9kzc', 'default/productpage-v1-564d4686f-7kdqf',
  'default/ratings-v1-686ccfb5d8-6gmkz', 'default/reviews-v1-86896b7648-g99dg', 'default/reviews-v2-b7dcd98fb-n5tr4', 'default/reviews-v3-5c5cc7b6d-4lcsf',
  'default/sleep-9454cc476-sm47w', 'hello/helloworld-v1-b6c45f55-z68kg', 'hello/helloworld-v2-79d5467d55-245sr', 'hello/httpbin-86869bccff-ztgt8',
  'istio-ingress/argo-gateway-85787cfc6c-jpkpw', 'istio-ingress/gateway-istio-57c99684c4-zr6bs', 'istio-ingress/istio-ingressgateway-66ff6cdcf5-ccj9x',
  'test/httpbin-86869bccff-d2mzg', 'test/sleep-9454cc476-ls6sj',
];

describe('loadBundle on the Sep 2023 bug-report (Istio 1.20-dev, ambient + sidecars)', () => {
  let m: BundleModel;
  const progress: LoadProgress[] = [];
  beforeAll(async () => {
    m = await load(SEP, { onProgress: (p) => progress.push(p) });
  });

  it('detects the ≤1.20 layout and takes capturedAt from the newest archive mtime', () => {
    expect([m.format, m.formatVersion, m.capturedAt, m.capturedAtSource]).toEqual(['istioctl-bug-report', '≤1.20', '2023-09-06T09:16:27Z', 'archive-mtime']);
    expect(m.source).toBe(SEP);
    expect(m.warnings).toEqual([]);
  });

  it('accounts for every archive entry', () => {
    const listing = execFileSync('tar', ['-tzf', SEP]).toString().trim().split('\n');
    expect(m.files.map((f) => f.path).sort()).toEqual([...listing].sort());
    const reasons = new Map<string, number>();
    for (const f of m.files.filter((x) => x.status !== 'used')) reasons.set(`${f.status}: ${f.reason}`, (reasons.get(`${f.status}: ${f.reason}`) ?? 0) + 1);
    // 17 proxies × 9 state files, 17 istiod debug endpoints + metrics, the analyze output: recorded, unread without a stateFile consumer
    expect(Object.fromEntries(reasons)).toEqual({
      'skipped: no check reads this file (its path is kept for proxy-config and the UI)': 17 * 9 + 18 + 1,
      'skipped: kubectl context name and API server URL: not needed': 1,
    });
    expect(m.files.filter((f) => f.status === 'used')).toHaveLength(21 + 8 + 1);
    expect(m.files.find((f) => f.path === 'bug-report/cluster/describe-pods')).toMatchObject({ status: 'used', role: 'describe-pods' });
    expect(m.files.find((f) => f.path === 'bug-report/cluster/nodes')?.role).toBe('describe-nodes');
    expect(m.files.find((f) => f.path === 'bug-report/analyze/allNamespaces/allNamespaces')).toMatchObject({ status: 'skipped', role: 'istioctl-analyze' });
    expect(m.files.find((f) => f.path === 'bug-report/cluster/k8s-resources')).toEqual({ path: 'bug-report/cluster/k8s-resources', size: 4192922, status: 'used', role: 'k8s-resources' });
    expect(m.stats.filesRead).toBe(203);
    expect(progress.at(-1)).toEqual({ bytesRead: m.stats.bytesRead, filesRead: 203, currentFile: listing.at(-1) });
  });

  it('finds all 17 proxies, the istiod pod and the 3 CNI pods, with their files', () => {
    expect(m.proxies.map((p) => `${p.namespace}/${p.pod}`).sort()).toEqual(SEP_PROXIES);
    for (const p of m.proxies) {
      const dir = `bug-report/proxies/${p.namespace}/${p.pod}`;
      expect(p.files).toEqual({
        log: `${dir}/istio-proxy.log`, config_dump: `${dir}/config_dump?include_eds`, clusters: `${dir}/clusters`, listeners: `${dir}/listeners`,
        certs: `${dir}/certs`, server_info: `${dir}/server_info`, memory: `${dir}/memory`, runtime: `${dir}/runtime`, netstat: `${dir}/netstat`, stats: `${dir}/stats/prometheus`,
      });
    }
    expect(m.controlPlane).toHaveLength(1);
    const cp = m.controlPlane[0];
    expect([cp.namespace, cp.pod, cp.kind, cp.files.log, cp.files.metrics, cp.files['debug/syncz']]).toEqual([
      'istio-system', 'istiod-5dc9d477-27gmf', 'istiod', 'bug-report/istio/istio-system/istiod-5dc9d477-27gmf/discovery.log',
      'bug-report/istio/istio-system/istiod-5dc9d477-27gmf/metrics', 'bug-report/istio/istio-system/istiod-5dc9d477-27gmf/debug/syncz',
    ]);
    expect(Object.keys(cp.files)).toHaveLength(19);
    expect(m.cniPods.map((c) => c.name).sort()).toEqual(['istio-cni-node-9dk77', 'istio-cni-node-mw8sj', 'istio-cni-node-wpwvb']);
  });

  it('streams every log into a sink, with its identity, and counts its lines', () => {
    expect(m.logs).toHaveLength(21);
    const discovery = m.logs.find((l) => l.meta.component === 'istiod')!;
    expect(discovery.meta).toEqual({ file: 'bug-report/istio/istio-system/istiod-5dc9d477-27gmf/discovery.log', component: 'istiod', namespace: 'istio-system', pod: 'istiod-5dc9d477-27gmf', container: 'discovery' });
    expect(discovery.bytes).toBe(737465);
    const pp = m.logs.find((l) => l.meta.pod === 'productpage-v1-564d4686f-7kdqf')!;
    expect(pp.meta).toEqual({ file: 'bug-report/proxies/default/productpage-v1-564d4686f-7kdqf/istio-proxy.log', component: 'istio-proxy', namespace: 'default', pod: 'productpage-v1-564d4686f-7kdqf', container: 'istio-proxy' });
    expect(pp.lines).toBe(archiveText(SEP, pp.meta.file).split('\n').length - 1);
    expect(m.logs.filter((l) => l.meta.component === 'cni').map((l) => l.meta.pod).sort()).toEqual(['istio-cni-node-9dk77', 'istio-cni-node-mw8sj', 'istio-cni-node-wpwvb']);
    expect(m.stats.linesScanned).toBe(46143);
  });

  it('reads resources, events, pods and versions', () => {
    expect(m.resources.filter((r) => r.source.file === 'bug-report/cluster/crs')).toHaveLength(78);
    expect(m.resources.filter((r) => r.kind === 'Node').map((r) => [r.name, r.source.line])).toEqual([['xp.master', 1], ['xp.worker1', 90], ['xp.worker2', 185]]);
    expect(m.resources.filter((r) => r.kind === 'Secret').map((r) => r.name)).toContain('argocd-initial-admin-secret');
    expect(m.events).toHaveLength(5);
    expect(m.events.every((e) => e.source.file === 'bug-report/cluster/k8s-resources')).toBe(true);
    expect(m.events.at(-1)).toMatchObject({ reason: 'FailedGetResourceMetric', object: { kind: 'HorizontalPodAutoscaler', name: 'istiod' }, count: 6276 });
    expect(m.pods).toHaveLength(61);
    expect(m.containerStates.filter((s) => s.state === 'terminated' && s.reason === 'Error').map((s) => s.pod).sort()).toEqual(['speaker-6zcmc', 'speaker-bhfj4', 'speaker-hgd2k']);
    expect(m.versions).toEqual({ controlPlane: ['1.20-dev'], proxies: ['1.20-dev', '1.18-dev', '1.19-dev'], kubernetes: 'v1.27.3', source: { file: 'bug-report/versions', line: 10 } });
  });
});

describe('loadBundle on other real bundles', () => {
  it('May 2023 bug-report: one gateway proxy without log, one istiod, no CNI', async () => {
    const m = await load(MAY);
    expect([m.format, m.formatVersion, m.capturedAt, m.capturedAtSource]).toEqual(['istioctl-bug-report', '≤1.20', '2023-05-12T18:47:31Z', 'archive-mtime']);
    expect(m.files).toHaveLength(38);
    expect(m.proxies.map((p) => [p.namespace, p.pod, 'log' in p.files, 'config_dump' in p.files])).toEqual([['istio-system', 'istio-ingressgateway-55658dd497-zql8c', false, true]]);
    expect(m.controlPlane.map((c) => c.pod)).toEqual(['istiod-7bf5f89d87-bmlhz']);
    expect([m.cniPods, m.logs]).toEqual([[], []]);
    expect(m.events).toHaveLength(12);
    expect(m.versions?.kubernetes).toBe('v1.25.7-gke.1000');
  });

  it('hands recorded state files whole to a stateFile consumer, in the same pass', async () => {
    const got = new Map<string, { bytes: number; role: string }>();
    const m = await load(MAY, {
      stateFile: (path, { role, owner }) =>
        owner?.key === 'config_dump' || owner?.key === 'debug/syncz' || role === 'istioctl-analyze' ? (b) => got.set(path, { bytes: b.length, role }) : undefined,
    });
    expect(Object.fromEntries(got)).toEqual({
      'bug-report/analyze/allNamespaces/allNamespaces': { bytes: 1360, role: 'istioctl-analyze' },
      'bug-report/istio/istio-system/istiod-7bf5f89d87-bmlhz/debug/syncz': { bytes: 447, role: 'istiod-debug' },
      'bug-report/proxies/istio-system/istio-ingressgateway-55658dd497-zql8c/config_dump?include_eds': { bytes: 185046, role: 'proxy-config-dump' },
    });
    expect(m.stats.bytesRead).toBeGreaterThan(185046);
  });

  it('the same bug-report extracted to a folder: capture time from bug-report.log', async () => {
    const dir = join(tmp.dir, 'may');
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', MAY, '-C', dir]);
    const m = await load(dir);
    expect([m.format, m.formatVersion, m.capturedAt, m.capturedAtSource]).toEqual(['istioctl-bug-report', '≤1.20', '2023-05-12T18:47:31.135Z', 'bug-report-log']);
    expect(m.files.every((f) => f.path.startsWith('bug-report/'))).toBe(true);
  });

  it('troubleshoot.sh support bundle: container logs, typed Lists, symlinks not followed', async () => {
    const m = await load(TROUBLESHOOT);
    expect([m.format, m.formatVersion, m.capturedAt, m.capturedAtSource]).toEqual(['troubleshoot', undefined, '2022-12-21T16:44:51Z', 'archive-mtime']);
    expect(m.files).toHaveLength(121);
    const links = m.files.filter((f) => f.reason?.startsWith('symlink'));
    expect(links).toHaveLength(19);
    expect(links.find((f) => f.path === 'support-bundle/static-hi.log')?.reason).toBe('symlink to cluster-resources/pods/logs/default/static-hi/static-hi.log: not followed');
    expect(m.logs).toHaveLength(19);
    expect(m.logs.find((l) => l.meta.file.endsWith('coredns-previous.log'))?.meta).toEqual({
      file: 'support-bundle/cluster-resources/pods/logs/kube-system/coredns-b96499967-tncf4/coredns-previous.log', component: 'app', namespace: 'kube-system', pod: 'coredns-b96499967-tncf4', container: 'coredns',
    });
    expect(m.resources.filter((r) => r.kind === 'CustomResourceDefinition')).toHaveLength(12);
    expect([m.events.length, m.pods.length, m.versions?.kubernetes]).toEqual([5, 8, 'v1.24.4+k3s1']);
    expect(m.warnings).toEqual([]);
  });

  it('a loose Envoy config_dump file', async () => {
    const m = await load('../shared/corpus/envoy-config-dumps/writer__envoy__configdump__configdump.json');
    expect([m.format, m.capturedAtSource]).toEqual(['envoy-config-dump', 'none']);
    expect(m.proxies).toEqual([{ namespace: '', pod: 'writer__envoy__configdump__configdump', files: { config_dump: 'writer__envoy__configdump__configdump.json' } }]);
    expect(m.files).toEqual([{ path: 'writer__envoy__configdump__configdump.json', size: 742, status: 'skipped', role: 'config-dump', reason: 'no check reads this file (its path is kept for proxy-config and the UI)' }]);
  });

  it('a folder of loose manifests (istioctl analyze test data)', async () => {
    const m = await load('../shared/corpus/istio-analyze/testdata');
    expect(m.format).toBe('kubectl-dump');
    const vs = m.resources.find((r) => r.kind === 'VirtualService' && r.source.file === 'virtualservice_overlappingmatches.yaml' && r.name === 'overlapping-in-two-matches')!;
    expect(vs.source.line).toBe(archiveLine('../shared/corpus/istio-analyze/testdata/virtualservice_overlappingmatches.yaml', 'name: overlapping-in-two-matches') - 3);
    expect(vs.source.line).toBe(63);
    expect(m.files.filter((f) => f.status === 'skipped').map((f) => f.path)).toEqual([
      'common/meshconfig.yaml', 'common/meshnetworks.yaml', 'mesh-with-automtls.yaml', 'serviceentry-address-allocated-mesh-cfg.yaml',
      'serviceentry-missing-addresses-protocol-mesh-cfg.yaml', 'telemetry-lightstep-meshconfig.yaml',
    ]);
  });

  it('a folder of loose logs: capture time from the newest log line', async () => {
    const dir = join(tmp.dir, 'logs');
    mkdirSync(dir);
    for (const f of ['bug-report/istio/istio-system/istiod-5dc9d477-27gmf/discovery.log', 'bug-report/proxies/default/productpage-v1-564d4686f-7kdqf/istio-proxy.log']) {
      tmp.write(`logs/${f.split('/').at(-2)}.log`, archiveText(SEP, f));
    }
    const m = await load(dir);
    expect([m.format, m.capturedAt, m.capturedAtSource]).toEqual(['logs', '2023-09-06T09:12:54.545Z', 'newest-log']);
    expect(m.logs.map((l) => [l.meta.file, l.meta.component])).toEqual([['istiod-5dc9d477-27gmf.log', 'istiod'], ['productpage-v1-564d4686f-7kdqf.log', 'unknown']]);
  });
});

function archiveLine(file: string, needle: string): number {
  return Number(execFileSync('grep', ['-n', '-m1', needle, file]).toString().split(':')[0]);
}

describe('loadBundle on hostile and broken input', () => {
  it('never trusts entry paths or links', async () => {
    const tar = await tarBytes([
      { name: '../../etc/cron.d/x', content: 'kind: Pod\nmetadata: {name: evil}\n' },
      { name: '/abs/pod.yaml', content: 'kind: Pod\nmetadata: {name: evil2}\n' },
      { name: 'ok/pod.yaml', content: 'kind: Pod\nmetadata: {name: fine, namespace: ns}\n' },
      { name: 'ok/link.yaml', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'ok/hard.yaml', type: 'link', linkname: 'ok/pod.yaml' },
      { name: 'ok/fifo', type: 'fifo' },
      { name: 'ok/', type: 'directory' },
    ]);
    const m = await load(tmp.write('hostile.tar', tar));
    expect(m.resources.map((r) => r.name)).toEqual(['fine']);
    expect(m.files.map((f) => [f.path, f.status, f.reason])).toEqual([
      ['../../etc/cron.d/x', 'skipped', 'unsafe path (path escapes the bundle with ".."): not read'],
      ['/abs/pod.yaml', 'skipped', 'unsafe path (absolute path): not read'],
      ['ok/pod.yaml', 'used', undefined],
      ['ok/link.yaml', 'skipped', 'symlink to /etc/passwd: not followed'],
      ['ok/hard.yaml', 'skipped', 'hard link to ok/pod.yaml: not followed'],
      ['ok/fifo', 'skipped', 'device, FIFO or other special file: not read'],
      ['ok', 'skipped', 'directory'],
    ]);
  });

  it('keeps what came before a truncated archive, with the source warning', async () => {
    const bytes = readFileSync(SEP);
    const m = await load(tmp.write('cut.tar.gz', bytes.subarray(0, Math.floor(bytes.length * 0.4))));
    const last = m.files.at(-1)!;
    expect(last.status).toBe('unreadable');
    expect(last.reason).toMatch(/^read failed: .*unexpected end of file/);
    expect(m.files.slice(0, -1).every((f) => f.status !== 'unreadable')).toBe(true);
    expect(m.files.length).toBeGreaterThan(10);
    expect(m.warnings).toContainEqual({ file: last.path, message: `tar.gz read stopped after ${last.path}: truncated gzip stream (unexpected end of file); the entries before were kept` });
    expect([m.format, m.capturedAtSource]).toEqual(['istioctl-bug-report', 'archive-mtime']);
  });

  it('marks a file whose read fails as unreadable, keeps its partial log summary, and goes on', async () => {
    const m = await loadBundle(memorySource([
      { path: 'a/istio-proxy.log', text: '2024-03-01T10:00:00Z info x\n'.repeat(400), error: new Error('EIO: i/o error, read') },
      { path: 'b/pod.yaml', text: 'kind: Pod\nmetadata: {name: p, namespace: n}\n' },
    ]), { logSink: () => new CountingSink() });
    expect(m.files).toEqual([
      { path: 'a/istio-proxy.log', size: 11200, status: 'unreadable', role: 'log', reason: 'read failed: EIO: i/o error, read' },
      { path: 'b/pod.yaml', size: 44, status: 'used', role: 'k8s-yaml' },
    ]);
    expect(m.logs.map((l) => [l.meta.file, l.lines])).toEqual([['a/istio-proxy.log', 400]]);
    expect(m.warnings).toEqual([{ file: 'a/istio-proxy.log', message: 'read failed: EIO: i/o error, read' }]);
    expect(m.pods.map((p) => p.name)).toEqual(['p']);
  });

  it('skips structured files over the cap and streams big logs in bounded chunks', async () => {
    const big = 'x'.repeat(99) + '\n';
    const tar = await tarBytes([
      { name: 'bug-report/cluster/crs', content: `apiVersion: v1\nitems: []\nkind: List\n${'#'.repeat(2000)}\n` },
      { name: 'bug-report/proxies/ns/p/istio-proxy.log', content: big.repeat(50_000) },
    ]);
    const sinks: CountingSink[] = [];
    const m = await load(tmp.write('big.tar', tar), {
      limits: { maxStructuredBytes: 1000 },
      logSink: () => {
        sinks.push(new CountingSink());
        return sinks.at(-1);
      },
    });
    expect(m.files[0]).toEqual({ path: 'bug-report/cluster/crs', size: 2037, status: 'skipped', role: 'crs', reason: 'larger than the 1000-byte limit for structured files: not parsed' });
    expect(m.logs[0].lines).toBe(50_000);
    expect(sinks[0].chunkSizes.length).toBeGreaterThan(1);
    expect(Math.max(...sinks[0].chunkSizes)).toBeLessThanOrEqual(1 << 20);
  });
});

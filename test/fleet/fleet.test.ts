/**
 * `meshlens fleet` on samples/fleet (six generated bug-reports; samples/fleet/README.md says what fleet must
 * conclude), field by field: the failing cluster, both clusters at risk with the preconditions each holds and their
 * file:line evidence, the healthy ones, shared findings and drift. Bundles go through the real worker pool; the
 * --reports cache and JSON-report inputs are checked against the same answer.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clusterName, fleetSummary, riskThreshold, type FleetSummary } from '../../analyzers/fleet/index.js';
import { renderFleetHtml, renderFleetMarkdown, renderFleetText } from '../../analyzers/fleet/render.js';
import { expandInputs, runFleet, type FleetRun } from '../../analyzers/node/fleet/run.js';
import { main } from '../../analyzers/node/cli.js';
import { tgz } from '../hostile/harness.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { dispatch, NotFound } from '../../analyzers/node/serve/dispatch.js';
import { attachFleet, FleetHost } from '../../analyzers/node/serve/fleet.js';
import { BundleSession } from '../../analyzers/node/serve/session.js';
import type { FleetState } from '../../analyzers/contract/backend.js';

const CAUSE = 'external-ca-overload';
const PRE = {
  ca: 'workload certificates come from an external CA',
  replicas: 'many istiod replicas (5 or more), each connecting to the CA',
  rollout: 'rollouts can restart hundreds of pods at once (maxSurge ≥ 50 % on large Deployments, or HorizontalPodAutoscalers scaling them)',
  timeout: 'no CA or CSR timeout is tuned anywhere (istiod, istio-csr and meshConfig proxyMetadata set none): requests wait for the defaults',
};

let dir: string;
let first: FleetRun;
let f: FleetSummary;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshlens-fleet-'));
  const { inputs, errors } = await expandInputs(['samples/fleet']);
  expect(errors).toEqual([]);
  first = await runFleet(inputs, { jobs: 2, reportsDir: dir });
  f = fleetSummary(first.digests, first.errors);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (name: string) => f.rows.find((r) => r.cluster === name)!;
const risk = () => f.risks.find((r) => r.cause === CAUSE)!;

describe('meshlens fleet samples/fleet', () => {
  it('reads the six clusters from the folder (README ignored), all analysed in the pool', () => {
    expect(first.errors).toEqual([]);
    expect(f.rows.map((r) => [r.cluster, r.from])).toEqual([
      ['prod-ap1', 'bundle'], ['prod-eu1', 'bundle'], ['prod-sa1', 'bundle'], ['prod-us1', 'bundle'], ['prod-us2', 'bundle'], ['staging-eu1', 'bundle'],
    ]);
  });

  it('names prod-eu1 failing with external-ca-overload at capture, the only cause found', () => {
    expect(f.causes.map((c) => c.id)).toEqual([CAUSE]);
    expect(row('prod-eu1').status).toBe('failing');
    expect(row('prod-eu1').cells[CAUSE]!.atCapture).toBeGreaterThanOrEqual(0.5);
    expect(row('prod-eu1').summary).toMatch(/^incident at capture: external-ca-overload \(0\.\d\d\)$/);
    expect(risk().foundIn).toEqual(['prod-eu1']);
  });

  it('names prod-us1 (4 of 4) and prod-ap1 (3 of 4) at risk, with each precondition and its evidence', () => {
    expect(risk().threshold).toBe(3);
    expect(risk().atRisk.map((e) => [e.cluster, e.holds, e.of])).toEqual([['prod-us1', 4, 4], ['prod-ap1', 3, 4]]);
    const us1 = risk().atRisk[0]!;
    expect(us1.preconditions.map((p) => [p.says, p.holds])).toEqual([[PRE.ca, true], [PRE.replicas, true], [PRE.rollout, true], [PRE.timeout, true]]);
    const ev = (e: typeof us1, says: string) => e.preconditions.find((p) => p.says === says)!.evidence.map((x) => `${x.file}:${x.line} ${x.excerpt}`);
    // lines in samples/fleet/prod-us1/bug-report/cluster/k8s-resources (the generator's order: shop Deployments first)
    expect(ev(us1, PRE.ca)).toEqual([
      'bug-report/cluster/k8s-resources:124 istiod ENABLE_CA_SERVER=false',
      'bug-report/cluster/k8s-resources:109 istio-csr Deployment cert-manager/cert-manager-istio-csr',
      'bug-report/cluster/k8s-resources:161 meshConfig defaultConfig.caAddress=cert-manager-istio-csr.cert-manager.svc:443',
    ]);
    expect(ev(us1, PRE.replicas)).toEqual(['bug-report/cluster/k8s-resources:124 istiod replicas: 16']);
    expect(ev(us1, PRE.rollout)).toEqual(['bug-report/cluster/k8s-resources:3 frontend: 40 replicas, maxSurge 100%', 'bug-report/cluster/k8s-resources:32 frontend: up to 120 replicas']);
    const ap1 = risk().atRisk[1]!;
    expect(ap1.preconditions.map((p) => [p.says, p.holds])).toEqual([[PRE.ca, true], [PRE.replicas, false], [PRE.rollout, true], [PRE.timeout, true]]);
    expect(ev(ap1, PRE.ca)).toEqual(['bug-report/cluster/k8s-resources:80 istiod EXTERNAL_CA=ISTIOD_RA_KUBERNETES_API', 'bug-report/cluster/k8s-resources:80 istiod K8S_SIGNER=clusterissuers.cert-manager.io/istio-ca']);
    expect(ev(ap1, PRE.replicas)).toEqual([]);
    // prod-eu1 holds all four, so every precondition they hold is one they share with it
    expect(ap1.preconditions.filter((p) => p.holds).every((p) => p.sharedWithFound)).toBe(true);
    expect(row('prod-us1')).toMatchObject({ status: 'at-risk', cells: { [CAUSE]: { past: 0, risk: { holds: 4, of: 4, atRisk: true } } } });
    expect(row('prod-ap1')).toMatchObject({ status: 'at-risk', cells: { [CAUSE]: { past: 0, risk: { holds: 3, of: 4, atRisk: true } } } });
  });

  it('names prod-us2, staging-eu1 and prod-sa1 healthy; staging-eu1 and prod-us2 partly exposed', () => {
    expect(f.rows.filter((r) => r.status === 'healthy').map((r) => r.cluster)).toEqual(['prod-sa1', 'prod-us2', 'staging-eu1']);
    expect(risk().partly.map((e) => [e.cluster, e.holds, e.preconditions.filter((p) => p.holds).map((p) => p.says)])).toEqual([
      ['staging-eu1', 2, [PRE.ca, PRE.timeout]],
      ['prod-us2', 1, [PRE.rollout]],
    ]);
    expect(row('prod-sa1').cells[CAUSE]).toEqual({ past: 0 });
  });

  it("counts prod-us1's recovered CSR retry as a past incident with no cause, and nothing else as an incident", () => {
    expect(f.rows.map((r) => [r.cluster, r.pastIncidents])).toEqual([['prod-ap1', 0], ['prod-eu1', 0], ['prod-sa1', 0], ['prod-us1', 1], ['prod-us2', 0], ['staging-eu1', 0]]);
    expect(row('prod-us1').summary).toBe('at risk of external-ca-overload (4 of 4 preconditions); 1 past incident (no cause at 0.5)');
  });

  it('shares SIG-CA-001 between prod-eu1 and prod-us1, and the external-CA finding across the four external-CA clusters', () => {
    const ca = f.sharedCodes.find((s) => s.code === 'SIG-CA-001')!;
    expect(ca.clusters.map((c) => c.cluster)).toEqual(['prod-eu1', 'prod-us1']);
    expect(ca.clusters[1]!.count).toBe(1);
    expect(f.sharedCodes.find((s) => s.code === 'MSH5006')!.clusters.map((c) => c.cluster)).toEqual(['prod-ap1', 'prod-eu1', 'prod-us1', 'staging-eu1']);
  });

  it('shows the drift the generator put in', () => {
    const d = (setting: string) => Object.fromEntries(f.drift.find((x) => x.setting === setting)!.values.map((v) => [v.value, v.clusters]));
    expect(d('Istio control plane')).toEqual({ '1.24.2': ['prod-ap1', 'prod-eu1', 'prod-us1', 'prod-us2', 'staging-eu1'], '1.23.4': ['prod-sa1'] });
    expect(d('replicas')).toEqual({ 2: ['prod-sa1', 'staging-eu1'], 3: ['prod-ap1', 'prod-us2'], 16: ['prod-us1'], 40: ['prod-eu1'] });
    expect(d('mesh-wide mode')).toEqual({ STRICT: ['prod-ap1', 'prod-us1', 'prod-us2', 'staging-eu1'], none: ['prod-eu1'], PERMISSIVE: ['prod-sa1'] });
    expect(d('outboundTrafficPolicy.mode')).toEqual({ '(unset)': ['prod-ap1', 'prod-eu1', 'prod-us1', 'prod-us2', 'staging-eu1'], '"REGISTRY_ONLY"': ['prod-sa1'] });
    expect(d('defaultConfig.caAddress')['"cert-manager-istio-csr.cert-manager.svc:443"']).toEqual(['prod-eu1', 'prod-us1', 'staging-eu1']);
    expect(d('mesh-wide')).toEqual({ none: ['prod-ap1', 'prod-eu1', 'prod-us1', 'prod-us2', 'staging-eu1'], '*.local tls ISTIO_MUTUAL': ['prod-sa1'] });
    expect(Object.values(d('istio-proxy resources'))).toEqual([['prod-ap1', 'prod-eu1', 'prod-us1', 'prod-us2'], ['prod-sa1'], ['staging-eu1']]);
    expect(f.drift.some((x) => x.setting === 'trustDomain')).toBe(false); // the same everywhere: not drift
  });

  it('prints the answer in text', () => {
    const t = renderFleetText(f);
    expect(t).toContain('Failing: prod-eu1\nAt risk: prod-ap1, prod-us1\nHealthy: prod-sa1, prod-us2, staging-eu1\n');
    expect(t).toMatch(/ {2}prod-eu1 +FAILING +1\.24\.2 +now 0\.\d\d +0\n/);
    expect(t).toMatch(/ {2}prod-ap1 +AT RISK +1\.24\.2 +at risk 3\/4 +0\n/);
    expect(t).toContain('  prod-us1: 4 of 4 preconditions\n');
    expect(t).toContain(`    ✗ ${PRE.replicas}\n`);
  });

  it('prints the matrix and the at-risk clusters in Markdown', () => {
    const m = renderFleetMarkdown(f);
    expect(m).toContain('| cluster | status | Istio | `external-ca-overload` | past incidents | summary |\n');
    expect(m).toMatch(/\n\| prod-eu1 \| FAILING \| 1\.24\.2 \| now 0\.\d\d \| 0 \| incident at capture: external-ca-overload \(0\.\d\d\) \|\n/);
    expect(m).toContain('\n| prod-ap1 | AT RISK | 1.24.2 | at risk 3/4 | 0 | at risk of external-ca-overload (3 of 4 preconditions) |\n');
    expect(m).toContain('### prod-ap1: 3 of 4 preconditions\n');
    expect(m).toContain('  - `bug-report/cluster/k8s-resources:80` istiod EXTERNAL_CA=ISTIOD_RA_KUBERNETES_API\n');
  });

  it('reuses the --reports cache when newer than the bundle, re-analyses a bundle that changed', async () => {
    expect(readdirSync(dir).sort()).toEqual(['prod-ap1.json', 'prod-eu1.json', 'prod-sa1.json', 'prod-us1.json', 'prod-us2.json', 'staging-eu1.json']);
    const { inputs } = await expandInputs(['samples/fleet']);
    // the cached prod-sa1 report is made older than its bundle: that one is analysed again
    utimesSync(join(dir, 'prod-sa1.json'), new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));
    const again = await runFleet(inputs, { jobs: 2, reportsDir: dir });
    expect(again.digests.map((d) => [d.name, d.from])).toEqual([
      ['prod-ap1', 'cache'], ['prod-eu1', 'cache'], ['prod-sa1', 'bundle'], ['prod-us1', 'cache'], ['prod-us2', 'cache'], ['staging-eu1', 'cache'],
    ]);
    expect(again.notes).toEqual(['prod-sa1: prod-sa1.json is older than the bundle: re-analysed']);
    const g = fleetSummary(again.digests);
    expect(g.rows.map((r) => [r.cluster, r.status])).toEqual(f.rows.map((r) => [r.cluster, r.status]));
    expect(g.risks).toEqual(f.risks);
  }, 120_000);

  it('gives the same answer from the JSON reports alone (the batch-runner path)', async () => {
    const { inputs } = await expandInputs([dir]);
    const fromJson = await runFleet(inputs);
    expect(fromJson.digests.every((d) => d.from === 'report')).toBe(true);
    const g = fleetSummary(fromJson.digests);
    expect(g.rows.map((r) => [r.cluster, r.status, r.summary])).toEqual(f.rows.map((r) => [r.cluster, r.status, r.summary]));
    expect(g.drift).toEqual(f.drift);
  });
});

describe('fleet CLI', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
    return { code, out, err };
  };

  it('exits 1 with --fail-on-risk, lists an unreadable input without failing the rest, escapes HTML', async () => {
    const reports = readdirSync(dir).map((n) => join(dir, n));
    const r = await run(['fleet', ...reports, 'no/such/bundle.tar.gz', '--fail-on-risk', '-o', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as FleetSummary;
    expect(j.errors).toEqual([{ name: 'bundle', source: 'no/such/bundle.tar.gz', error: 'cannot read no/such/bundle.tar.gz: ENOENT' }]);
    expect(j.rows.find((x) => x.cluster === 'prod-eu1')!.status).toBe('failing');
  });

  it('exits 2 when nothing is readable', async () => {
    const r = await run(['fleet', 'no/such/a', 'no/such/b']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('meshlens: no cluster could be read: cannot read no/such/a: ENOENT; cannot read no/such/b: ENOENT\n');
  });

  it('pseudonymises hosts with --redact hosts, the same name in every cluster', async () => {
    const reports = readdirSync(dir).map((n) => join(dir, n));
    const r = await run(['fleet', ...reports, '--redact=hosts', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('cert-manager-istio-csr.cert-manager.svc');
    const j = JSON.parse(r.out) as FleetSummary;
    const caAddress = j.drift.find((x) => x.setting === 'defaultConfig.caAddress')!;
    expect(caAddress.values.find((v) => v.value !== '(unset)')!.clusters).toEqual(['prod-eu1', 'prod-us1', 'staging-eu1']);
  });

  it('escapes every value in HTML', () => {
    const html = renderFleetHtml({ ...f, rows: f.rows.map((r, i) => (i === 0 ? { ...r, cluster: '<img src=x onerror=alert(1)>' } : r)) });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('serve --fleet: the host behind the Fleet view', () => {
  it('answers fleet() with progress then the summary, and opens only bundles of the fleet', async () => {
    const session = new BundleSession(analyzePath);
    expect(await dispatch(session, 'fleet', [])).toBeNull(); // a plain `serve <bundle>` has no fleet
    const host = new FleetHost();
    attachFleet(session, host);
    expect(await dispatch(session, 'fleet', [])).toEqual({ state: 'loading', done: 0, total: 0 });
    await host.load(['samples/fleet/prod-eu1', 'samples/fleet/prod-sa1', join(dir, 'prod-us1.json')], { jobs: 2 });
    const s = (await dispatch(session, 'fleet', [])) as FleetState;
    expect(s.state).toBe('ready');
    if (s.state !== 'ready') return;
    expect(s.summary.rows.map((r) => [r.cluster, r.status, r.from])).toEqual([['prod-eu1', 'failing', 'bundle'], ['prod-sa1', 'healthy', 'bundle'], ['prod-us1', 'at-risk', 'report']]);
    await expect(dispatch(session, 'openCluster', ['no-such-cluster'])).rejects.toBeInstanceOf(NotFound);
    await expect(dispatch(session, 'openCluster', ['prod-us1'])).rejects.toBeInstanceOf(NotFound); // a JSON report: nothing to open
    await expect(dispatch(session, 'openCluster', [42])).rejects.toThrow('name must be a string');
    expect(await dispatch(session, 'openCluster', ['prod-sa1'])).toBeNull();
    await vi.waitFor(() => expect(session.status()).toMatchObject({ state: 'ready', bundle: 'samples/fleet/prod-sa1' }), { timeout: 60_000 });
    await session.close();
  }, 120_000);
});

describe('fleet rules', () => {
  it.each([[1, 1], [2, 2], [3, 2], [4, 3], [6, 5]])('a cause with %i preconditions puts a cluster at risk at %i', (n, t) => {
    expect(riskThreshold(n)).toBe(t);
  });

  it.each([
    ['bundles/prod-eu1.tar.gz', 'prod-eu1'], ['prod-eu1.tgz', 'prod-eu1'], ['x/prod.zip', 'prod'], ['reports/prod-us1.json', 'prod-us1'], ['samples/fleet/prod-eu1/', 'prod-eu1'],
  ])('clusterName(%s) = %s', (p, n) => {
    expect(clusterName(p)).toBe(n);
  });

  it('a folder of bundles is a fleet; a bundle folder (bug-report/ inside, README beside) is one cluster', async () => {
    expect((await expandInputs(['samples/fleet'])).inputs.map((i) => i.name)).toEqual(['prod-ap1', 'prod-eu1', 'prod-sa1', 'prod-us1', 'prod-us2', 'staging-eu1']);
    expect((await expandInputs(['samples/fleet/prod-eu1', 'samples/ca-overload'])).inputs).toEqual([
      { name: 'prod-eu1', path: 'samples/fleet/prod-eu1' }, { name: 'ca-overload', path: 'samples/ca-overload' },
    ]);
    expect((await expandInputs(['samples/ca-overload', 'samples/ca-overload'])).inputs.map((i) => i.name)).toEqual(['ca-overload', 'ca-overload-2']);
  });
});

describe('a fleet with broken inputs, through the built CLI (worker threads running out/cli/meshlens.mjs)', () => {
  let bad: string;
  beforeAll(async () => {
    bad = mkdtempSync(join(tmpdir(), 'meshlens-fleet-bad-'));
    cpSync('samples/fleet/prod-eu1', join(bad, 'prod-eu1'), { recursive: true });
    // prod-us2 as a .tar.gz cut short after its first entries (a download or copy that stopped)
    const root = 'samples/fleet/prod-us2';
    const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
      .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    const whole = await tgz(files.map((f) => ({ name: `prod-us2/${relative(root, f)}`, content: readFileSync(f) })));
    writeFileSync(join(bad, 'prod-us2.tar.gz'), whole.subarray(0, Math.floor(whole.length / 3)));
    // a .tgz that is gzip but no tar at all
    writeFileSync(join(bad, 'prod-xx.tgz'), gzipSync(Buffer.from('this is not a tar archive\n')));
  });
  afterAll(() => rmSync(bad, { recursive: true, force: true }));

  it('gives a partial fleet: the broken archive is a row marked unreadable, the truncated one says what was lost, no crash', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/meshlens.mjs', 'fleet', bad, '-o', 'json'], { maxBuffer: 16 << 20 });
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    const j = JSON.parse(stdout) as FleetSummary;
    expect(j.clusters).toBe(2);
    expect(j.rows.map((r) => [r.cluster, r.status])).toEqual([['prod-eu1', 'failing'], ['prod-us2', 'healthy'], ['prod-xx', 'unreadable']]);
    expect(j.errors).toEqual([{ name: 'prod-xx', source: join(bad, 'prod-xx.tgz'), error: expect.stringMatching(/^nothing in .*prod-xx\.tgz could be read/) }]);
    expect(j.rows.find((r) => r.cluster === 'prod-xx')!.summary).toBe(`unreadable: ${j.errors[0]!.error}`);
    expect(j.rows.find((r) => r.cluster === 'prod-us2')!.summary).toMatch(/^healthy: no incident at capture; read with \d+ warnings? \(.*truncated gzip/);
    const text = await promisify(execFile)(process.execPath, ['bin/meshlens.mjs', 'fleet', bad]);
    expect(text.stdout).toContain('meshlens fleet: 2 clusters, 1 unreadable\n');
    expect(text.stdout).toContain('Failing: prod-eu1\nAt risk: none\nHealthy: prod-us2\nUnreadable: prod-xx\n');
    expect(text.stdout).toMatch(/ {2}prod-xx +UNREADABLE +\? +- +0\n/);
  }, 120_000);

  it("bounds each worker's heap: a bundle that needs more than --max-memory is unreadable, the other clusters stay", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/meshlens.mjs', 'fleet', join(dir, 'prod-eu1.json'), 'samples/fleet/prod-sa1', '--max-memory', '8', '-o', 'json'], { maxBuffer: 16 << 20 });
    const j = JSON.parse(stdout) as FleetSummary;
    expect(j.rows.map((r) => [r.cluster, r.status])).toEqual([['prod-eu1', 'failing'], ['prod-sa1', 'unreadable']]);
    expect(j.errors[0]!.error).toBe('analysis ran out of its 8 MB heap (raise --max-memory)');
  }, 60_000);
});

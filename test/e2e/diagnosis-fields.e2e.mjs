// The views against the diagnosis fields the engine's diagnosis wave adds (incidents, platform, stateAtCapture,
// found/missing/against, container terminations with their data): the real Sep 2023 report with
// those fields set explicitly, the way issue 9 describes them for this archive (the Sep 5 control-plane outage
// and the Aug 9 CA episode as past incidents, nothing at 0.5 at capture), plus failures outside the mesh, an
// ambient data plane and a native sidecar OOMKilled in a loop. The page receives the patched report; the rest
// (logs, proxies, files) is the real bundle's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { browser, ROOT, serve } from './harness.mjs';

const BUNDLE = join(ROOT, '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz');
const CAPTURED = '2023-09-06T09:16:27Z';
let srv, b;

function patch(r) {
  const ids = (code) => r.findings.filter((f) => f.code === code).map((f) => f.id);
  const cause = (id, confidence, extra = {}) => ({ ...r.rootCauses.find((c) => c.id === id), confidence, ...extra });
  const ratings = { kind: 'Pod', namespace: 'default', name: 'ratings-v1-686ccfb5d8-6gmkz' };
  const oom = {
    id: 'f-oom-native', code: 'MSH5011', analyzer: 'status/container-terminated', severity: 'error', title: 'A native sidecar is killed in a loop',
    message: 'istio-proxy (native sidecar) in default/ratings-v1-686ccfb5d8-6gmkz restarted 67 times, each killed with exit 137 (OOMKilled)',
    resources: [ratings], evidence: [{ file: 'bug-report/cluster/k8s-resources', line: 3, excerpt: 'istio-proxy: terminated OOMKilled (exit 137), 67 restarts', time: '2023-09-06T09:10:00Z' }],
    count: 67, firstSeen: '2023-09-06T08:02:00Z', lastSeen: '2023-09-06T09:10:00Z',
    data: { exitCode: 137, reason: 'OOMKilled', signal: 'SIGKILL', killedBy: 'oom-killer', nativeSidecar: 'true', restarts: 67 },
  };
  const platform = [
    { id: 'p-pull', code: 'MSH9101', analyzer: 'platform/image-pull-secret', severity: 'error', title: 'An image pull secret is missing',
      message: 'FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (myregistrykey) on 12 pods', resources: [ratings],
      evidence: [{ file: 'bug-report/cluster/events', line: 3 }], count: 3120, firstSeen: '2023-09-05T06:10:00Z' },
    { id: 'p-sched', code: 'MSH9102', analyzer: 'platform/unschedulable', severity: 'warning', title: 'Pods cannot be scheduled',
      message: '0/3 nodes are available: 3 Insufficient cpu', resources: [], evidence: [{ file: 'bug-report/cluster/events', line: 4 }], count: 40 },
  ];
  const istiod = cause('istiod-unavailable', 0.41, {
    found: [{ says: 'sidecars could not reach istiod on 15012 (xDS)', role: 'supporting', findingIds: ids('SIG-XDS-001').slice(0, 2) }],
    missing: [{ says: 'an istiod pod not Ready, or its Service without endpoints, at that time', role: 'defining', findingIds: [] }],
    against: [{ says: 'every proxy SYNCED with istiod at capture', role: 'contradicting', findingIds: [] }],
  });
  return {
    ...r,
    findings: [...r.findings, oom],
    rootCauses: [istiod, ...r.rootCauses.filter((c) => c.id !== 'istiod-unavailable')],
    incidents: [
      { id: 'inc-2023-08-09', status: 'past', start: '2023-08-09T05:19:08Z', end: '2023-08-09T05:35:48Z', endedBeforeCaptureMs: Date.parse(CAPTURED) - Date.parse('2023-08-09T05:35:48Z'),
        rootCauses: [cause('external-ca-overload', 0.62)], findingIds: ids('SIG-CA-001'), summary: 'CA requests failed in 5 sidecars for 17 minutes' },
      { id: 'inc-2023-09-05', status: 'past', start: '2023-09-05T06:01:38Z', end: '2023-09-05T07:02:37Z', endedBeforeCaptureMs: Date.parse(CAPTURED) - Date.parse('2023-09-05T07:02:37Z'),
        rootCauses: [cause('istiod-unavailable', 0.74)], findingIds: ids('SIG-XDS-001'), summary: 'istiod unreachable for an hour while Istio was reinstalled' },
    ],
    platform,
    stateAtCapture: {
      at: CAPTURED, dataPlaneMode: 'ambient',
      pods: { total: 61, ready: 60, notReady: [{ namespace: 'default', name: 'ratings-v1-686ccfb5d8-6gmkz', reason: 'CrashLoopBackOff' }] },
      controlPlane: { total: 1, ready: 1, pods: [{ namespace: 'istio-system', name: 'istiod-5dc9d477-27gmf', ready: true }] },
      proxies: { total: 17, synced: 17, notSynced: [], unknown: 0 },
      certificates: { checked: 17, expired: 0, earliestExpiry: '2023-09-07T01:57:12Z' },
    },
  };
}

before(async () => {
  srv = await serve(BUNDLE);
  b = await browser(srv.origin, { patchReport: patch });
  await b.page.goto(srv.url);
  await b.page.locator('[data-testid=overview]').waitFor({ timeout: 60_000 });
});
after(async () => {
  await b?.close();
  await srv?.stop();
});
const text = (sel) => b.page.locator(sel).first().textContent();

test('overview: failures outside the mesh come first when no mesh cause reaches 0.5, then the state at capture from the report', async () => {
  assert.match(await text('[data-testid=no-root-cause] h2'), /The failures at capture are outside the mesh/);
  const order = await b.page.evaluate(() => [...document.querySelectorAll('[data-testid=overview] [data-testid]')].map((e) => e.getAttribute('data-testid')).filter((t) => ['outside-the-mesh', 'state-at-capture', 'past-incidents'].includes(t)));
  assert.deepEqual(order, ['outside-the-mesh', 'state-at-capture', 'past-incidents']);
  assert.match(await text('[data-testid=outside-the-mesh]'), /FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets \(myregistrykey\)/);
  assert.match(await text('[data-testid=state-pods]'), /60 of 61 pods.*default\/ratings-v1-686ccfb5d8-6gmkz \(CrashLoopBackOff\)/);
  assert.match(await text('[data-testid=state-control-plane]'), /istiod-5dc9d477-27gmf Ready/);
  assert.match(await text('[data-testid=state-at-capture]'), /from the report/);
  await b.shots('fields-01-overview');
});

test('overview: past incidents come from report.incidents, latest first, with window and "resolved N before capture"', async () => {
  const past = await b.page.locator('[data-testid=past-incident]').allTextContents();
  assert.equal(past.length, 2);
  assert.match(past[0], /istiod-unavailable.*74%.*resolved 26 h before capture.*2023-09-05 06:01:38 → 2023-09-05 07:02:37 UTC.*istiod unreachable for an hour/);
  assert.match(past[1], /external-ca-overload.*resolved 28 days before capture/);
});

test('overview: a cause shows what was expected and found, expected and not found, and found against; sidecar-only advice is folded on an ambient mesh', async () => {
  const istiod = b.page.locator('[data-testid=root-cause-candidate]', { hasText: 'istiod-unavailable' });
  await istiod.locator(':scope > summary').click();
  assert.match(await istiod.locator('[data-testid=checks-found]').textContent(), /✓ supporting.*sidecars could not reach istiod/);
  assert.match(await istiod.locator('[data-testid=checks-missing]').textContent(), /✗ defining.*an istiod pod not Ready/);
  assert.match(await istiod.locator('[data-testid=checks-against]').textContent(), /every proxy SYNCED/);
  const tif = b.page.locator('[data-testid=root-cause-candidate]', { hasText: 'traffic-interception-failure' });
  await tif.locator(':scope > summary').click();
  const folded = tif.locator('[data-testid=sidecar-only-advice]');
  assert.match(await folded.locator('summary').textContent(), /1 step for sidecar mode, not for this ambient mesh/);
  assert.equal(await folded.getAttribute('open'), null, 'folded');
  await b.shots('fields-02-causes');
});

test('timeline: incidents drawn as bands, the reinstall and the replaced pods as markers; it opens on the latest past incident', async () => {
  await b.go('#/timeline', '[data-testid=timeline-chart] canvas');
  const chart = b.page.locator('[data-testid=timeline-chart]');
  assert.equal(await chart.getAttribute('data-bands'), '2');
  assert.equal(await chart.getAttribute('data-markers'), '3'); // the engine's own reinstall and rollout findings
  assert.match(await text('[data-testid=timeline-focus]'), /the latest past incident/);
  assert.match(await text('[data-testid=timeline] tbody tr td'), /^2023-09-05 0[56]:/);
  await b.shots('fields-03-timeline');
  await b.go('#/timeline?inc=inc-2023-08-09', '[data-testid=timeline-chart] canvas');
  await b.page.waitForFunction(() => /past incident 2023-08-09 05:19/.test(document.querySelector('[data-testid=timeline-focus]')?.textContent ?? ''));
});

test('logs open at the latest past incident', async () => {
  await b.go('#/logs', '[data-testid=log-opening]');
  assert.match(await text('[data-testid=log-opening]'), /Opened at the latest past incident, 2023-09-05 06:01:38 UTC/);
});

test('findings: exit 137 with OOMKilled is explained; failures outside the mesh have their own scope', async () => {
  await b.go('#/findings?id=f-oom-native', '[data-testid=finding-detail]');
  assert.match(await text('[data-testid=exit-codes]'), /OOMKilled \(exit 137, SIGKILL\): the kernel's OOM killer ended it, the container reached its memory limit/);
  await b.shots('fields-04-exit-code');
  await b.go('#/findings?scope=platform', '[data-testid=findings] tbody tr[data-finding]');
  assert.deepEqual(await b.page.locator('[data-testid=findings] tbody tr[data-finding]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-finding'))), ['p-pull', 'p-sched']);
});

test('no request left 127.0.0.1 and nothing was logged as an error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

// The views on the diagnosis fields of the engine's own report on the real Sep 2023 archive (incidents,
// found/missing checks, stateAtCapture), and, in a second browser on the same server, on a patched copy of that
// report for what no real input here has:
//   - failures outside the mesh dominating when no mesh cause reaches 0.5 (the May archive has platform
//     findings, but a mesh cause at 0.74 above them);
//   - a data plane that is ambient only (every real input here mixes sidecars and ambient, so sidecar-only
//     advice is shown there, as it should be);
//   - a malformed cause (no id, no findingIds, no symptoms): bad input must never blank the page.
// The ca-overload sample's e2e covers "found against" on real output; ambient(-sample).e2e the OOMKilled exit code.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { browser, ROOT, serve } from './harness.mjs';

const BUNDLE = join(ROOT, '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz');
let srv, real, patched, report;

function patch(r) {
  const ratings = { kind: 'Pod', namespace: 'default', name: 'ratings-v1-686ccfb5d8-6gmkz' };
  const platform = [
    { id: 'p-pull', code: 'MSH9101', analyzer: 'platform/image-pull-secret', severity: 'error', title: 'An image pull secret is missing',
      message: 'FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (myregistrykey) on 12 pods', resources: [ratings],
      evidence: [{ file: 'bug-report/cluster/events', line: 3 }], count: 3120, firstSeen: '2023-09-05T06:10:00Z' },
    { id: 'p-sched', code: 'MSH9102', analyzer: 'platform/unschedulable', severity: 'warning', title: 'Pods cannot be scheduled',
      message: '0/3 nodes are available: 3 Insufficient cpu', resources: [], evidence: [{ file: 'bug-report/cluster/events', line: 4 }], count: 40 },
  ];
  // a cause as a report from elsewhere might carry it: no id, no findingIds, no symptoms
  const broken = { title: 'A cause from another tool', confidence: 0.05, summary: 'malformed on purpose', remediation: [] };
  return { ...r, platform, rootCauses: [...r.rootCauses, broken], stateAtCapture: { ...r.stateAtCapture, dataPlaneMode: 'ambient' } };
}

before(async () => {
  srv = await serve(BUNDLE);
  real = await browser(srv.origin);
  await real.page.goto(srv.url);
  await real.page.locator('[data-testid=overview]').waitFor({ timeout: 60_000 });
  report = await real.report();
});
after(async () => {
  await real?.close();
  await patched?.close();
  await srv?.stop();
});
const text = (b, sel) => b.page.locator(sel).first().textContent();
const day = (t) => t.slice(0, 19).replace('T', ' ');

test('overview: every past incident of the report, latest first, with its window, its cause and "resolved N before capture"; those no cause explains folded', async () => {
  const latest = report.incidents.filter((i) => i.status === 'past').sort((a, b) => Date.parse(b.end) - Date.parse(a.end));
  const named = latest.filter((i) => i.rootCauses[0]?.confidence >= 0.5);
  const minor = latest.filter((i) => !named.includes(i));
  const past = [...named, ...minor];
  assert.ok(named.length >= 2 && minor.length >= 1, `the engine finds past incidents on the Sep archive (${named.length} with a cause at 0.5, ${minor.length} without)`);
  assert.equal(await real.page.locator('[data-testid=past-minor] [data-testid=past-incident]').count(), minor.length);
  assert.equal(await real.page.locator('[data-testid=past-minor]').getAttribute('open'), null, 'folded');
  assert.match(await text(real, '[data-testid=past-minor] summary'), new RegExp(`^${minor.length} more with no cause at 0.5 or more$`));
  const rows = await real.page.locator('[data-testid=past-incident]').allTextContents();
  assert.equal(rows.length, past.length);
  past.forEach((inc, i) => {
    assert.ok(rows[i].includes(`${day(inc.start)} → ${day(inc.end)} UTC`), `row ${i}: ${rows[i]}`);
    if (inc.rootCauses[0]) assert.ok(rows[i].includes(inc.rootCauses[0].id), `row ${i} names ${inc.rootCauses[0].id}`);
    assert.match(rows[i], /resolved \d+ (min|h|days) before capture/);
  });
  // the Sep 5 outage, while Istio was reinstalled: 26 h before the capture of 2023-09-06 09:16:27
  assert.ok(rows.some((r) => /istiod-unavailable.*resolved 26 h before capture.*2023-09-05 06:0\d:\d\d → 2023-09-05 07:02:\d\d UTC/.test(r)));
  await real.shots('fields-01-overview');
});

test('overview: a candidate shows what its model expected and found, and expected and did not find', async () => {
  const adf = report.rootCauses.find((c) => c.found?.length && c.missing?.length);
  assert.ok(adf, 'the engine reports found and missing checks for a cause at capture');
  const card = real.page.locator('[data-testid=root-cause-candidate]', { hasText: adf.id });
  await card.locator(':scope > summary').click();
  const found = await card.locator('[data-testid=checks-found]').textContent();
  for (const c of adf.found) assert.ok(found.includes(`✓ ${c.role}${c.says}`), `found: ${c.says}`);
  const missing = await card.locator('[data-testid=checks-missing]').textContent();
  for (const c of adf.missing) assert.ok(missing.includes(`✗ ${c.role}${c.says}`), `missing: ${c.says}`);
  await real.shots('fields-02-causes');
});

test('timeline: each incident is a band, the reinstall and the rollout are markers; ?inc= zooms on one incident', async () => {
  await real.go('#/timeline', '[data-testid=timeline-chart] canvas');
  const chart = real.page.locator('[data-testid=timeline-chart]');
  assert.equal(await chart.getAttribute('data-bands'), String(report.incidents.length));
  assert.equal(await chart.getAttribute('data-markers'), '3');
  const aug = report.incidents.find((i) => i.status === 'past' && i.start.startsWith('2023-08-09') && i.rootCauses[0]?.id === 'istiod-unavailable');
  assert.ok(aug, 'an istiod-unavailable incident on 2023-08-09');
  await real.go(`#/timeline?inc=${aug.id}`, '[data-testid=timeline-chart] canvas');
  await real.page.waitForFunction((s) => (document.querySelector('[data-testid=timeline-focus]')?.textContent ?? '').includes(`past incident ${s}`), day(aug.start));
  await real.shots('fields-03-timeline-past-incident');
});

test('no request left 127.0.0.1 and nothing was logged as an error on the real report', () => {
  assert.deepEqual(real.offline, []);
  assert.deepEqual(real.problems, []);
});

test('patched: failures outside the mesh come first when no mesh cause reaches 0.5; sidecar-only advice is folded on an ambient-only mesh', async () => {
  patched = await browser(srv.origin, { patchReport: patch });
  await patched.page.goto(srv.url);
  await patched.page.locator('[data-testid=overview]').waitFor({ timeout: 60_000 });
  assert.match(await text(patched, '[data-testid=no-root-cause] h2'), /The failures at capture are outside the mesh/);
  const order = await patched.page.evaluate(() => [...document.querySelectorAll('[data-testid=overview] [data-testid]')].map((e) => e.getAttribute('data-testid')).filter((t) => ['outside-the-mesh', 'state-at-capture', 'past-incidents'].includes(t)));
  assert.deepEqual(order, ['outside-the-mesh', 'state-at-capture', 'past-incidents']);
  assert.match(await text(patched, '[data-testid=outside-the-mesh]'), /FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets \(myregistrykey\)/);
  const tif = patched.page.locator('[data-testid=root-cause-candidate]', { hasText: 'traffic-interception-failure' });
  await tif.locator(':scope > summary').click();
  const folded = tif.locator('[data-testid=sidecar-only-advice]');
  assert.match(await folded.locator('summary').textContent(), /3 steps for sidecar mode, not for this ambient mesh/);
  assert.equal(await folded.getAttribute('open'), null, 'folded');
  await patched.shots('fields-04-patched-outside-the-mesh');
  await patched.go('#/findings?scope=platform', '[data-testid=findings] tbody tr[data-finding]');
  assert.deepEqual(await patched.page.locator('[data-testid=findings] tbody tr[data-finding]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-finding'))), ['p-pull', 'p-sched']);
});

test('patched: a malformed cause does not blank the page: the app says what the report lacked and shows the rest', async () => {
  await patched.go('#/overview', '[data-testid=overview]');
  assert.match(await text(patched, '[data-testid=report-notes]'), /This report is incomplete.*root causes without findingIds \(1\).*root causes without an id \(1\)/);
  const bad = patched.page.locator('[data-testid=root-cause-candidate]', { hasText: 'A cause from another tool' });
  await bad.locator(':scope > summary').click();
  assert.match(await bad.textContent(), /malformed on purpose.*0 supporting findings/);
  assert.equal(await patched.page.locator('[data-testid=past-incident]').count(), report.incidents.filter((i) => i.status === 'past').length);
  await patched.shots('fields-05-patched-malformed-cause');
  await patched.go('#/findings', '[data-testid=findings] tbody tr');
  assert.deepEqual(patched.offline, []);
  assert.deepEqual(patched.problems, []);
});

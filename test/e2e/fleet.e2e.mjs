// `meshlens serve --fleet samples/fleet` (six generated clusters; samples/fleet/README.md says what fleet must
// conclude) at 1440 and 1280 px: the verdict (prod-eu1 failing, prod-us1 and prod-ap1 at risk, three healthy), the
// clusters × causes matrix, both at-risk clusters with each precondition and its evidence, shared findings and drift;
// then a cluster opens in the bundle views and the way back to the fleet.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { midWordBreaks, openApp } from './harness.mjs';

let srv, b;

before(async () => {
  ({ srv, b } = await openApp('--fleet=samples/fleet', '[data-testid=fleet-matrix]'));
});
after(async () => {
  await b?.close();
  await srv?.stop();
});
const text = (sel) => b.page.locator(sel).first().textContent();

test('verdict and matrix: prod-eu1 failing with external-ca-overload now, prod-us1 4/4 and prod-ap1 3/4 at risk, three healthy', async () => {
  assert.equal(await text('[data-verdict=failing] .fleet-card-names'), 'prod-eu1');
  assert.equal(await text('[data-verdict=at-risk] .fleet-card-names'), 'prod-ap1, prod-us1');
  assert.equal(await text('[data-verdict=healthy] .fleet-card-names'), 'prod-sa1, prod-us2, staging-eu1');
  const rows = await b.page.locator('[data-testid=fleet-matrix] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.cluster, tr.dataset.status, tr.children[3].textContent]));
  assert.deepEqual(rows.map(([c, s]) => [c, s]), [['prod-ap1', 'at-risk'], ['prod-eu1', 'failing'], ['prod-sa1', 'healthy'], ['prod-us1', 'at-risk'], ['prod-us2', 'healthy'], ['staging-eu1', 'healthy']]);
  assert.match(rows[1][2], /^now 0\.\d\d$/);
  assert.equal(rows[0][2], 'at risk 3/4');
  assert.equal(rows[3][2], 'at risk 4/4');
  assert.equal(await b.page.locator('[data-testid=fleet-matrix] thead th code').textContent(), 'external-ca-overload');
  assert.deepEqual(await midWordBreaks(b.page, '[data-testid=fleet-matrix] td.strong, [data-testid=fleet-matrix] td.cell'), []);
  await b.shots('fleet-01-matrix');
});

test('at risk: each cluster with the preconditions it holds, the one it lacks, and file:line evidence', async () => {
  const risk = b.page.locator('[data-testid=fleet-risk][data-cause=external-ca-overload]');
  await risk.scrollIntoViewIfNeeded();
  const holds = (cluster) => risk.locator(`[data-risk-cluster=${cluster}] .fleet-pre li`).evaluateAll((lis) => lis.map((li) => li.dataset.holds));
  assert.deepEqual(await holds('prod-us1'), ['true', 'true', 'true', 'true']);
  assert.deepEqual(await holds('prod-ap1'), ['true', 'false', 'true', 'true']);
  const ap1 = await risk.locator('[data-risk-cluster=prod-ap1]').textContent();
  assert.match(ap1, /3 of 4 preconditions/);
  assert.match(ap1, /bug-report\/cluster\/k8s-resources:80 istiod EXTERNAL_CA=ISTIOD_RA_KUBERNETES_API/);
  assert.match(ap1, /as in prod-eu1/);
  assert.match(await risk.locator('[data-risk-cluster=prod-us1]').textContent(), /k8s-resources:124 istiod replicas: 16/);
  assert.equal(await text('[data-testid=fleet-partly]'), 'Partly exposed (below the threshold): staging-eu1 2/4, prod-us2 1/4');
  await b.page.evaluate(() => document.querySelector('[data-testid=fleet-risk]').scrollIntoView());
  await b.shots('fleet-02-at-risk');
});

test('shared findings and drift', async () => {
  assert.match(await text('[data-testid=fleet-shared] [data-code=SIG-CA-001]'), /prod-eu1 ×\d+.*prod-us1 ×1/);
  assert.match(await text('[data-testid=fleet-drift] [data-drift="Istio control plane"]'), /1\.24\.2.*prod-ap1, prod-eu1, prod-us1, prod-us2, staging-eu1.*1\.23\.4.*prod-sa1/);
  assert.match(await text('[data-testid=fleet-drift] [data-drift=replicas]'), /40.*prod-eu1/);
  await b.page.locator('[data-testid=fleet-drift]').scrollIntoViewIfNeeded();
  await b.shots('fleet-03-drift');
});

test('a cluster opens in the bundle views; “← Fleet” comes back', async () => {
  await b.page.locator('[data-testid=fleet-matrix]').scrollIntoViewIfNeeded();
  await b.page.locator('[data-open=prod-eu1]').click();
  await b.page.locator('[data-testid=overview]').waitFor({ timeout: 60_000 });
  assert.match(await b.page.locator('.topbar').textContent(), /prod-eu1/);
  assert.match(await text('[data-testid=overview]'), /external-ca-overload|External CA overwhelmed/);
  await b.shots('fleet-04-opened');
  await b.page.locator('[data-testid=fleet-back]').click();
  await b.page.locator('[data-testid=fleet-matrix]').waitFor();
  assert.equal(await text('[data-verdict=failing] .fleet-card-names'), 'prod-eu1');
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

// The Diff view of `meshlens serve --diff A B` at 1440 and 1280 px, on samples/subset-mismatch against a copy
// of itself with the fault undone (the VirtualService canary route back on subset canary), edited the way
// `kubectl apply` of one changed object would leave it (the List parsed, one field changed, written back by a
// YAML library, so every line moves and only the semantics stay): the view must name exactly that field, the
// new IST0101 finding, and the cause it brings; the other views show B; bad arguments are usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { openApp, ROOT } from './harness.mjs';

const SAMPLE = join(ROOT, 'samples/subset-mismatch');
const tmp = mkdtempSync(join(tmpdir(), 'meshlens-e2e-diff-'));
let srv, b;

before(async () => {
  const fixed = join(tmp, 'fixed');
  cpSync(SAMPLE, fixed, { recursive: true });
  const file = join(fixed, 'bug-report/cluster/k8s-resources');
  const list = parse(readFileSync(file, 'utf8'));
  list.items.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'reviews').spec.http[0].route[1].destination.subset = 'canary';
  writeFileSync(file, stringify(list));
  ({ srv, b } = await openApp(['--diff', fixed, SAMPLE]));
});
after(async () => {
  await b?.close();
  await srv?.stop();
  rmSync(tmp, { recursive: true, force: true });
});
const text = (sel) => b.page.locator(sel).first().textContent();

test('the Diff view is in the sidebar; both sides are shown, the after one is the open bundle', async () => {
  await b.page.locator('nav .nav-item', { hasText: 'Diff' }).click();
  await b.page.locator('[data-testid=diff]').waitFor();
  const sides = await b.page.locator('[data-testid=diff-side]').allTextContents();
  assert.equal(sides.length, 2);
  assert.match(sides[0], /^Before.*fixed.*istioctl-bug-report.*findings/);
  assert.match(sides[1], /^After \(open in the other views\)subset-mismatch.*findings/);
});

test('resources: exactly the injected field, in an engineer\'s words, before → after', async () => {
  const changed = b.page.locator('[data-testid=diff-resources-changed] [data-resource]');
  assert.deepEqual(await changed.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-resource'))), ['VirtualService shop/reviews']);
  assert.equal(await b.page.locator('[data-testid=diff-resources-moved]').count(), 0, 'nothing added or removed');
  const fields = changed.locator('tr[data-field]');
  assert.equal(await fields.count(), 1);
  assert.equal(await fields.getAttribute('data-field'), 'spec.http[0].route[1].destination.subset');
  assert.match(await fields.textContent(), /subset of http route 0 destination 2.*canary→v2-canary/);
  assert.match(await text('[data-testid=diff-proxies]'), /Proxy config per workload \(0\)/);
  assert.match(await text('[data-testid=diff-versions]'), /Versions \(0\)/);
  await b.page.locator('[data-testid=diff-resources]').scrollIntoViewIfNeeded();
  await b.shots('diff-01-resources');
});

test('findings and causes: IST0101 new (it opens in Findings, on the after bundle), nothing resolved; the cause is listed with its confidence on each side', async () => {
  const fresh = b.page.locator('[data-testid=diff-findings-new] [data-finding]');
  assert.equal(await fresh.count(), 1);
  assert.match(await fresh.textContent(), /\+.*IST0101/);
  assert.equal(await b.page.locator('[data-testid=diff-findings-resolved]').count(), 0);
  const causes = await b.page.locator('[data-testid=diff-causes] tr[data-cause]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-cause')));
  assert.ok(causes.includes('vs-subset-not-found'), `causes: ${causes}`);
  assert.match(await b.page.locator('[data-testid=diff-causes] tr[data-cause=vs-subset-not-found]').textContent(), /new at ≥ 0\.5/);
  await b.page.locator('[data-testid=diff]').evaluate((el) => el.scrollTo(0, 0));
  await b.shots('diff-02-top');
  const id = await fresh.getAttribute('data-finding');
  await fresh.locator('a').first().click();
  await b.page.locator('[data-testid=finding-detail]').waitFor();
  assert.match(await b.page.evaluate(() => location.hash), new RegExp(`^#/findings\\?id=${id}`));
  assert.match(await text('[data-testid=finding-detail]'), /IST0101/);
});

test('the filter narrows every section and lives in the URL', async () => {
  await b.go('#/diff?q=nothing-is-called-this', '[data-testid=diff]');
  assert.match(await text('[data-testid=diff-resources]'), /Resources \(0\)/);
  assert.match(await text('[data-testid=diff-findings]'), /Findings \(0\)/);
  await b.go('#/diff?q=reviews', '[data-testid=diff-resources-changed]');
  assert.equal(await b.page.locator('[data-testid=diff-resources-changed] [data-resource]').count(), 1);
});

test('serve --diff with one input, or a missing one, is a usage error', () => {
  const bin = join(ROOT, 'bin/meshlens.mjs');
  const one = spawnSync(process.execPath, [bin, 'serve', '--diff', SAMPLE], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(one.status, 2, one.stderr);
  assert.match(one.stderr, /serve --diff takes two inputs/);
  const missing = spawnSync(process.execPath, [bin, 'serve', '--diff', join(tmp, 'nope'), SAMPLE], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope: no such file or directory/);
});

test('no request left 127.0.0.1 and nothing was logged as an error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

test('the two real bug-reports (May → Sep 2023): versions, the cause gone, long lists folded to their first rows', async () => {
  const CORPUS = join(ROOT, '../shared/corpus/istio-bug-reports');
  const { srv: real, b: r } = await openApp(['--diff', join(CORPUS, 'bug-report-2023-05-92638fd.tar.gz'), join(CORPUS, 'bug-report-2023-09-ce74670.tar.gz')]);
  try {
    await r.go('#/diff', '[data-testid=diff-versions] tbody tr');
    // versions files of the two archives: Istio 1.17.2 in May, a 1.20 dev build in Sep
    assert.match(await r.page.locator('[data-testid=diff-versions] tbody tr', { hasText: 'Istio control plane' }).textContent(), /Istio control plane1\.17\.21\.20-dev/);
    assert.match(await r.page.locator('[data-testid=diff-causes] tr[data-cause=traffic-interception-failure]').textContent(), /gone.*74%.*20%/);
    const fresh = r.page.locator('[data-testid=diff-findings-new] [data-finding]');
    assert.equal(await fresh.count(), 10, 'a long list shows its first 10 rows');
    await r.page.locator('[data-testid=diff-findings-new] [data-testid=diff-more]').click();
    assert.ok(await fresh.count() > 10);
    await r.shots('diff-03-real-top');
    await r.page.locator('[data-testid=diff-resources]').scrollIntoViewIfNeeded();
    await r.shots('diff-04-real-resources');
    assert.deepEqual(r.offline, []);
    assert.deepEqual(r.problems, []);
  } finally {
    await r.close();
    await real.stop();
  }
});

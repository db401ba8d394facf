// A real istioctl bug-report (../shared/corpus, 1.9 MB) through `meshlens serve`: config graph, proxies and
// proxy-config tables, and the time each view takes to render once the report is loaded.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, browser, ROOT, serve } from './harness.mjs';

const BUNDLE = join(ROOT, '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz');
let srv, b;
const timings = {};

before(async () => {
  srv = await serve(BUNDLE);
  b = await browser(srv.origin);
  await b.page.goto(srv.url);
  await b.page.locator('[data-testid=overview]').waitFor({ timeout: 60_000 });
});
after(async () => {
  writeFileSync(join(ARTIFACTS, 'view-timings.json'), JSON.stringify(timings, null, 2));
  console.log('view render times (ms, after the report is loaded):', JSON.stringify(timings));
  await b?.close();
  await srv?.stop();
});

/** Navigate to a view and time until `selector` shows (ms, measured in the page). */
async function timeView(name, hash, selector) {
  const ms = await b.page.evaluate(async ([h, sel]) => {
    const t0 = performance.now();
    location.hash = h;
    await new Promise((resolve, reject) => {
      const stop = setTimeout(() => reject(new Error(`${sel} did not show`)), 20_000);
      const check = () => (document.querySelector(sel) ? (clearTimeout(stop), resolve()) : requestAnimationFrame(check));
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => r()));
    return Math.round(performance.now() - t0);
  }, [hash, selector]);
  timings[name] = ms;
  return ms;
}

test('every view renders from the real bundle', async () => {
  await timeView('overview', '#/overview', '[data-testid=overview] .card');
  await b.shot('bug-report-01-overview');
  await timeView('timeline', '#/timeline', '[data-testid=timeline-chart] canvas, [data-testid=timeline] ~ *, .view .empty');
  await b.shot('bug-report-02-timeline');
  await timeView('findings', '#/findings', '[data-testid=findings] tbody tr, [data-testid=findings] .empty');
  await b.shot('bug-report-03-findings');
  await timeView('logs', '#/logs', '.logrow[data-row] .tx');
  await b.shot('bug-report-04-logs');
});

test('proxies: one row per proxy, opening istioctl proxy-config tables', async () => {
  await timeView('proxies', '#/proxies', '[data-proxy]');
  const rows = await b.page.locator('[data-proxy]').count();
  assert.equal(rows, 17);
  await b.page.locator('[data-proxy="test/sleep-9454cc476-ls6sj"]').click();
  const table = b.page.locator('[data-testid=proxy-config] tbody tr');
  await table.first().waitFor();
  assert.ok(await table.count() > 10);
  const head = await b.page.locator('[data-testid=proxy-config] thead th').allTextContents();
  assert.deepEqual(head, ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']);
  await b.shot('bug-report-05-proxies');
  await b.page.click('[data-testid=proxy-config] button:has-text("listener")');
  await b.page.waitForFunction(() => document.querySelector('[data-testid=proxy-config] thead th')?.textContent === 'ADDRESSES' || document.querySelector('[data-testid=proxy-config] thead th')?.textContent === 'ADDRESS');
});

test('config graph: resources with finding badges, filterable by namespace', async () => {
  await timeView('graph', '#/graph', '.gnode');
  assert.ok(await b.page.locator('.gnode').count() > 5);
  await b.shot('bug-report-06-graph');
});

test('evidence: a finding’s cited file opens at its line', async () => {
  await b.page.evaluate(() => { location.hash = '#/findings'; });
  const first = b.page.locator('[data-testid=findings] tbody tr[data-finding]').first();
  await first.click();
  const link = b.page.locator('[data-testid=finding-detail] [data-testid=evidence-link]').first();
  await link.waitFor();
  const t0 = Date.now();
  await link.click();
  await b.page.locator('[data-testid=evidence] .codeview .ln').first().waitFor();
  timings.evidence = Date.now() - t0;
  await b.shot('bug-report-07-evidence');
});

test('no request left 127.0.0.1 and nothing was logged as an error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

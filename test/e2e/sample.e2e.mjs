// samples/ca-overload through `meshlens serve` in Chromium: root cause, evidence, timeline, findings, logs, search, export.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { browser, ROOT, serve } from './harness.mjs';

const BUNDLE = join(ROOT, 'samples/ca-overload');
let srv, b;

before(async () => {
  srv = await serve(BUNDLE);
  b = await browser(srv.origin);
  await b.page.goto(srv.url);
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

const go = (hash) => b.page.evaluate((h) => { location.hash = h; }, hash);

test('the overview names external-ca-overload as the top root cause', async () => {
  const top = b.page.locator('[data-testid=top-root-cause]');
  await top.waitFor();
  const id = await top.locator('.chip.code').first().textContent();
  assert.equal(id, 'external-ca-overload', `top root cause shown: ${id}; all: ${await b.page.locator('.cause .chip.code').allTextContents()}`);
  assert.ok(await b.page.locator('[data-testid=coverage]').isVisible());
  await b.shot('ca-overload-01-overview');
});

test('a cited log line opens in the evidence viewer, highlighted, with the bundle’s own text', async () => {
  const link = b.page.locator('[data-testid=top-root-cause] a.evref').first();
  const loc = (await link.locator('.loc').textContent()).trim();
  const m = /^(.*):(\d+)$/.exec(loc);
  assert.ok(m, `evidence cites file:line, got ${loc}`);
  await link.click();
  const cited = b.page.locator('.codeview .ln.cited');
  await cited.waitFor();
  await b.page.waitForFunction(() => document.querySelector('.codeview .ln.cited .tx')?.textContent !== '…');
  assert.equal(await cited.getAttribute('data-line'), m[2]);
  const expected = readFileSync(join(BUNDLE, m[1]), 'utf8').split('\n')[Number(m[2]) - 1];
  assert.equal(await cited.locator('.tx').textContent(), expected);
  assert.ok(await b.page.locator('.codeview .ln').count() > 5, 'context lines around the cited one');
  await b.shot('ca-overload-02-evidence');
});

test('the timeline draws lanes and shows an item’s evidence on click', async () => {
  await go('#/timeline');
  await b.page.locator('[data-testid=timeline-chart] canvas').first().waitFor();
  const rootRow = b.page.locator('[data-testid=timeline] tbody tr', { has: b.page.locator('.chip.root') }).first();
  await rootRow.click();
  const detail = b.page.locator('[data-testid=timeline-detail]');
  await detail.waitFor();
  assert.match(await detail.textContent(), /root cause/);
  assert.ok(await detail.locator('[data-testid=item-evidence]').count() >= 1);
  await b.shot('ca-overload-03-timeline');
});

test('findings: j and k move the selection and show evidence and remediation', async () => {
  await go('#/findings');
  await b.page.locator('[data-testid=findings] tbody tr[data-finding]').first().waitFor();
  await b.page.locator('body').click({ position: { x: 5, y: 300 } });
  const selected = () => b.page.evaluate(() => document.querySelector('tr.sel')?.getAttribute('data-finding') ?? null);
  const pressAndWait = async (key, before) => {
    await b.page.keyboard.press(key);
    await b.page.waitForFunction((prev) => (document.querySelector('tr.sel')?.getAttribute('data-finding') ?? null) !== prev, before);
    return selected();
  };
  const first = await pressAndWait('j', null);
  const rows = await b.page.locator('tr[data-finding]').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-finding')));
  assert.equal(first, rows[0]);
  const second = await pressAndWait('j', first);
  assert.equal(second, rows[1]);
  assert.equal(await pressAndWait('k', second), first);
  assert.ok(await b.page.locator('[data-testid=finding-detail] [data-testid=evidence-link]').count() >= 1);
  await b.shot('ca-overload-04-findings');
});

test('logs: filtering to one pod shows only that pod’s lines', async () => {
  await go('#/logs');
  await b.page.locator('.logrow[data-row]').first().waitFor();
  const pod = 'shop/recommendations-1cdd13a72-7vdvz';
  await b.page.selectOption('select[aria-label=Pod]', pod);
  await b.page.waitForFunction(() => /^\d[\d,]* of /.test(document.querySelector('[data-testid=log-status]')?.textContent ?? ''));
  await b.page.waitForFunction(() => document.querySelectorAll('.logrow[data-row]').length > 0 && [...document.querySelectorAll('.logrow[data-row]')].every((r) => r.getAttribute('data-file').includes('recommendations-1cdd13a72-7vdvz')));
  const lines = readFileSync(join(BUNDLE, 'bug-report/proxies', pod, 'istio-proxy.log'), 'utf8').replace(/\n$/, '').split('\n').length;
  const status = await b.page.locator('[data-testid=log-status]').textContent();
  assert.match(status, new RegExp(`^${lines} of `));
  await b.page.fill('input[aria-label="Log text filter"]', 'ca request failed');
  await b.page.waitForFunction(() => document.querySelectorAll('.logrow[data-row] mark').length > 0);
  const texts = await b.page.locator('.logrow[data-row] .tx').allTextContents();
  assert.ok(texts.length > 0 && texts.every((t) => t.includes('ca request failed')));
  assert.ok(await b.page.locator('.logrow.hit').count() > 0, 'signature hits are marked');
  await b.shot('ca-overload-05-logs');
});

test('search: / opens fuzzy search over findings and resources', async () => {
  await b.page.locator('body').click({ position: { x: 5, y: 300 } });
  await b.page.keyboard.press('/');
  await b.page.keyboard.type('ca request');
  await b.page.locator('.palette .res').first().waitFor();
  assert.ok(await b.page.locator('.palette .res').count() >= 2);
  await b.shot('ca-overload-06-search');
  await b.page.keyboard.press('Escape');
});

test('export: the report downloads as Markdown', async () => {
  await b.page.click('button:has-text("Export")');
  const [dl] = await Promise.all([b.page.waitForEvent('download'), b.page.click('text=Report as Markdown')]);
  const text = readFileSync(await dl.path(), 'utf8');
  assert.match(text, /external-ca-overload/);
});

test('the app made no request off 127.0.0.1 and logged no error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

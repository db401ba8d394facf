// samples/ca-overload through `meshlens serve` in Chromium, at 1440 and 1280 px: the root cause at capture
// with its decisive evidence and the state at capture; "Show on timeline" selecting the cause; findings of one
// check across 36 pods (one finding per workload) in one row, fitting 1280 px, filters in the URL; logs read like lnav (one time and level
// column, match in view, wrap and expand, filters surviving navigation); the graph folded and readable with a
// working minimap; search, export, favicon and 404s.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp, ROOT } from './harness.mjs';

const BUNDLE = join(ROOT, 'samples/ca-overload');
let srv, b;

before(async () => {
  ({ srv, b } = await openApp(BUNDLE, null));
});
after(async () => {
  await b?.close();
  await srv?.stop();
});

const hash = () => b.page.evaluate(() => location.hash);

test('overview: the root cause at capture, decisive evidence first (no INFO line), and the state at capture', async () => {
  const top = b.page.locator('[data-testid=top-root-cause]');
  await top.waitFor();
  assert.equal(await top.locator('.chip.code').first().textContent(), 'external-ca-overload');
  assert.match(await b.page.locator('[data-testid=overview]').textContent(), /Root cause at capture/);
  const sevs = await top.locator('[data-testid=cause-evidence] .sev').allTextContents();
  assert.ok(sevs.length >= 3 && sevs.every((s) => s !== 'info'), `evidence severities: ${sevs}`);
  const codes = await top.locator('[data-testid=cause-evidence] .chip.code').allTextContents();
  assert.equal(new Set(codes).size, codes.length, `one line per check: ${codes}`);
  await b.page.locator('[data-testid=state-proxies]').waitFor();
  // the sample's bug-report has no istiod debug/syncz: the panel says so instead of claiming 0 of 40 SYNCED
  assert.match(await b.page.locator('[data-testid=state-proxies]').textContent(), /syncz is not in the bundle \(40 proxies collected\)/);
  // from the engine's stateAtCapture: 36 of 80 pods Ready, 26 of the 40 istiod pods Ready
  assert.match(await b.page.locator('[data-testid=state-pods]').textContent(), /36 of 80 pods.*not Ready: istio-system\/istiod-241e47651-jm2x8 \(discovery not ready\)/);
  assert.match(await b.page.locator('[data-testid=state-control-plane]').textContent(), /26 of 40 Ready/);
  assert.equal(await b.page.locator('[data-testid=no-root-cause]').count(), 0);
  await b.shots('ca-overload-01-overview');
});

test('overview: a candidate shows the engine\'s evidence found against it (sidecar restarts pilot-agent logged as CA aborts, not OOM)', async () => {
  const card = b.page.locator('[data-testid=root-cause-candidate]', { hasText: 'sidecar-resource-exhaustion' });
  await card.locator(':scope > summary').click();
  assert.match(await card.locator('[data-testid=checks-against]').textContent(), /! contradicting.*restarted for another logged reason \(pilot-agent aborted them after CA failures\)/);
  await b.shots('ca-overload-01b-found-against');
  await card.locator(':scope > summary').click();
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
  await b.shots('ca-overload-02-evidence');
});

test('"Show on timeline" selects the cause: its items, the first root-cause item, zoomed on them', async () => {
  await b.go('#/overview', '[data-testid=top-root-cause]');
  await b.page.locator('[data-testid=top-root-cause] a:has-text("Show on timeline")').click();
  await b.page.locator('[data-testid=timeline-chart] canvas').first().waitFor();
  assert.match(await hash(), /rc=external-ca-overload/);
  assert.match(await b.page.locator('[data-testid=timeline-cause]').textContent(), /external-ca-overload · \d+ items/);
  const detail = b.page.locator('[data-testid=timeline-detail]');
  await detail.waitFor();
  assert.match(await detail.textContent(), /root cause/);
  assert.equal(await b.page.locator('[data-testid=timeline] tbody tr.sel').count(), 1);
  assert.match(await b.page.locator('[data-testid=timeline-focus]').textContent(), /the items of external-ca-overload/);
  await b.shots('ca-overload-03-timeline');
});

test('findings: SIG-CA-002 (aggregated at the source, one finding per workload) is one row of its 36 pods with the findings inside, and the table fits 1280 px', async () => {
  await b.page.setViewportSize({ width: 1280, height: 900 });
  await b.go('#/findings', '[data-testid=findings] tbody tr');
  const report = await b.report();
  const ca002 = report.findings.filter((f) => f.code === 'SIG-CA-002');
  // the engine groups by workload: six Deployments of six pods each, 36 pods in all
  assert.equal(ca002.length, 6);
  assert.equal(new Set(ca002.flatMap((f) => f.resources.map((r) => `${r.namespace}/${r.name}`))).size, 36);
  const group = b.page.locator('tr[data-group^="g:SIG-CA-002:"]');
  assert.equal(await group.count(), 1);
  assert.equal(await group.locator('[data-testid=group-members]').textContent(), '36 pods');
  assert.equal(await b.page.locator('tr[data-finding]').filter({ has: b.page.locator('.chip.code:text-is("SIG-CA-002")') }).count(), 0, 'members stay folded');
  const fits = await b.page.evaluate(() => { const pane = document.querySelector('[data-testid=findings] .split > div'); return [pane.scrollWidth, pane.clientWidth]; });
  assert.ok(fits[0] <= fits[1] + 1, `table ${fits[0]} px in a ${fits[1]} px pane`);
  await group.click();
  const detail = b.page.locator('[data-testid=group-detail]');
  await detail.waitFor();
  assert.equal(await detail.locator('tr[data-member]').count(), ca002.length);
  await group.locator('.caret').click();
  assert.equal(await b.page.locator('tr.member').count(), ca002.length);
  await b.shots('ca-overload-04-findings');
});

test('findings: j and k walk the rows; an edited URL applies; Back restores the filter', async () => {
  await b.go('#/findings', '[data-testid=findings] tbody tr');
  await b.page.locator('body').click({ position: { x: 5, y: 300 } });
  const selected = () => b.page.evaluate(() => { const r = document.querySelector('tr.sel'); return r?.getAttribute('data-finding') ?? r?.getAttribute('data-group') ?? null; });
  const press = async (key, before) => {
    await b.page.keyboard.press(key);
    await b.page.waitForFunction((prev) => { const r = document.querySelector('tr.sel'); return (r?.getAttribute('data-finding') ?? r?.getAttribute('data-group') ?? null) !== prev; }, before);
    return selected();
  };
  const rows = await b.page.locator('[data-testid=findings] tbody tr[data-finding], [data-testid=findings] tbody tr[data-group]').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-finding') ?? t.getAttribute('data-group')));
  const first = await press('j', null);
  assert.equal(first, rows[0]);
  const second = await press('j', first);
  assert.equal(second, rows[1]);
  assert.equal(await press('k', second), first);
  await b.go('#/findings?sev=warning', '[data-testid=findings-count]');
  await b.page.waitForFunction(() => /^1 of /.test(document.querySelector('[data-testid=findings-count]').textContent));
  const critical = (await b.report()).findings.filter((f) => f.severity === 'critical').length;
  assert.ok(critical > 1, 'the sample has several critical findings');
  await b.go('#/findings?sev=critical');
  await b.page.waitForFunction((n) => new RegExp(`^${n} of `).test(document.querySelector('[data-testid=findings-count]').textContent), critical);
  await b.page.goBack();
  await b.page.waitForFunction(() => /^1 of /.test(document.querySelector('[data-testid=findings-count]').textContent));
  assert.equal(await b.page.locator('[aria-label=Severity] button[aria-pressed=true]').count(), 1);
});

test('logs: one time and one level column, the message without its wrapper, the match in view, wrap and expand', async () => {
  await b.go('#/logs', '.logrow[data-row] .tx');
  // a pod whose 'ca request failed' lines the report cites (findings keep bounded exemplars per workload)
  const cited = (await b.report()).findings.filter((f) => f.code === 'SIG-CA-001').flatMap((f) => f.evidence.map((e) => e.file)).find((f) => f.startsWith('bug-report/proxies/'));
  const pod = cited.split('/').slice(2, 4).join('/');
  await b.page.selectOption('select[aria-label=Pod]', pod);
  await b.page.waitForFunction((p) => location.hash.includes(`pod=${encodeURIComponent(p)}`), pod);
  await b.page.waitForFunction((name) => document.querySelectorAll('.logrow[data-row]').length > 0 && [...document.querySelectorAll('.logrow[data-row]')].every((r) => r.getAttribute('data-file').includes(name)), pod.split('/')[1]);
  const lines = readFileSync(join(BUNDLE, 'bug-report/proxies', pod, 'istio-proxy.log'), 'utf8').replace(/\n$/, '').split('\n').length;
  assert.match(await b.page.locator('[data-testid=log-count]').textContent(), new RegExp(`^${lines} of `));
  await b.page.fill('input[aria-label="Log text filter"]', 'ca request failed');
  await b.page.waitForFunction(() => document.querySelectorAll('.logrow[data-row] mark').length > 0);
  const texts = await b.page.locator('.logrow[data-row] .tx').allTextContents();
  assert.ok(texts.length > 0 && texts.every((t) => t.includes('ca request failed')));
  // the time and level are the view's columns: the message does not repeat them
  assert.ok(texts.every((t) => !/^\s*(SIG-[A-Z]+-\d+)?\s*\d{4}-\d\d-\d\dT/.test(t) && !/\t(info|warn|error)\t/.test(t)), texts[0]);
  const inView = await b.page.evaluate(() => {
    const box = document.querySelector('[data-testid=log-scroller]').getBoundingClientRect();
    return [...document.querySelectorAll('.logrow[data-row] mark')].slice(0, 10).every((m) => { const r = m.getBoundingClientRect(); return r.left >= box.left && r.right <= box.right; });
  });
  assert.ok(inView, 'every highlighted match is inside the list, no sideways scroll needed');
  assert.ok(await b.page.locator('.logrow.hit').count() > 0, 'signature hits are marked');
  await b.shots('ca-overload-05-logs');
  await b.page.locator('.logrow[data-row] .cells').first().click();
  const detail = b.page.locator('[data-testid=log-row-detail]');
  await detail.waitFor();
  assert.match(await detail.locator('.raw').textContent(), /^2026-03-15T.*ca request failed/);
  assert.match(await hash(), /^#\/logs\?/, 'a row click expands it and stays in Logs');
  await b.page.click('button:has-text("Wrap")');
  await b.page.waitForFunction(() => location.hash.includes('wrap=1'));
  await b.shots('ca-overload-06-logs-expanded');
});

test('logs: the filters live in the URL and survive navigation and Back', async () => {
  await b.go('#/logs?q=ca%20request%20failed&pod=shop%2Frecommendations-1cdd13a72-7vdvz&lvl=warn', '.logrow[data-row] mark');
  await b.go('#/findings', '[data-testid=findings] tbody tr');
  await b.page.goBack();
  await b.page.locator('.logrow[data-row] mark').first().waitFor();
  assert.equal(await b.page.inputValue('input[aria-label="Log text filter"]'), 'ca request failed');
  assert.equal(await b.page.inputValue('select[aria-label=Pod]'), 'shop/recommendations-1cdd13a72-7vdvz');
  assert.equal(await b.page.locator('[aria-label=Levels] button[aria-pressed=true]').allTextContents().then((t) => t.join()), 'warn');
});

test('config graph: the istiod Service’s 40 pods fold into one node, the view is readable, the minimap shows the nodes', async () => {
  await b.go('#/graph', '.gnode');
  await b.page.locator('[data-testid=minimap] rect, .react-flow__minimap-node').first().waitFor();
  assert.equal(await b.page.locator('.gnode.summary').count(), 1);
  assert.match(await b.page.locator('.gnode.summary .n').textContent(), /^40 Pods$/);
  const scale = await b.page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a);
  assert.ok(scale >= 0.45, `zoom ${scale}: text readable`);
  assert.ok(await b.page.locator('.react-flow__minimap-node').count() >= 2, 'minimap draws the nodes');
  await b.shots('ca-overload-07-graph');
  await b.page.locator('.gnode.summary').click();
  await b.page.waitForFunction(() => document.querySelectorAll('.gnode').length > 40);
  assert.match(await hash(), /open=pods/);
});

test('search: / opens fuzzy search over findings and resources', async () => {
  await b.go('#/overview', '[data-testid=overview]');
  await b.page.locator('body').click({ position: { x: 5, y: 300 } });
  await b.page.keyboard.press('/');
  await b.page.keyboard.type('ca request');
  await b.page.locator('.palette .res').first().waitFor();
  assert.ok(await b.page.locator('.palette .res').count() >= 2);
  await b.shots('ca-overload-08-search');
  await b.page.keyboard.press('Escape');
});

test('export: the report downloads as Markdown', async () => {
  await b.page.click('button:has-text("Export")');
  const [dl] = await Promise.all([b.page.waitForEvent('download'), b.page.click('text=Report as Markdown')]);
  const text = readFileSync(await dl.path(), 'utf8');
  assert.match(text, /external-ca-overload/);
});

const get = (path, headers = {}) => new Promise((resolve, reject) => {
  const u = new URL(path, srv.origin);
  const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: headers.body ? 'POST' : 'GET', headers: { host: u.host, ...headers.h } }, (res) => {
    let body = '';
    res.on('data', (d) => { body += d; });
    res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
  });
  req.on('error', reject);
  req.end(headers.body);
});

test('the server: favicon.ico is served, a path outside the bundle is a 404, not a 500', async () => {
  const ico = await get('/favicon.ico');
  assert.equal(ico.status, 200);
  assert.equal(ico.type, 'image/svg+xml');
  const token = new URL(srv.url).searchParams.get('token');
  const outside = await get('/api/excerpt', { h: { 'x-meshlens-token': token, 'content-type': 'application/json' }, body: JSON.stringify(['../../etc/passwd', 1, 5]) });
  assert.equal(outside.status, 404);
  assert.match(JSON.parse(outside.body).error, /no such file in the bundle/);
});

test('the app made no request off 127.0.0.1 and logged no error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

// The real May 2023 istioctl bug-report (../shared/corpus, Istio 1.17.2 on GKE, ≤1.20 layout: istiod and one
// ingress gateway, no container logs; GKE's policy webhook refused istio-init's NET_ADMIN) through `meshlens serve`,
// at 1440 and 1280 px: the engine's root cause at capture (traffic-interception-failure: the policy refuses
// istio-init and istio-cni is absent), the denial listed outside the mesh, the state, Logs saying that the only
// log is istioctl's own, the one gateway proxy, the timeline and the graph.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp, ROOT } from './harness.mjs';

const BUNDLE = join(ROOT, '../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz');
let srv, b;

before(async () => {
  ({ srv, b } = await openApp(BUNDLE));
});
after(async () => {
  await b?.close();
  await srv?.stop();
});
const text = (sel) => b.page.locator(sel).first().textContent();

test('overview: the GKE policy denying istio-init NET_ADMIN is the root cause at capture (traffic-interception-failure, no istio-cni); the denial itself listed outside the mesh; the gateway SYNCED', async () => {
  // the engine names it at 0.74: the fix is Istio's (istio-cni), the denial a platform policy's
  const top = b.page.locator('[data-testid=top-root-cause]');
  assert.equal(await top.getAttribute('data-cause'), 'traffic-interception-failure');
  assert.match(await top.locator('[data-testid=checks-found]').textContent(), /✓ defining.*a policy refused the pods of an injected namespace because istio-init needs NET_ADMIN/);
  assert.match(await top.textContent(), /Install istio-cni/);
  assert.match(await text('[data-testid=outside-the-mesh]'), /gkepolicy\.common-webhooks\.networking\.gke\.io denied 1680 request/);
  const order = await b.page.evaluate(() => [...document.querySelectorAll('[data-testid=overview] [data-testid]')].map((e) => e.getAttribute('data-testid')).filter((t) => ['outside-the-mesh', 'state-at-capture'].includes(t)));
  assert.deepEqual(order, ['state-at-capture', 'outside-the-mesh'], 'a confident mesh cause comes first; the platform panel follows the state');
  await b.page.locator('[data-testid=state-proxies]').waitFor();
  assert.match(await text('[data-testid=state-proxies]'), /1 of 1 in istiod’s syncz/);
  assert.match(await text('[data-testid=state-certs]'), /2 valid, the first expires 2023-05-13 17:44:05 UTC \(23 h after capture\)/);
  assert.match(await text('[data-testid=state-mode]'), /no sidecar and no ambient workload/);
  // the engine's one incident is the one at capture: no past incident
  assert.equal(await b.page.locator('[data-testid=past-incidents]').count(), 0);
  assert.equal((await text('[data-testid="stat-mesh-log-lines"] .v')).trim(), '0');
  await b.shots('may-01-overview');
});

test('logs: the bundle has no mesh logs, and says that bug-report.log is the collector’s', async () => {
  await b.go('#/logs', '[data-testid=log-count]');
  await b.page.locator('text=This bundle has no mesh logs').waitFor();
  await b.shots('may-02-logs');
  await b.page.click('a:has-text("show it")');
  await b.page.locator('.logrow[data-row] .tx').first().waitFor();
  assert.match(await text('[data-testid=log-count]'), /^262 of 262 lines/);
  assert.match(await text('.logrow[data-row] .src'), /istioctl \(collector\)/);
});

test('proxies: the ingress gateway, collected, with its tables', async () => {
  await b.go('#/proxies', '[data-proxy]');
  assert.deepEqual(await b.page.locator('[data-proxy]').evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-proxy')} ${r.getAttribute('data-kind')} ${r.getAttribute('data-collected')}`)), ['istio-system/istio-ingressgateway-55658dd497-zql8c gateway yes']);
  await b.page.locator('[data-proxy]').click();
  await b.page.locator('[data-testid=proxy-config] tbody tr').first().waitFor();
  await b.shots('may-03-proxies');
});

test('timeline and graph render', async () => {
  await b.go('#/timeline', '[data-testid=timeline-chart] canvas');
  await b.shots('may-04-timeline');
  await b.go('#/graph', '.gnode');
  await b.shots('may-05-graph');
});

test('findings fit 1280 px; the unrecognised event template opens its example in the evidence viewer', async () => {
  await b.page.setViewportSize({ width: 1280, height: 900 });
  await b.go('#/findings', '[data-testid=findings] tbody tr');
  const fits = await b.page.evaluate(() => { const pane = document.querySelector('[data-testid=findings] .split > div'); return [pane.scrollWidth, pane.clientWidth]; });
  assert.ok(fits[0] <= fits[1] + 1, `table ${fits[0]} px in a ${fits[1]} px pane`);
  await b.shots('may-06-findings');
  await b.go('#/overview', '[data-testid=unrecognised-example]');
  const example = b.page.locator('[data-testid=unrecognised-example]').first();
  const line = /:(\d+)$/.exec(await example.locator('.loc').textContent())[1];
  await example.click();
  await b.page.locator('[data-testid=evidence] .codeview .ln.cited').waitFor();
  assert.match(await b.page.evaluate(() => location.hash), /^#\/evidence\?file=bug-report%2Fcluster%2Fk8s-resources&line=\d+/);
  assert.equal(await b.page.locator('[data-testid=evidence] .codeview .ln.cited').getAttribute('data-line'), line);
  await b.shots('may-07-unrecognised-evidence');
});

test('no request left 127.0.0.1 and nothing was logged as an error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

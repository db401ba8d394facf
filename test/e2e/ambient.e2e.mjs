// An ambient data plane (test/e2e/fixtures/ambient: two ztunnel pods, a waypoint, captured workloads, and a
// native sidecar OOMKilled 67 times) through `meshlens serve`, at 1440 and 1280 px: the Proxies view lists
// ztunnel, the waypoint, the ambient workloads and the native sidecar with its exit code explained; the graph
// draws ztunnel → workload and waypoint → Service; the state panel names the data-plane mode.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp, ROOT } from './harness.mjs';

const BUNDLE = join(ROOT, 'test/e2e/fixtures/ambient');
let srv, b;

before(async () => {
  ({ srv, b } = await openApp(BUNDLE));
});
after(async () => {
  await b?.close();
  await srv?.stop();
});
const text = (sel) => b.page.locator(sel).first().textContent();

test('overview: the data plane is ambient beside one sidecar, and the OOMKilled pod is the one not Ready', async () => {
  await b.page.locator('[data-testid=state-pods]').waitFor();
  assert.match(await text('[data-testid=state-mode]'), /sidecars and ambient \(ztunnel\) side by side/);
  assert.match(await text('[data-testid=state-pods]'), /7 of 8 pods.*legacy\/billing-7b9d6c5f4-p8n2w \(CrashLoopBackOff\)/);
  await b.shots('ambient-01-overview');
});

test('proxies: ztunnel, the waypoint, the ambient workloads and the native sidecar, none collected', async () => {
  await b.go('#/proxies', '[data-proxy]');
  const kinds = await b.page.locator('[data-proxy]').evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-proxy')} ${r.getAttribute('data-kind')}`).sort());
  assert.deepEqual(kinds, [
    'istio-system/ztunnel-6m8kd ztunnel', 'istio-system/ztunnel-q9w2z ztunnel', 'legacy/billing-7b9d6c5f4-p8n2w sidecar',
    'shop/cart-5c7d8f9b6-7hx2p ambient', 'shop/cart-5c7d8f9b6-m4r8t ambient', 'shop/orders-84b6c7d5f-2kq9s ambient', 'shop/waypoint-6f9c8d7b5-vx4zt waypoint',
  ]);
  assert.match(await text('[data-testid=proxies-summary]'), /1 sidecar · 1 waypoint · 2 ztunnels · 3 ambient workloads · 0 collected · 1 not Ready/);
  const billing = b.page.locator('[data-proxy="legacy/billing-7b9d6c5f4-p8n2w"]');
  assert.match(await billing.textContent(), /native sidecar.*CrashLoopBackOff 67 restarts.*last: OOMKilled exit 137/);
  await b.shots('ambient-02-proxies');
  await billing.click();
  assert.match(await text('[data-testid=exit-meaning]'), /OOMKilled \(exit 137, SIGKILL\): the kernel's OOM killer ended it/);
  assert.match(await text('[data-testid=pod-state]'), /runs as a native sidecar/);
  assert.match(await text('[data-testid=no-config-dump]'), /No config_dump in the bundle for this pod/);
  await b.shots('ambient-03-native-sidecar');
  await b.go('#/proxies?p=shop/cart-5c7d8f9b6-m4r8t', '[data-testid=pod-state]');
  assert.match(await text('[data-testid=pod-state]'), /the ztunnel on its node, ztunnel-q9w2z, carries its traffic/);
});

test('graph: ztunnel → the pods on its node, waypoint → the Service that uses it', async () => {
  await b.go('#/graph', '.gnode');
  await b.page.locator('[data-node="gateway.networking.k8s.io/Gateway:shop/waypoint"]').waitFor();
  const edges = (kind) => b.page.locator(`.react-flow__edge.edge-${kind}`).evaluateAll((es) => es.map((e) => e.getAttribute('data-testid').replace(/^rf__edge-/, '').replace(/#\d+$/, '')).sort());
  assert.deepEqual(await edges('captures'), [
    'Pod:istio-system/ztunnel-6m8kd->Pod:shop/cart-5c7d8f9b6-7hx2p',
    'Pod:istio-system/ztunnel-q9w2z->Pod:shop/cart-5c7d8f9b6-m4r8t',
    'Pod:istio-system/ztunnel-q9w2z->Pod:shop/orders-84b6c7d5f-2kq9s',
  ]);
  assert.deepEqual(await edges('waypoint-for'), ['gateway.networking.k8s.io/Gateway:shop/waypoint->Service:shop/cart']);
  await b.shots('ambient-04-graph');
});

test('findings: the OOMKilled native sidecar’s exit code is explained', async () => {
  await b.go('#/findings?q=OOMKilled&flat=1', '[data-testid=findings] tbody tr[data-finding]');
  await b.page.locator('[data-testid=findings] tbody tr[data-finding]').first().click();
  assert.match(await text('[data-testid=exit-codes]'), /OOMKilled \(exit 137, SIGKILL\)/);
  await b.shots('ambient-05-finding');
});

test('no request left 127.0.0.1 and nothing was logged as an error', () => {
  assert.deepEqual(b.offline, []);
  assert.deepEqual(b.problems, []);
});

/**
 * Generates samples/mtls-conflict: the payments team turned on STRICT mTLS (PeerAuthentication
 * `payments/default`) while two callers could not do mTLS:
 * - `legacy/batch-settlement` runs without a sidecar (its namespace is not injected) and calls
 *   `http://payments.payments:8080`; the payments sidecar rejects the plaintext connections
 *   (`0 NR filter_chain_not_found` on its inbound listener);
 * - `shop/checkout` has a sidecar, but an old DestinationRule `shop/payments-plaintext` sets
 *   `tls.mode: DISABLE` for the payments host, so checkout's sidecar also sends plaintext and its
 *   requests fail `503 UC upstream_reset_before_response_started{connection_termination}`.
 *
 * Run: npx tsx samples/generators/mtls-conflict.ts   (rewrites samples/mtls-conflict/bug-report/)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { at, eventsTable, rng, uuid, writeTree, yamlList } from './lib.js';
import { clientAccessLine, endpoints, namespace, runningPod, service, skeleton } from './k8s.js';

const r = rng(20260511);
const CAPTURED = '2026-05-11T08:30:00.000000Z';
const SINCE = '2026-05-04T07:00:00Z';
const STRICT_AT = '2026-05-11T08:02:00Z';
const HOST = 'payments.payments.svc.cluster.local';

const { istiodPod, files } = skeleton(r, CAPTURED, SINCE);
const payments = [0, 1].map((i) => runningPod(r, { namespace: 'payments', app: 'payments', labels: { version: 'v3' }, sidecar: true, createdAt: SINCE, ip: `10.8.3.${7 + i}` }));
const checkout = runningPod(r, { namespace: 'shop', app: 'checkout', sidecar: true, createdAt: SINCE, ip: '10.8.1.31', env: [{ name: 'PAYMENTS_URL', value: 'http://payments.payments:8080' }] });
const batch = runningPod(r, { namespace: 'legacy', app: 'batch-settlement', sidecar: false, createdAt: SINCE, ip: '10.8.9.4', env: [{ name: 'PAYMENTS_URL', value: 'http://payments.payments:8080/settle' }] });
const ip = (p: { obj: object }) => (p.obj as any).status.podIP as string;

const resources = [
  namespace('payments', { 'istio-injection': 'enabled' }),
  namespace('shop', { 'istio-injection': 'enabled' }),
  namespace('legacy'),
  namespace('istio-system'),
  service('payments', 'payments', 8080, { app: 'payments' }),
  service('shop', 'checkout', 8080, { app: 'checkout' }),
  endpoints('payments', 'payments', 8080, payments.map((p) => ({ name: p.name, ip: ip(p) }))),
  endpoints('shop', 'checkout', 8080, [{ name: checkout.name, ip: ip(checkout) }]),
  { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments', creationTimestamp: STRICT_AT },
    spec: { mtls: { mode: 'STRICT' } } },
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'payments-plaintext', namespace: 'shop', creationTimestamp: '2025-11-20T10:00:00Z' },
    spec: { host: HOST, trafficPolicy: { tls: { mode: 'DISABLE' } } } },
];

// payments sidecars: inbound plaintext from both callers no longer matches a filter chain
const inbound: string[] = [];
const clientLog: string[] = [];
for (let t = Date.parse(STRICT_AT) - 5 * 60_000, i = 0; t < Date.parse(CAPTURED) - 1000; t += 4000 + Math.floor(r() * 3000), i++) {
  const time = new Date(t).toISOString();
  const strict = t >= Date.parse(STRICT_AT) + 1000;
  const fromBatch = i % 3 === 0;
  const caller = fromBatch ? batch : checkout;
  const target = payments[i % 2];
  if (strict) {
    inbound.push(`[${time}] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - ${ip(target)}:8080 ${ip(caller)}:${30000 + i} - -`);
    if (!fromBatch) clientLog.push(clientAccessLine({ time, method: 'POST', path: '/charge', code: 503, flags: 'UC', details: 'upstream_reset_before_response_started{connection_termination}', upstreamHost: `${ip(target)}:8080`, authority: 'payments.payments:8080', cluster: `outbound|8080||${HOST}`, localAddr: `${ip(checkout)}:5${i % 9000}`, remoteAddr: `${ip(target)}:8080`, requestId: uuid(r) }));
  } else if (!fromBatch) {
    clientLog.push(clientAccessLine({ time, method: 'POST', path: '/charge', code: 200, details: 'via_upstream', upstreamHost: `${ip(target)}:8080`, authority: 'payments.payments:8080', cluster: `outbound|8080||${HOST}`, localAddr: `${ip(checkout)}:5${i % 9000}`, remoteAddr: `${ip(target)}:8080`, requestId: uuid(r), durationMs: 12 }));
  }
}
payments.forEach((p, k) => {
  files[`proxies/payments/${p.name}/istio-proxy.log`] = [
    `${at(SINCE, 3000, 1)}\tinfo\tEnvoy proxy is ready`,
    ...inbound.filter((l) => l.includes(` ${ip(p)}:8080 `)),
    `${at(CAPTURED, 0, k)}\tinfo\tcache\tRoot cert has not changed`,
  ].join('\n') + '\n';
});
files[`proxies/shop/${checkout.name}/istio-proxy.log`] = [`${at(SINCE, 3000, 2)}\tinfo\tEnvoy proxy is ready`, ...clientLog].join('\n') + '\n';
files['cluster/k8s-resources'] = yamlList(resources);
files['cluster/pods'] = yamlList([istiodPod, ...payments.map((p) => p.obj), checkout.obj, batch.obj]);
files['cluster/crs'] = yamlList([]);
files['cluster/events'] = eventsTable(CAPTURED, []);

const root = join(fileURLToPath(new URL('../mtls-conflict/', import.meta.url)), 'bug-report');
writeTree(root, files);
console.log(`wrote ${Object.keys(files).length} files to ${root} (${inbound.length} rejected plaintext connections)`);

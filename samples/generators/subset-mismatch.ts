/**
 * Generates samples/subset-mismatch: the routing post-mortem from the seed. A canary rollout changed the
 * VirtualService `reviews` to send 10 % of traffic to subset `v2-canary`, but the DestinationRule only
 * defines `stable` and `canary`. istiod still renders the route to `outbound|9080|v2-canary|reviews…`,
 * no such cluster exists in any sidecar, and one request in ten from productpage fails `503 NC
 * cluster_not_found`.
 *
 * Run: npx tsx samples/generators/subset-mismatch.ts   (rewrites samples/subset-mismatch/bug-report/)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { at, eventsTable, rng, uuid, writeTree, yamlList } from './lib.js';
import { clientAccessLine, endpoints, namespace, runningPod, service, skeleton } from './k8s.js';
import { configDump } from './envoy.js';

const r = rng(20260402);
const CAPTURED = '2026-04-02T14:05:00.000000Z';
const SINCE = '2026-03-30T09:00:00Z';
const CHANGE = '2026-04-02T13:41:00Z'; // the canary VirtualService was applied
const HOST = 'reviews.shop.svc.cluster.local';
const C = (subset: string) => `outbound|9080|${subset}|${HOST}`;

const { istiodPod, files } = skeleton(r, CAPTURED, SINCE);
const pp = runningPod(r, { namespace: 'shop', app: 'productpage', labels: { version: 'v1' }, sidecar: true, createdAt: SINCE, ip: '10.8.1.15' });
const stable = [0, 1].map((i) => runningPod(r, { namespace: 'shop', app: 'reviews', labels: { version: 'v1', track: 'stable' }, sidecar: true, createdAt: SINCE, ip: `10.8.2.${10 + i}` }));
const canary = runningPod(r, { namespace: 'shop', app: 'reviews', labels: { version: 'v2', track: 'canary' }, sidecar: true, createdAt: '2026-04-02T13:30:00Z', ip: '10.8.2.20' });
const ip = (p: { obj: object }) => (p.obj as any).status.podIP as string;

const resources = [
  namespace('shop', { 'istio-injection': 'enabled' }),
  namespace('istio-system'),
  service('shop', 'productpage', 9080, { app: 'productpage' }),
  service('shop', 'reviews', 9080, { app: 'reviews' }),
  endpoints('shop', 'productpage', 9080, [{ name: pp.name, ip: ip(pp) }]),
  endpoints('shop', 'reviews', 9080, [...stable, canary].map((p) => ({ name: p.name, ip: ip(p) }))),
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'shop', creationTimestamp: '2026-03-30T09:00:00Z' },
    spec: { host: 'reviews', subsets: [{ name: 'stable', labels: { track: 'stable' } }, { name: 'canary', labels: { track: 'canary' } }] } },
  { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'shop', creationTimestamp: '2026-03-30T09:00:00Z', generation: 7,
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '' } },
    spec: { hosts: ['reviews'], http: [{ route: [
      { destination: { host: 'reviews', subset: 'stable', port: { number: 9080 } }, weight: 90 },
      { destination: { host: 'reviews', subset: 'v2-canary', port: { number: 9080 } }, weight: 10 },
    ] }] } },
];

// productpage's sidecar: the route still names the v2-canary cluster, which was never created
const dump = configDump('2026-04-02T13:41:02Z/31', [
  { name: C(''), endpoints: [...stable, canary].map((p) => ({ ip: ip(p), port: 8080 })) },
  { name: C('stable'), endpoints: stable.map((p) => ({ ip: ip(p), port: 8080 })) },
  { name: C('canary'), endpoints: [{ ip: ip(canary), port: 8080 }] },
  { name: 'outbound|9080||productpage.shop.svc.cluster.local', endpoints: [{ ip: ip(pp), port: 8080 }] },
], [{ port: '9080', domains: ['reviews.shop.svc.cluster.local', 'reviews', 'reviews.shop'], weighted: [{ cluster: C('stable'), weight: 90 }, { cluster: C('v2-canary'), weight: 10 }] }]);

const ppLog: string[] = [];
for (let i = 0, t = Date.parse(CHANGE) - 10 * 60_000; t < Date.parse(CAPTURED) - 2000; i++, t += 3000 + Math.floor(r() * 2000)) {
  const time = new Date(t).toISOString();
  const afterChange = t >= Date.parse(CHANGE) + 2000;
  const nc = afterChange && r() < 0.1;
  const target = stable[i % 2];
  ppLog.push(nc
    ? clientAccessLine({ time, path: `/reviews/${i % 7}`, code: 503, flags: 'NC', details: 'cluster_not_found', authority: 'reviews:9080', localAddr: '10.96.40.12:9080', remoteAddr: `${ip(pp)}:${40000 + (i % 20000)}`, requestId: uuid(r), durationMs: 0 })
    : clientAccessLine({ time, path: `/reviews/${i % 7}`, code: 200, details: 'via_upstream', upstreamHost: `${ip(target)}:8080`, authority: 'reviews:9080', cluster: C('stable'), localAddr: `${ip(pp)}:47210`, remoteAddr: `${ip(target)}:8080`, requestId: uuid(r), durationMs: 4 + Math.floor(r() * 20) }));
}
files[`proxies/shop/${pp.name}/istio-proxy.log`] = [
  `${at(SINCE, 2000, 1)}\tinfo\tcache\tgenerated new workload certificate\tlatency=61.2ms ttl=23h59m59.9s`,
  `${at(SINCE, 4000, 2)}\tinfo\tEnvoy proxy is ready`,
  ...ppLog,
].join('\n') + '\n';
files[`proxies/shop/${pp.name}/config_dump?include_eds`] = dump;
for (const p of [...stable, canary]) {
  files[`proxies/shop/${p.name}/istio-proxy.log`] = [`${at((p.obj as any).metadata.creationTimestamp, 2000, 3)}\tinfo\tEnvoy proxy is ready`, `${at(CAPTURED, 0, 0)}\tinfo\tcache\tRoot cert has not changed`].join('\n') + '\n';
}
files['cluster/k8s-resources'] = yamlList(resources);
files['cluster/pods'] = yamlList([istiodPod, pp.obj, ...stable.map((p) => p.obj), canary.obj]);
files['cluster/crs'] = yamlList([]);
files['cluster/events'] = eventsTable(CAPTURED, [
  { namespace: 'shop', type: 'Normal', reason: 'ScalingReplicaSet', object: 'deployment/reviews-v2', source: 'deployment-controller', message: 'Scaled up replica set reviews-v2-5d7f8c9b4 to 1', firstSeenMs: Date.parse('2026-04-02T13:30:00Z'), lastSeenMs: Date.parse('2026-04-02T13:30:00Z'), count: 1, name: 'reviews-v2.18a2b3c4d5e6f7a8' },
]);

const root = join(fileURLToPath(new URL('../subset-mismatch/', import.meta.url)), 'bug-report');
writeTree(root, files);
console.log(`wrote ${Object.keys(files).length} files to ${root} (${ppLog.filter((l) => l.includes(' NC ')).length} NC requests)`);

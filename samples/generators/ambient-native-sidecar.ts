/**
 * Generates samples/ambient-native-sidecar: an `istioctl bug-report` (1.21+ layout: cluster/pods and cluster/nodes
 * as YAML Lists) of a mixed mesh on Kubernetes 1.29: ambient workloads (istio-cni + ztunnel) and sidecar workloads
 * injected as native sidecars (`ENABLE_NATIVE_SIDECARS=true`: istio-proxy is an init container with
 * `restartPolicy: Always`). Istio 1.20.8, the last release whose istio-cni ambient agent logs the self-declared
 * start-up noise this sample needs (cni/pkg/ambient `cleanupNode`, removed in 1.21).
 *
 * What happened: at 06:28 (capture − 3 h) Istio was uninstalled and installed again: the old istiod, istio-cni and
 * ztunnel pods were stopped (their last readiness probes failed while they shut down) and new ones created, Ready
 * since 06:31. Each new istio-cni pod cleans the node's ambient rules before writing them and warns about every
 * rule that is not there, right after saying such warnings "can be safely ignored". Meanwhile, since 04:50, the
 * `shop/orders` Deployment's native sidecar runs with `sidecar.istio.io/proxyMemoryLimit: 64Mi`: each run is
 * OOM-killed about a minute after start (exit 137, reason OOMKilled), and kubelet restarts it with back-off.
 *
 * Run: npx tsx samples/generators/ambient-native-sidecar.ts   (rewrites samples/ambient-native-sidecar/bug-report/)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { agentLine, at, atSec, containerStatus, eventsTable, hex, rng, type TableEvent, versionsFile, writeTree, yamlList } from './lib.js';

const r = rng(20260402);
const ISTIO = '1.20.8';
const PROXY_IMAGE = `docker.io/istio/proxyv2:${ISTIO}`;
const CAPTURED = '2026-04-02T09:30:00.000000Z';
const CAP_MS = Date.parse(CAPTURED);
const MIN = 60_000;
const UNINSTALL = CAP_MS - 182 * MIN; // 06:28
const INSTALL = CAP_MS - 180 * MIN; // 06:30
const iso = (ms: number, micros = 0) => at(new Date(ms).toISOString(), 0, micros);
const sec = (ms: number) => atSec(new Date(ms).toISOString(), 0);

/** Pod-template hashes and pod suffixes use Kubernetes' SafeEncodeString alphabet (no vowels). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const safe = (n: number) => Array.from({ length: n }, () => SAFE[Math.floor(r() * SAFE.length)]).join('');
const uid = () => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;

const files: Record<string, string> = {};
const events: TableEvent[] = [];
const pods: object[] = [];
const resources: object[] = [];
const add = (path: string, body: string) => { files[path] = body; };
const event = (e: Omit<TableEvent, 'name'>) => events.push({ ...e, name: `${e.object.split('/')[1]}.${hex(r, 16)}` });
const NODES = ['worker-a', 'worker-b', 'worker-c'];

function pod(ns: string, name: string, o: { owner: [string, string]; labels: Record<string, string>; annotations?: Record<string, string>; created: number; node: string; ip: string;
  containers: object[]; initContainers?: object[]; statuses: object[]; initStatuses?: object[]; ready: boolean }): object {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: ns, uid: uid(), creationTimestamp: sec(o.created), labels: o.labels, ...(o.annotations ? { annotations: o.annotations } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner[0], name: o.owner[1], uid: uid(), controller: true, blockOwnerDeletion: true }] },
    spec: { nodeName: o.node, containers: o.containers, ...(o.initContainers ? { initContainers: o.initContainers } : {}) },
    status: { phase: 'Running', podIP: o.ip, startTime: sec(o.created),
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: o.ready ? 'True' : 'False', ...(o.ready ? {} : { reason: 'ContainersNotReady' }) }, { type: 'PodScheduled', status: 'True' }],
      ...(o.initStatuses ? { initContainerStatuses: o.initStatuses } : {}), containerStatuses: o.statuses },
  };
}

const running = (name: string, image: string, since: number) => containerStatus({ name, image, ready: true, restartCount: 0, running: { startedAt: sec(since) } });
const owner = (kind: string, ns: string, name: string, created: number, spec: object, status: object) => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: ns, uid: uid(), creationTimestamp: sec(created), generation: 1, labels: { app: name } }, spec, status });

// --- the control plane before and after the reinstall ---
const oldIstiod = `istiod-${safe(9)}-${safe(5)}`;
const newIstiodRs = `istiod-${safe(9)}`;
const newIstiod = `${newIstiodRs}-${safe(5)}`;
const oldCni = NODES.map(() => `istio-cni-node-${safe(5)}`);
const newCni = NODES.map(() => `istio-cni-node-${safe(5)}`);
const oldZt = NODES.map(() => `ztunnel-${safe(5)}`);
const newZt = NODES.map(() => `ztunnel-${safe(5)}`);

// uninstall: the old pods' last probes fail while they stop, then kubelet stops them
oldZt.forEach((p, i) => {
  event({ namespace: 'istio-system', type: 'Warning', reason: 'Unhealthy', object: `pod/${p}`, subobject: 'spec.containers{istio-proxy}', source: `kubelet, ${NODES[i]}`,
    message: `Readiness probe failed: Get "http://10.8.${i}.21:15021/healthz/ready": dial tcp 10.8.${i}.21:15021: connect: connection refused`, firstSeenMs: UNINSTALL - 40_000, lastSeenMs: UNINSTALL - 10_000, count: 4 });
  event({ namespace: 'istio-system', type: 'Normal', reason: 'Killing', object: `pod/${p}`, subobject: 'spec.containers{istio-proxy}', source: `kubelet, ${NODES[i]}`, message: 'Stopping container istio-proxy', firstSeenMs: UNINSTALL, lastSeenMs: UNINSTALL, count: 1 });
});
oldCni.forEach((p, i) => {
  event({ namespace: 'kube-system', type: 'Warning', reason: 'Unhealthy', object: `pod/${p}`, subobject: 'spec.containers{install-cni}', source: `kubelet, ${NODES[i]}`,
    message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', firstSeenMs: UNINSTALL - 30_000, lastSeenMs: UNINSTALL - 5000, count: 3 });
  event({ namespace: 'kube-system', type: 'Normal', reason: 'Killing', object: `pod/${p}`, subobject: 'spec.containers{install-cni}', source: `kubelet, ${NODES[i]}`, message: 'Stopping container install-cni', firstSeenMs: UNINSTALL + 2000, lastSeenMs: UNINSTALL + 2000, count: 1 });
});
event({ namespace: 'istio-system', type: 'Normal', reason: 'Killing', object: `pod/${oldIstiod}`, subobject: 'spec.containers{discovery}', source: 'kubelet, worker-b', message: 'Stopping container discovery', firstSeenMs: UNINSTALL + 5000, lastSeenMs: UNINSTALL + 5000, count: 1 });
// install
event({ namespace: 'istio-system', type: 'Normal', reason: 'ScalingReplicaSet', object: 'deployment/istiod', source: 'deployment-controller', message: `Scaled up replica set ${newIstiodRs} to 1`, firstSeenMs: INSTALL + 5000, lastSeenMs: INSTALL + 5000, count: 1 });
event({ namespace: 'istio-system', type: 'Normal', reason: 'SuccessfulCreate', object: `replicaset/${newIstiodRs}`, source: 'replicaset-controller', message: `Created pod: ${newIstiod}`, firstSeenMs: INSTALL + 5000, lastSeenMs: INSTALL + 5000, count: 1 });
newCni.forEach((p) => event({ namespace: 'kube-system', type: 'Normal', reason: 'SuccessfulCreate', object: 'daemonset/istio-cni-node', source: 'daemonset-controller', message: `Created pod: ${p}`, firstSeenMs: INSTALL + 2000, lastSeenMs: INSTALL + 2000, count: 1 }));
newZt.forEach((p) => event({ namespace: 'istio-system', type: 'Normal', reason: 'SuccessfulCreate', object: 'daemonset/ztunnel', source: 'daemonset-controller', message: `Created pod: ${p}`, firstSeenMs: INSTALL + 20_000, lastSeenMs: INSTALL + 20_000, count: 1 }));

resources.push(
  owner('Deployment', 'istio-system', 'istiod', INSTALL + 4000, { replicas: 1, selector: { matchLabels: { app: 'istiod' } }, template: { spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}`,
    env: [{ name: 'ENABLE_NATIVE_SIDECARS', value: 'true' }, { name: 'PILOT_ENABLE_AMBIENT', value: 'true' }] }] } } }, { replicas: 1, readyReplicas: 1, availableReplicas: 1 }),
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: newIstiodRs, namespace: 'istio-system', uid: uid(), creationTimestamp: sec(INSTALL + 5000), labels: { app: 'istiod', 'pod-template-hash': newIstiodRs.slice(7) },
    annotations: { 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod', controller: true }] },
    spec: { replicas: 1 }, status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } },
  owner('DaemonSet', 'kube-system', 'istio-cni-node', INSTALL + 1000, { selector: { matchLabels: { 'k8s-app': 'istio-cni-node' } } }, { desiredNumberScheduled: 3, numberReady: 3 }),
  owner('DaemonSet', 'istio-system', 'ztunnel', INSTALL + 19_000, { selector: { matchLabels: { app: 'ztunnel' } } }, { desiredNumberScheduled: 3, numberReady: 3 }),
);
pods.push(pod('istio-system', newIstiod, { owner: ['ReplicaSet', newIstiodRs], labels: { app: 'istiod', istio: 'pilot', 'pod-template-hash': newIstiodRs.slice(7) }, created: INSTALL + 5000, node: 'worker-b', ip: '10.8.1.9',
  containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}` }], statuses: [running('discovery', `docker.io/istio/pilot:${ISTIO}`, INSTALL + 8000)], ready: true }));
newCni.forEach((p, i) => pods.push(pod('kube-system', p, { owner: ['DaemonSet', 'istio-cni-node'], labels: { 'k8s-app': 'istio-cni-node' }, created: INSTALL + 2000, node: NODES[i], ip: `10.0.0.${11 + i}`,
  containers: [{ name: 'install-cni', image: `docker.io/istio/install-cni:${ISTIO}` }], statuses: [running('install-cni', `docker.io/istio/install-cni:${ISTIO}`, INSTALL + 6000)], ready: true })));
newZt.forEach((p, i) => pods.push(pod('istio-system', p, { owner: ['DaemonSet', 'ztunnel'], labels: { app: 'ztunnel', 'sidecar.istio.io/inject': 'false' }, created: INSTALL + 20_000, node: NODES[i], ip: `10.8.${i}.31`,
  containers: [{ name: 'istio-proxy', image: `docker.io/istio/ztunnel:${ISTIO}`, resources: { requests: { cpu: '200m', memory: '512Mi' } } }], statuses: [running('istio-proxy', `docker.io/istio/ztunnel:${ISTIO}`, INSTALL + 24_000)], ready: true })));

/** A new istio-cni pod's log: the ambient agent starts, finds no ipset yet, cleans the node's rules (warning about each missing one, as it said it would), then programs them. */
function cniLog(podName: string, ztunnel: string, t0: number): string {
  const l = (dt: number, level: string, scope: string | undefined, msg: string) => agentLine(iso(t0 + dt, Math.floor(r() * 999)), level, scope, msg);
  const out = [
    l(0, 'info', undefined, 'FLAG: --ambient-enabled="true"'), l(1, 'info', undefined, 'FLAG: --chained-cni-plugin="true"'), l(2, 'info', undefined, 'FLAG: --log_output_level="default:info"'),
    l(900, 'info', 'install', 'Created CNI config /host/etc/cni/net.d/10-calico.conflist'), l(1100, 'info', 'ambient', `HostIP=10.0.0.${11 + newCni.indexOf(podName)}`),
    l(1150, 'warn', 'ambient', 'unable to list IPSet: failed to list ipset ztunnel-pods-ips: no such file or directory'),
    l(1151, 'info', 'ambient', 'Ambient enrolled IPs before reconciling: map[]'),
    l(18_500, 'info', 'ambient', `active ztunnel updated to ${ztunnel}`),
    l(18_501, 'info', 'ambient', 'Node-level network rule cleanup started'),
    l(18_502, 'info', 'ambient', 'If rules do not exist in the first place, warnings will be triggered - these can be safely ignored'),
    l(18_503, 'info', 'ambient', 'running with iptables command "iptables-legacy"'),
  ];
  // flushLists (8) then cleanRules (16): every command fails on a clean node
  const commands = 8 + 16;
  for (let k = 0; k < commands; k++) out.push(l(18_510 + k * 3, 'warn', 'ambient', 'Error running command iptables-legacy: iptables: No chain/target/match by that name.\n'));
  for (const p of ['100', '101', '102', '103']) out.push(l(18_600, 'warn', 'ambient', `Error running command ip rule del priority ${p}: RTNETLINK answers: No such file or directory\n`));
  out.push(l(18_610, 'warn', 'ambient', 'did not find existing inbound tunnel istioin to delete: Link not found'));
  out.push(l(18_611, 'warn', 'ambient', 'did not find existing outbound tunnel istioout to delete: Link not found'));
  out.push(l(18_612, 'warn', 'ambient', 'unable to delete IPSet: no such file or directory'));
  out.push(l(18_613, 'info', 'ambient', 'Node-level cleanup done'));
  return out.join('\n') + '\n';
}
newCni.forEach((p, i) => add(`cni/${p}/cni.log`, cniLog(p, newZt[i], INSTALL + 2000)));

// --- istiod: a quiet control plane that sees the orders sidecars reconnect after every kill ---
const istiodLines: string[] = [
  agentLine(iso(INSTALL + 8000, 101), 'info', undefined, 'FLAG: --caCertFile=""'),
  agentLine(iso(INSTALL + 9500, 202), 'info', 'ads', 'All caches have been synced up in 1.32s, marking server ready'),
];

// --- shop/orders: the native sidecar OOM-killed in a loop since 04:50 ---
const ORDERS_RS = `orders-${safe(10)}`;
const ORDERS_CREATED = CAP_MS - 280 * MIN; // 04:50
const LIMIT = '64Mi';
const restartsOf: Record<string, number> = {};
function ordersPod(index: number): void {
  const name = `${ORDERS_RS}-${safe(5)}`;
  const ip = `10.8.2.${15 + index}`;
  // kubelet's restart back-off: 10 s doubling to 5 min; each run is killed 57–66 s after it starts
  const runs: Array<{ start: number; end?: number }> = [];
  let start = ORDERS_CREATED + 4000 + index * 190_000;
  let backoff = 10_000;
  while (start < CAP_MS) {
    const end = start + 57_000 + Math.floor(r() * 9000);
    runs.push(end < CAP_MS ? { start, end } : { start });
    if (end >= CAP_MS) break;
    start = end + backoff;
    backoff = Math.min(backoff * 2, 300_000);
  }
  // kubectl logs (what bug-report collects) gives the last run, ended or not, and --previous the one before it
  const last = runs[runs.length - 1];
  const previous = runs[runs.length - 2];
  const restarts = runs.length - 1;
  restartsOf[name] = restarts;
  const waiting = last.end !== undefined; // capture falls in a back-off
  const terminatedRun = waiting ? last : previous;
  const proxyStatus = containerStatus({ name: 'istio-proxy', image: PROXY_IMAGE, ready: !waiting, restartCount: restarts,
    ...(waiting ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=istio-proxy pod=${name}_shop(${uid()})` } } : { running: { startedAt: sec(last.start) } }),
    lastTerminated: { reason: 'OOMKilled', exitCode: 137, startedAt: sec(terminatedRun.start), finishedAt: sec(terminatedRun.end!) } });
  const validation = containerStatus({ name: 'istio-validation', image: PROXY_IMAGE, ready: true, restartCount: 0 });
  (validation as { state: object }).state = { terminated: { reason: 'Completed', exitCode: 0, startedAt: sec(ORDERS_CREATED + 2000), finishedAt: sec(ORDERS_CREATED + 3000) } };
  pods.push(pod('shop', name, {
    owner: ['ReplicaSet', ORDERS_RS], labels: { app: 'orders', version: 'v3', 'pod-template-hash': ORDERS_RS.slice(7), 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': 'orders' },
    annotations: { 'sidecar.istio.io/proxyMemoryLimit': LIMIT, 'sidecar.istio.io/status': '{"initContainers":["istio-validation","istio-proxy"],"containers":null,"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}' },
    created: ORDERS_CREATED, node: 'worker-c', ip,
    initContainers: [
      { name: 'istio-validation', image: PROXY_IMAGE, args: ['istio-iptables', '--run-validation', '--skip-rule-apply'] },
      { name: 'istio-proxy', image: PROXY_IMAGE, restartPolicy: 'Always', args: ['proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning'],
        ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
        readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15, failureThreshold: 4 },
        startupProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 1, failureThreshold: 600 },
        resources: { limits: { cpu: '2', memory: LIMIT }, requests: { cpu: '100m', memory: '40Mi' } } },
    ],
    containers: [{ name: 'orders', image: 'registry.example.com/shop/orders:3.8.1', ports: [{ containerPort: 8080 }] }],
    initStatuses: [validation, proxyStatus], statuses: [running('orders', 'registry.example.com/shop/orders:3.8.1', ORDERS_CREATED + 5000)], ready: !waiting,
  }));
  const runLog = (run: { start: number }) => [
    agentLine(iso(run.start + 20, 1), 'info', undefined, 'FLAG: --concurrency="2"'),
    agentLine(iso(run.start + 25, 5), 'info', undefined, `Version ${ISTIO}-4a9f1c2e0b7d8f3a6e5c4b1a2d9e8f7c6b5a4d3e-Clean`),
    agentLine(iso(run.start + 40, 7), 'info', undefined, `Proxy role\tips=[${ip}] type=sidecar id=${name}.shop domain=shop.svc.cluster.local`),
    ...(run.start >= INSTALL ? [agentLine(iso(run.start + 900, 3), 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012')] : []),
    agentLine(iso(run.start + 1300, 4), 'info', 'cache', 'generated new workload certificate\tlatency=212.4ms ttl=23h59m59.787s'),
    agentLine(iso(run.start + 2100, 8), 'info', undefined, 'Readiness succeeded in 2.08s'),
    agentLine(iso(run.start + 2101, 9), 'info', undefined, 'Envoy proxy is ready'),
  ];
  const log = ['========= Previous log present (appended at the end) =========', '', ...runLog(last), '', '========= Previous log =========', '', ...runLog(previous)];
  add(`proxies/shop/${name}/istio-proxy.log`, log.join('\n') + '\n');
  // istiod sees the connection drop at each kill and a new one at each start (the last hour shown)
  runs.filter((x) => x.start >= CAP_MS - 60 * MIN).forEach((x, k) => {
    const conn = `${name}.shop-${100 + index * 50 + k}`;
    istiodLines.push(agentLine(iso(x.start + 900, 11 + k), 'info', 'ads', `ADS: new connection for node:${conn}`));
    if (x.end) istiodLines.push(agentLine(iso(x.end + 5, 12 + k), 'info', 'ads', `ADS: "${ip}:${40100 + k}" ${conn} terminated`));
  });
  const kills = runs.filter((x) => x.end);
  event({ namespace: 'shop', type: 'Warning', reason: 'BackOff', object: `pod/${name}`, subobject: 'spec.initContainers{istio-proxy}', source: 'kubelet, worker-c',
    message: `Back-off restarting failed container istio-proxy in pod ${name}_shop(${uid()})`, firstSeenMs: kills[0].end! + 1000, lastSeenMs: Math.min(CAP_MS - 20_000, kills[kills.length - 1].end! + 1000), count: kills.length });
  event({ namespace: 'shop', type: 'Warning', reason: 'Unhealthy', object: `pod/${name}`, subobject: 'spec.initContainers{istio-proxy}', source: 'kubelet, worker-c',
    message: `Readiness probe failed: Get "http://${ip}:15021/healthz/ready": dial tcp ${ip}:15021: connect: connection refused`, firstSeenMs: kills[0].end! + 2000, lastSeenMs: kills[kills.length - 1].end! + 2000, count: kills.length });
  event({ namespace: 'default', type: 'Warning', reason: 'OOMKilling', object: 'node/worker-c', source: 'kernel-monitor, worker-c',
    message: `Memory cgroup out of memory: Killed process ${4000 + Math.floor(r() * 900)} (envoy) total-vm:2283412kB, anon-rss:63100kB, file-rss:29632kB, shmem-rss:0kB, UID:1337 pgtables:452kB oom_score_adj:-997`,
    firstSeenMs: kills[0].end!, lastSeenMs: kills[kills.length - 1].end!, count: kills.length });
}
ordersPod(0);
ordersPod(1);
resources.push(owner('Deployment', 'shop', 'orders', CAP_MS - 40 * 86_400_000, { replicas: 2, selector: { matchLabels: { app: 'orders' } } }, { replicas: 2, readyReplicas: Object.values(restartsOf).length - 1, availableReplicas: 1 }),
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: ORDERS_RS, namespace: 'shop', uid: uid(), creationTimestamp: sec(ORDERS_CREATED - 1000), labels: { app: 'orders', 'pod-template-hash': ORDERS_RS.slice(7) },
    annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/revision': '7' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders', controller: true }] },
    spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 1 } });

// --- bookinfo in ambient mode, enrolled before the reinstall, Ready throughout ---
for (const [app, k] of [['productpage-v1', 0], ['details-v1', 1], ['ratings-v1', 2], ['reviews-v1', 3]] as const) {
  const rs = `${app}-${safe(10)}`;
  const since = Date.parse('2026-03-28T11:00:00Z') + k * 4000;
  pods.push(pod('bookinfo', `${rs}-${safe(5)}`, { owner: ['ReplicaSet', rs], labels: { app: app.replace(/-v\d$/, ''), version: 'v1', 'pod-template-hash': rs.slice(app.length + 1) },
    annotations: { 'ambient.istio.io/redirection': 'enabled' }, created: since, node: NODES[k % 3], ip: `10.8.${k % 3}.${50 + k}`,
    containers: [{ name: app.replace(/-v\d$/, ''), image: `docker.io/istio/examples-bookinfo-${app}:1.20.2` }], statuses: [running(app.replace(/-v\d$/, ''), `docker.io/istio/examples-bookinfo-${app}:1.20.2`, since + 3000)], ready: true }));
  resources.push(owner('Deployment', 'bookinfo', app, since - 1000, { replicas: 1 }, { replicas: 1, readyReplicas: 1 }));
}

resources.push(
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookinfo', labels: { 'istio.io/dataplane-mode': 'ambient' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system', labels: {} } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15012 }, { name: 'https-webhook', port: 443, targetPort: 15017 }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders', namespace: 'shop' }, spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }] } },
);
istiodLines.sort();
istiodLines.push(agentLine(CAPTURED, 'info', 'ads', 'Push debounce stable[311] 1 for config ServiceEntry/shop/*: 100.2ms since last change, 100.2ms since last push, full=false'));

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
  status: { conditions: [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ], nodeInfo: { kubeletVersion: 'v1.29.4', containerRuntimeVersion: 'containerd://1.7.15' } } });

add(`istio/istio-system/${newIstiod}/discovery.log`, istiodLines.join('\n') + '\n');
add('cluster/k8s-resources', yamlList(resources));
add('cluster/pods', yamlList(pods));
add('cluster/nodes', yamlList(NODES.map(node)));
add('cluster/crs', yamlList([]));
add('cluster/events', eventsTable(CAPTURED, events.sort((a, b) => a.lastSeenMs - b.lastSeenMs)));
add('cluster/secrets', 'NAMESPACE      NAME               TYPE                DATA   AGE\nistio-system   istio-ca-secret    istio.io/ca-root    5      3h\n');
add('cluster/cluster-context', 'kubernetes-admin@shop-prod\n');
add('cluster/kubectl-version', 'Client Version: v1.29.4\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: v1.29.4\n');
add('versions', versionsFile(ISTIO));
add('bug-report.log', [agentLine(CAPTURED, 'info', undefined, 'STARTING kubectl config current-context'), agentLine(CAPTURED, 'info', undefined, 'Done collecting cluster resource\truntime=1.4s')].join('\n') + '\n');
add('analyze/allNamespaces/allNamespaces', '\u2714 No validation issues found when analyzing all namespaces.\n');

const root = join(fileURLToPath(new URL('../ambient-native-sidecar/', import.meta.url)), 'bug-report');
writeTree(root, files);
console.log(`wrote ${Object.keys(files).length} files to ${root} (orders restarts: ${Object.values(restartsOf).join(', ')})`);

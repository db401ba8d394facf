/**
 * Generates samples/ca-overload: an `istioctl bug-report` (1.21+ layout: cluster/pods and cluster/nodes
 * as YAML Lists) that reproduces the seed incident. A rolling restart creates 36 sidecar pods within
 * three minutes; istiod (40 replicas) delegates signing to cert-manager istio-csr, which cannot keep
 * up: sidecars log `ca request failed` then `Aborting proxy`, restart and crash-loop; CSRs end
 * Approved,Failed; istiod cannot get its own certificate, fails readiness (503), and the injection
 * webhook then has no endpoints, so new pods cannot be created.
 *
 * Run: npx tsx samples/generators/ca-overload.ts   (rewrites samples/ca-overload/bug-report/). The fleet sample
 * (samples/generators/fleet.ts) builds its failing cluster with `buildCaOverload` and other options.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { agentLine, at, atSec, containerStatus, eventsTable, hex, podSuffix, rng, type TableEvent, versionsFile, writeTree, yamlList } from './lib.js';

/** Options of the seed incident's bundle; the defaults rebuild samples/ca-overload byte for byte. */
export interface CaOverloadOptions {
  seed: number;
  /** Istio version of istiod and the proxies. */
  istio: string;
  istiodReplicas: number;
  /** kubectl context name written to cluster/cluster-context. */
  context: string;
}

export const CA_OVERLOAD_DEFAULTS: CaOverloadOptions = { seed: 20260315, istio: '1.24.2', istiodReplicas: 40, context: 'gke_shop-prod_europe-west1_prod' };

/** The bug-report's files (paths relative to `bug-report/`) and how many pods crash-loop at capture. */
export function buildCaOverload(o: CaOverloadOptions = CA_OVERLOAD_DEFAULTS): { files: Record<string, string>; crashLooping: number } {
  const r = rng(o.seed);
  const T0 = '2026-03-15T10:00:00Z';
  const MIN = 60_000;
  const CAPTURED_MS = 26 * MIN; // ms after T0
  const CAPTURED = at(T0, CAPTURED_MS); // newest log line anywhere in the bundle = capture time
  const RECOVERY_MS = 23 * MIN; // istio-csr catches up
  const csrTimes: Array<{ ms: number; failed: boolean }> = [];
  const ISTIO = o.istio;
  const PROXY_IMAGE = `docker.io/istio/proxyv2:${ISTIO}`;
  const CA_ADDR = 'cert-manager-istio-csr.cert-manager.svc:443';

  const files: Record<string, string> = {};
  const events: TableEvent[] = [];
  const pods: object[] = [];
  const add = (path: string, body: string) => { files[`bug-report/${path}`] = body; };

  // --- istiod: 40 replicas, ENABLE_CA_SERVER=false (istio-csr signs) ---
  const istiodHash = hex(r, 9);
  const istiodPods = Array.from({ length: o.istiodReplicas }, () => `istiod-${istiodHash}-${podSuffix(r).split('-')[1]}`);
  const istiodNotReady = istiodPods.slice(0, 14);
  istiodPods.forEach((name, i) => {
    const ready = !istiodNotReady.includes(name);
    pods.push(pod('istio-system', name, { app: 'istiod', istio: 'pilot' }, atSec('2026-03-14T08:00:00Z', i * 20_000), [
      containerStatus({ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}`, ready, restartCount: 0, running: { startedAt: atSec('2026-03-14T08:00:00Z', i * 20_000 + 4000) } }),
    ], ready, false));
  });
  for (const name of istiodNotReady) {
    const first = 21 * MIN + Math.floor(r() * 60_000);
    events.push({ namespace: 'istio-system', type: 'Warning', reason: 'Unhealthy', object: `pod/${name}`, subobject: 'spec.containers{discovery}', source: 'kubelet',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', firstSeenMs: Date.parse(T0) + first, lastSeenMs: Date.parse(T0) + 25 * MIN, count: 8 + Math.floor(r() * 8), name: `${name}.${hex(r, 16)}` });
  }
  for (const name of istiodPods.slice(12, 15)) {
    const lines = [
      agentLine(at('2026-03-14T08:00:05Z', 0, 101), 'info', undefined, `FLAG: --caCertFile=""`),
      agentLine(at('2026-03-14T08:00:05Z', 2, 202), 'info', 'ca', `Skipping CA server: ENABLE_CA_SERVER=false; workload certificates are signed by ${CA_ADDR}`),
      agentLine(at('2026-03-14T08:00:06Z', 0, 303), 'info', 'ads', 'All caches have been synced up in 1.21s, marking server ready'),
      ...Array.from({ length: 20 }, (_, k) => agentLine(at(T0, 18 * MIN + k * 20_000, k), 'info', 'ads', `Push debounce stable[${300 + k}] 1 for config ServiceEntry/shop/*: 100.2ms since last change, 100.2ms since last push, full=true`)),
    ];
    add(`istio/istio-system/${name}/discovery.log`, lines.join('\n') + '\n');
  }

  // --- shop: six Deployments restarted at 10:18, 36 pods in three minutes ---
  const apps = ['cart', 'checkout', 'catalog', 'frontend', 'orders', 'recommendations'];
  const crashLooping: string[] = [];
  const replicaSets = apps.map((app) => `${app}-${hex(r, 9)}`);
  apps.forEach((app, a) => {
    for (let k = 0; k < 6; k++) {
      const i = a * 6 + k;
      const name = `${replicaSets[a]}-${podSuffix(r).split('-')[1]}`;
      const createdMs = 18 * MIN + i * 5000;
      shopPod(app, name, createdMs, k === 5); // the last replica gets its certificate once the CA catches up
    }
    events.push({ namespace: 'shop', type: 'Normal', reason: 'ScalingReplicaSet', object: `deployment/${app}`, source: 'deployment-controller',
      message: `Scaled up replica set ${replicaSets[a]} to 6`, firstSeenMs: Date.parse(T0) + 18 * MIN, lastSeenMs: Date.parse(T0) + 18 * MIN, count: 1, name: `${app}.${hex(r, 16)}` });
    events.push({ namespace: 'shop', type: 'Warning', reason: 'FailedCreate', object: `replicaset/${replicaSets[a]}`, source: 'replicaset-controller',
      message: 'Error creating: Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": no endpoints available for service "istiod"',
      firstSeenMs: Date.parse(T0) + 22 * MIN + a * 20_000, lastSeenMs: Date.parse(T0) + 25 * MIN + a * 5000, count: 9, name: `${replicaSets[a]}.${hex(r, 16)}` });
  });

  /**
   * One shop pod: each run of istio-proxy asks the CA five times, gives up and aborts; kubelet restarts it
   * after 10 s, 20 s, 40 s… (CrashLoopBackOff). Runs that start after the CA caught up (RECOVERY) succeed for
   * the last replica of each Deployment. The bundle holds the current run and the previous one, as
   * `istioctl bug-report` collects them.
   */
  function shopPod(app: string, name: string, createdMs: number, lucky: boolean): void {
    const runs: Array<{ start: number; lines: string[]; end?: number }> = [];
    let start = createdMs + 3000;
    let backoff = 10_000;
    while (start < CAPTURED_MS) {
      if (lucky && start >= RECOVERY_MS) {
        runs.push({ start, lines: [...startup(name, start), ...healthy(start)] });
        break;
      }
      const a = attempts(start);
      const end = a.end < CAPTURED_MS ? a.end : undefined;
      runs.push({ start, lines: [...startup(name, start), ...a.lines.filter((l) => Date.parse(l.slice(0, 27)) - Date.parse(T0) <= CAPTURED_MS)], ...(end ? { end } : {}) });
      if (!end) break;
      start = end + backoff;
      backoff *= 2;
    }
    const current = runs[runs.length - 1];
    const previous = runs.length > 1 ? runs[runs.length - 2] : undefined;
    const restarts = runs.length - 1;
    const lastTerminated = previous?.end ? { reason: 'Error', exitCode: 255, startedAt: atSec(T0, previous.start), finishedAt: atSec(T0, previous.end) } : undefined;
    const proxy = containerStatus(current.end
      ? { name: 'istio-proxy', image: PROXY_IMAGE, ready: false, restartCount: runs.length - 1,
          waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff / 1000}s restarting failed container=istio-proxy pod=${name}_shop(${hex(r, 8)})` },
          lastTerminated: { reason: 'Error', exitCode: 255, startedAt: atSec(T0, current.start), finishedAt: atSec(T0, current.end) } }
      : { name: 'istio-proxy', image: PROXY_IMAGE, ready: lucky && current.start >= RECOVERY_MS, restartCount: restarts, running: { startedAt: atSec(T0, current.start) }, ...(lastTerminated ? { lastTerminated } : {}) });
    const appStatus = containerStatus({ name: app, image: `registry.example.com/shop/${app}:4.2.0`, ready: true, restartCount: 0, running: { startedAt: atSec(T0, createdMs + 3000) } });
    const podReady = !current.end && lucky && current.start >= RECOVERY_MS;
    if (!podReady) crashLooping.push(name);
    pods.push(pod('shop', name, { app, version: 'v4', 'security.istio.io/tlsMode': 'istio' }, atSec(T0, createdMs), [proxy, appStatus], podReady, true));
    const log = previous
      ? ['========= Previous log present (appended at the end) =========', '', ...current.lines, '', '========= Previous log =========', '', ...previous.lines]
      : current.lines;
    add(`proxies/shop/${name}/istio-proxy.log`, log.join('\n') + '\n');
    for (const run of runs) csrTimes.push({ ms: run.start + 1500, failed: !(lucky && run.start >= RECOVERY_MS) });

    events.push({ namespace: 'shop', type: 'Warning', reason: 'Unhealthy', object: `pod/${name}`, subobject: 'spec.containers{istio-proxy}', source: 'kubelet',
      message: 'Readiness probe failed: Get "http://10.8.0.1:15021/healthz/ready": dial tcp 10.8.0.1:15021: connect: connection refused',
      firstSeenMs: Date.parse(T0) + createdMs + 5000, lastSeenMs: Date.parse(T0) + Math.min(current.start + 2000, CAPTURED_MS - 5000), count: 2 * runs.length, name: `${name}.${hex(r, 16)}` });
    if (runs.length > 1) {
      events.push({ namespace: 'shop', type: 'Warning', reason: 'BackOff', object: `pod/${name}`, subobject: 'spec.containers{istio-proxy}', source: 'kubelet',
        message: `Back-off restarting failed container istio-proxy in pod ${name}_shop(${hex(r, 8)})`,
        firstSeenMs: Date.parse(T0) + runs[0].end!, lastSeenMs: Date.parse(T0) + (current.end ?? current.start - 1000), count: runs.length, name: `${name}.${hex(r, 16)}` });
    }
  }

  function startup(name: string, t: number): string[] {
    return [
      agentLine(at(T0, t, 1), 'info', undefined, 'FLAG: --concurrency="2"'),
      agentLine(at(T0, t, 5), 'info', undefined, `Version ${ISTIO}-3fd2ad6ba4e6c4b8f4e7a7e41e7e1a38d0f0a6c2-Clean`),
      agentLine(at(T0, t + 10, 7), 'info', undefined, `Proxy role\tips=[10.8.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}] type=sidecar id=${name}.shop domain=shop.svc.cluster.local`),
      agentLine(at(T0, t + 40, 3), 'info', 'citadelclient', `Citadel client using custom root cert: ${CA_ADDR}`),
      agentLine(at(T0, t + 60, 2), 'info', 'sds', 'Starting SDS grpc server'),
    ];
  }

  function attempts(t: number): { lines: string[]; end: number } {
    const out: string[] = [];
    let delay = 99.99;
    let when = t + 1500;
    for (let n = 1; n <= 5; n++) {
      out.push(agentLine(at(T0, when, n * 37), 'warn', 'ca', `ca request failed, starting attempt ${n} in ${delay.toFixed(2)}ms`));
      when += Math.round(delay) + 250;
      delay = delay * 2 + r() * 3;
    }
    out.push(agentLine(at(T0, when, 11), 'error', 'citadelclient', 'failed to sign CSR: create certificate: rpc error: code = DeadlineExceeded desc = context deadline exceeded'));
    out.push(agentLine(at(T0, when + 2, 12), 'warn', 'sds', 'failed to warm certificate: failed to generate workload certificate: create certificate: rpc error: code = DeadlineExceeded desc = context deadline exceeded'));
    out.push(agentLine(at(T0, when + 900, 13), 'warn', undefined, 'Aborting proxy'));
    return { lines: out, end: when + 900 };
  }

  function healthy(t: number): string[] {
    return [
      agentLine(at(T0, t + 900, 4), 'info', 'cache', 'generated new workload certificate\tlatency=812.6ms ttl=23h59m59.187s'),
      agentLine(at(T0, t + 2400, 8), 'info', undefined, 'Readiness succeeded in 2.4s'),
      agentLine(at(T0, t + 2401, 9), 'info', undefined, 'Envoy proxy is ready'),
    ];
  }

  // --- payments: healthy pods from last week, logging normally up to the capture time ---
  for (let k = 0; k < 4; k++) {
    const name = `payments-${hex(r, 9)}-${podSuffix(r).split('-')[1]}`;
    const since = '2026-03-08T12:00:00Z';
    pods.push(pod('payments', name, { app: 'payments', version: 'v1' }, since, [
      containerStatus({ name: 'istio-proxy', image: PROXY_IMAGE, ready: true, restartCount: 0, running: { startedAt: since } }),
      containerStatus({ name: 'payments', image: 'registry.example.com/payments:1.9.3', ready: true, restartCount: 0, running: { startedAt: since } }),
    ], true, true));
    const lines = [agentLine(at(since, 2000, 1), 'info', 'cache', 'generated new workload certificate\tlatency=64.1ms ttl=23h59m59.935s'),
      agentLine(at(since, 4000, 2), 'info', undefined, 'Envoy proxy is ready'),
      ...Array.from({ length: 7 }, (_, d) => agentLine(at(since, (d + 1) * 12 * 3600_000 + 120_000, d), 'info', 'cache', 'generated new workload certificate\tlatency=70.3ms ttl=23h59m59.93s')),
      `[${new Date(Date.parse(CAPTURED) - 1000).toISOString()}] "GET /healthz HTTP/1.1" 200 - via_upstream - "-" 0 2 1 1 "-" "kube-probe/1.30" "${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}" "10.8.4.${k + 10}:8080" "10.8.4.${k + 10}:8080" inbound|8080|| 127.0.0.6:41234 10.8.4.${k + 10}:8080 10.8.0.1:51522 - default`,
      agentLine(CAPTURED, 'info', 'cache', 'Root cert has not changed'),
    ];
    add(`proxies/payments/${name}/istio-proxy.log`, lines.join('\n') + '\n');
  }

  // --- CertificateSigningRequests: one per proxy run; those before the CA caught up failed after approval ---
  const csrs = csrTimes.sort((a, b) => a.ms - b.ms).map(({ ms, failed }) => {
    const created = atSec(T0, ms);
    return {
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
      metadata: { name: `istio-csr-${hex(r, 5)}`, creationTimestamp: created },
      spec: { signerName: 'clusterissuers.cert-manager.io/istio-ca', usages: ['digital signature', 'key encipherment', 'server auth', 'client auth'], username: 'system:serviceaccount:cert-manager:cert-manager-istio-csr' },
      status: { conditions: [
        { type: 'Approved', status: 'True', reason: 'cert-manager.io', message: 'Certificate request has been approved by cert-manager.io', lastUpdateTime: created },
        failed ? { type: 'Failed', status: 'True', reason: 'SigningError', message: 'Error signing certificate: context deadline exceeded', lastUpdateTime: atSec(T0, ms + 5000) }
          : { type: 'Issued', status: 'True', reason: 'Issued', lastUpdateTime: atSec(T0, ms + 800) },
      ] },
    };
  });

  function pod(ns: string, name: string, labels: Record<string, string>, created: string, statuses: object[], ready: boolean, sidecar: boolean): object {
    const containers = (statuses as Array<{ name: string; image: string }>).map((c) => ({ name: c.name, image: c.image, ...(c.name === 'istio-proxy' ? { resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } } } : {}) }));
    return {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: ns, labels, creationTimestamp: created, uid: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
        ...(sidecar ? { annotations: { 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"]}' } } : {}) },
      spec: { containers, ...(sidecar ? { initContainers: [{ name: 'istio-init', image: PROXY_IMAGE }] } : {}) },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }, { type: 'PodScheduled', status: 'True' }], containerStatuses: statuses },
    };
  }

  const meshConfig = `defaultConfig:\n  caAddress: ${CA_ADDR}\n  discoveryAddress: istiod.istio-system.svc:15012\ntrustDomain: cluster.local\n`;
  const resources = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
      spec: { replicas: o.istiodReplicas, template: { spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}`,
        env: [{ name: 'ENABLE_CA_SERVER', value: 'false' }, { name: 'PILOT_ENABLE_STATUS', value: 'true' }] }] } } },
      status: { replicas: o.istiodReplicas, readyReplicas: o.istiodReplicas - istiodNotReady.length, availableReplicas: o.istiodReplicas - istiodNotReady.length } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cert-manager-istio-csr', namespace: 'cert-manager' },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'cert-manager-istio-csr', image: 'quay.io/jetstack/cert-manager-istio-csr:v0.14.0' }] } } }, status: { replicas: 2, readyReplicas: 2 } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'istiod', namespace: 'istio-system' },
      spec: { minReplicas: o.istiodReplicas, maxReplicas: Math.round(o.istiodReplicas * 1.5), scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: meshConfig } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod', namespace: 'istio-system' },
      spec: { selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15012 }, { name: 'https-webhook', port: 443, targetPort: 15017 }] } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', labels: { 'istio-injection': 'enabled' } } },
  ];

  add('cluster/k8s-resources', yamlList(resources));
  add('cluster/pods', yamlList(pods));
  add('cluster/k8s-cluster-resources', yamlList(csrs));
  add('cluster/crs', yamlList([]));
  add('cluster/nodes', yamlList([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'gke-prod-pool-1-7f3a', labels: { 'kubernetes.io/os': 'linux' } }, status: { nodeInfo: { kubeletVersion: 'v1.30.5-gke.1014001' } } }]));
  add('cluster/events', eventsTable(CAPTURED, events.sort((a, b) => a.lastSeenMs - b.lastSeenMs)));
  add('cluster/secrets', 'NAMESPACE      NAME                 TYPE                DATA   AGE\ncert-manager   istio-root-ca        kubernetes.io/tls   3      400d\nistio-system   istiod-tls           kubernetes.io/tls   3      1d\n');
  add('cluster/cluster-context', `${o.context}\n`);
  add('cluster/kubectl-version', 'Client Version: v1.30.2\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: v1.30.5-gke.1014001\n');
  add('versions', versionsFile(ISTIO));
  add('bug-report.log', [agentLine(CAPTURED, 'info', undefined, 'STARTING kubectl config current-context'), agentLine(CAPTURED, 'info', undefined, 'Done collecting cluster resource\truntime=1.2s')].join('\n') + '\n');
  add('analyze/allNamespaces/allNamespaces', '\u2714 No validation issues found when analyzing all namespaces.\n');

  return { files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace(/^bug-report\//, ''), v])), crashLooping: crashLooping.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { files, crashLooping } = buildCaOverload();
  const root = join(fileURLToPath(new URL('../ca-overload/', import.meta.url)), 'bug-report');
  writeTree(root, files);
  console.log(`wrote ${Object.keys(files).length} files to ${root} (${crashLooping} pods crash-looping)`);
}

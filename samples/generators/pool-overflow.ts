/**
 * Generates samples/pool-overflow: an `istioctl bug-report` (1.21+ layout) in which a DestinationRule
 * copied from Istio's circuit-breaking task (`maxConnections: 1`, `http1MaxPendingRequests: 1`,
 * `maxRequestsPerConnection: 1`) reaches production for `httpbin`. From the push at 14:02:10 each `web`
 * sidecar lets one request to httpbin through at a time and queues one more; the rest of every page's
 * fan-out is rejected locally with `503 UO upstream_reset_before_response_started{overflow}`, and the sidecars'
 * `envoy_cluster_upstream_rq_pending_overflow` counters climb. httpbin itself is healthy throughout. The mesh
 * logs only failed requests (Telemetry filter `response.code >= 400`), and the bug-report was taken with
 * `--duration 1h`.
 *
 * Run: npx tsx samples/generators/pool-overflow.ts   (rewrites samples/pool-overflow/bug-report/)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  accessLine, agentLine, at, atSec, containerStatus, envoyJson, eventsTable, hex, podSuffix, rng, sidecarConfigDump, type OutboundService, uuid, writeTree, versionsFile, yamlList, } from './lib.js';

const r = rng(20260506);
const ISTIO = '1.24.2';
const PROXY_IMAGE = `docker.io/istio/proxyv2:${ISTIO}`;
const MIN = 60_000;
const LOG_FROM = '2026-05-06T13:31:00Z';
const PUSH = '2026-05-06T14:02:10.612Z'; // istiod pushes the DestinationRule
const CAPTURED = '2026-05-06T14:31:00Z';
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const ago = (t: number) => at(CAPTURED, t - ms(CAPTURED));
const HTTPBIN = 'httpbin.default.svc.cluster.local';
const CLUSTER = `outbound|8000||${HTTPBIN}`;
const THRESHOLDS = { max_connections: 1, max_pending_requests: 1 };

const files: Record<string, string> = {};
const add = (path: string, body: string) => { files[path] = body; };

interface Proxy { app: 'web' | 'httpbin'; pod: string; ip: string; started: string; xdsAt: number; overflow: number; served: number }
const rs = (app: string) => `${app}-${hex(r, 9)}`;
const webRs = rs('web');
const binRs = rs('httpbin');
const proxies: Proxy[] = [
  ...['10.244.1.21', '10.244.2.30', '10.244.3.12'].map((ip, i) => ({ app: 'web' as const, pod: `${webRs}-${podSuffix(r).split('-')[1]}`, ip, started: atSec('2026-05-04T09:12:00Z', i * 7000), xdsAt: ms('2026-05-06T13:33:00Z') + i * 8 * MIN + Math.floor(r() * 60_000), overflow: 0, served: 0 })),
  ...['10.244.1.27', '10.244.2.44'].map((ip, i) => ({ app: 'httpbin' as const, pod: `${binRs}-${podSuffix(r).split('-')[1]}`, ip, started: atSec('2026-05-04T09:10:00Z', i * 5000), xdsAt: ms('2026-05-06T13:37:00Z') + i * 11 * MIN + Math.floor(r() * 60_000), overflow: 0, served: 0 })),
];
const web = proxies.filter((p) => p.app === 'web');
const bins = proxies.filter((p) => p.app === 'httpbin');
const outbound: OutboundService[] = [
  { host: HTTPBIN, port: 8000, targetPort: 8080, endpoints: bins.map((b) => b.ip), sa: 'httpbin', thresholds: THRESHOLDS, maxRequestsPerConnection: 1, destinationRule: 'default/httpbin' },
  { host: 'web.default.svc.cluster.local', port: 8080, targetPort: 8080, endpoints: web.map((w) => w.ip), sa: 'web' },
];

/**
 * A web pod's log: xDS reconnects every ~30 min, a certificate rotation, and (the access log records only
 * failures) every request to httpbin rejected by the circuit breaker after the push. Each page load fans out
 * three calls at once; one connection and one pending slot let two through.
 */
function proxyLog(p: Proxy): string[] {
  const lines: Array<[number, string]> = [];
  for (let t = p.xdsAt; t < ms(CAPTURED); t += 30 * MIN + Math.floor(r() * 90_000)) lines.push([t, agentLine(ago(t), 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012')]);
  const rotation = ms('2026-05-06T13:40:00Z') + Math.floor(r() * 40 * MIN);
  lines.push([rotation, agentLine(ago(rotation), 'info', 'ads', 'XDS: Incremental Pushing ConnectedEndpoints:2 Version:')]);
  lines.push([rotation + 51, agentLine(ago(rotation + 51), 'info', 'cache', `generated new workload certificate\tlatency=${(40 + r() * 40).toFixed(6)}ms ttl=23h59m59.${String(Math.floor(r() * 1e9)).padStart(9, '0')}s`)]);
  if (p.app === 'web') {
    for (let t = ms(LOG_FROM) + Math.floor(r() * 20_000); t < ms(CAPTURED) - 1000; t += 12_000 + Math.floor(r() * 16_000)) {
      const after = t > ms(PUSH);
      const rejected = after ? (r() < 0.35 ? 2 : 1) : 0;
      p.served += 3 - rejected;
      for (let k = 0; k < rejected; k++) {
        p.overflow++;
        const start = t + 1 + k;
        lines.push([start + 1, accessLine({ time: iso(start), method: 'GET', path: `/anything/recommendations?slot=${k + 2}&user=${hex(r, 6)}`, code: 503, flags: 'UO', details: 'upstream_reset_before_response_started{overflow}',
          bytesIn: 0, bytesOut: 81, duration: 0, userAgent: 'web/2.4.1 Go-http-client/1.1', requestId: uuid(r), authority: 'httpbin:8000', upstreamHost: '-', cluster: CLUSTER, upstreamLocal: '-',
          downstreamLocal: '10.96.243.7:8000', downstreamRemote: `${p.ip}:${40000 + Math.floor(r() * 20000)}`, route: 'default' })]);
      }
    }
  }
  const last = p === web[0] ? [[ms(CAPTURED), agentLine(CAPTURED, 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012')] as [number, string]] : [];
  return [...lines, ...last].sort((a, b) => a[0] - b[0]).map((l) => l[1]);
}

/** `stats/prometheus`, trimmed to the cluster counters and istio_requests_total. */
function stats(p: Proxy): string {
  const clusters = ['xds-grpc', CLUSTER, 'outbound|8080||web.default.svc.cluster.local', 'inbound|8080||'];
  const isWeb = p.app === 'web';
  const before = isWeb ? 6100 + Math.floor(r() * 900) : 0; // requests since the pod started, before the window
  const v = (name: string, c: string): number => {
    if (c === 'xds-grpc') return { upstream_rq_total: 96 + Math.floor(r() * 10), upstream_cx_total: 96, membership_healthy: 1, membership_total: 1 }[name] ?? 0;
    if (c === CLUSTER && isWeb) return { upstream_rq_total: before + p.served, upstream_cx_total: before + p.served, upstream_rq_pending_overflow: p.overflow, upstream_cx_overflow: p.overflow + Math.floor(p.served / 3), membership_healthy: 2, membership_total: 2 }[name] ?? 0;
    if (c === CLUSTER) return { membership_healthy: 2, membership_total: 2 }[name] ?? 0;
    if (c === 'inbound|8080||') return { upstream_rq_total: isWeb ? 3100 + Math.floor(r() * 400) : 2400 + Math.floor(r() * 800), upstream_cx_total: 400 + Math.floor(r() * 80), membership_healthy: 1, membership_total: 1 }[name] ?? 0;
    return { membership_healthy: 3, membership_total: 3 }[name] ?? 0;
  };
  const names = ['upstream_cx_overflow', 'upstream_cx_total', 'upstream_rq_pending_overflow', 'upstream_rq_retry_overflow', 'upstream_rq_total', 'membership_healthy', 'membership_total', 'outlier_detection_ejections_active', 'outlier_detection_ejections_enforced_total'];
  const out: string[] = [];
  for (const n of names) {
    out.push(`# TYPE envoy_cluster_${n} ${n.startsWith('membership') || n.endsWith('_active') ? 'gauge' : 'counter'}`);
    for (const c of clusters) out.push(`envoy_cluster_${n}{cluster_name="${c}"} ${v(n, c)}`);
  }
  out.push('# TYPE istio_requests_total counter');
  const labels = (code: number, flags: string) => `reporter="source",source_workload="web",source_workload_namespace="default",source_principal="spiffe://cluster.local/ns/default/sa/web",destination_workload="${code === 503 ? 'unknown' : 'httpbin'}",destination_workload_namespace="${code === 503 ? 'unknown' : 'default'}",destination_service="${HTTPBIN}",destination_service_name="httpbin",request_protocol="http",response_code="${code}",grpc_response_status="",response_flags="${flags}",connection_security_policy="unknown"`;
  if (isWeb) out.push(`istio_requests_total{${labels(200, '-')}} ${before + p.served}`, `istio_requests_total{${labels(503, 'UO')}} ${p.overflow}`);
  else out.push(`istio_requests_total{reporter="destination",source_workload="web",source_workload_namespace="default",destination_workload="httpbin",destination_workload_namespace="default",destination_service="${HTTPBIN}",response_code="200",response_flags="-",connection_security_policy="mutual_tls"} ${Math.floor(web.reduce((s, w) => s + w.served, 0) / 2)}`);
  out.push('# TYPE envoy_server_memory_allocated gauge', `envoy_server_memory_allocated{} ${11_800_000 + Math.floor(r() * 900_000)}`);
  return out.join('\n') + '\n';
}

for (const p of proxies) {
  const dir = `proxies/default/${p.pod}`;
  add(`${dir}/istio-proxy.log`, proxyLog(p).join('\n') + '\n');
  add(`${dir}/config_dump?include_eds`, envoyJson(sidecarConfigDump({
    namespace: 'default', pod: p.pod, ip: p.ip, app: p.app, sa: p.app, istioVersion: ISTIO, inboundPort: 8080,
    labels: { app: p.app, version: 'v1', 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': p.app, 'service.istio.io/canonical-revision': 'v1' },
    outbound, pushedAt: PUSH,
  })));
  add(`${dir}/stats/prometheus`, stats(p));
}

// --- istiod: the DestinationRule push at 14:02:10, xDS reconnects around it ---
const istiod = `istiod-${hex(r, 9)}-${podSuffix(r).split('-')[1]}`;
const discovery: Array<[number, string]> = [];
for (const p of proxies) {
  for (let t = p.xdsAt; t < ms(CAPTURED); t += 30 * MIN + 47_000) {
    discovery.push([t - 400, agentLine(ago(t - 400), 'info', 'ads', `ADS: "${p.ip}:${40000 + Math.floor(r() * 9000)}" ${p.pod}.default-${100 + Math.floor(r() * 50)} terminated`)]);
    discovery.push([t + 70, agentLine(ago(t + 70), 'info', 'ads', `ADS: new connection for node:${p.pod}.default-${150 + Math.floor(r() * 50)}`)]);
    discovery.push([t + 71, agentLine(ago(t + 71), 'info', 'ads', `CDS: PUSH request for node:${p.pod}.default resources:18 size:21.4kB cached:16/17`)]);
  }
}
const push = ms(PUSH) - 120;
discovery.push([push - 100, agentLine(ago(push - 100), 'info', 'ads', 'Push debounce stable[412] 1 for config DestinationRule/default/httpbin: 100.41ms since last change, 100.41ms since last push, full=true')]);
discovery.push([push - 99, agentLine(ago(push - 99), 'info', 'ads', 'XDS: Pushing Services:6 ConnectedEndpoints:5 Version:2026-05-06T14:02:10Z/413')]);
for (const p of proxies) discovery.push([push + 40, agentLine(ago(push + 40), 'info', 'ads', `CDS: PUSH for node:${p.pod}.default resources:18 size:21.6kB cached:15/17`)]);
add(`istio/istio-system/${istiod}/discovery.log`, discovery.sort((a, b) => a[0] - b[0]).map((l) => l[1]).join('\n') + '\n');

// --- cluster state: everything Running and Ready ---
function pod(ns: string, name: string, app: string, created: string, ip: string, containers: Array<{ name: string; image: string }>, sidecar: boolean): object {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app, ...(sidecar ? { version: 'v1', 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': app } : { istio: 'pilot' }) }, creationTimestamp: created, uid: uuid(r),
      ...(sidecar ? { annotations: { 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"revision":"default"}' } } : {}) },
    spec: { serviceAccountName: app, containers: containers.map((c) => ({ ...c, ...(c.name === 'istio-proxy' ? { resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } } } : { ports: [{ containerPort: 8080, protocol: 'TCP' }] }) })),
      ...(sidecar ? { initContainers: [{ name: 'istio-init', image: PROXY_IMAGE }] } : {}) },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: containers.map((c) => containerStatus({ ...c, ready: true, restartCount: 0, running: { startedAt: atSec(created, 4000) } })) },
  };
}
const image = { web: 'registry.example.com/storefront/web:2.4.1', httpbin: 'docker.io/mccutchen/go-httpbin:v2.15.0' };
const pods = [
  ...proxies.map((p) => pod('default', p.pod, p.app, p.started, p.ip, [{ name: p.app, image: image[p.app] }, { name: 'istio-proxy', image: PROXY_IMAGE }], true)),
  pod('istio-system', istiod, 'istiod', '2026-04-29T08:00:00Z', '10.244.0.9', [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}` }], false),
];
const service = (ns: string, name: string, ip: string, port: number, targetPort: number, portName: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels: { app: name } }, spec: { clusterIP: ip, selector: { app: name }, ports: [{ name: portName, port, targetPort }] } });
const deployment = (app: 'web' | 'httpbin', n: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: 'default', labels: { app } },
  spec: { replicas: n, selector: { matchLabels: { app } }, template: { metadata: { labels: { app, version: 'v1' } }, spec: { serviceAccountName: app, containers: [{ name: app, image: image[app], ports: [{ containerPort: 8080 }] }] } } },
  status: { replicas: n, readyReplicas: n, availableReplicas: n } });
const endpoints = (app: 'web' | 'httpbin', port: number, portName: string) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: app, namespace: 'default' },
  subsets: [{ addresses: proxies.filter((p) => p.app === app).map((p) => ({ ip: p.ip, targetRef: { kind: 'Pod', name: p.pod, namespace: 'default' } })), ports: [{ name: portName, port, protocol: 'TCP' }] }] });
const resources = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}` }] } } }, status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } },
  deployment('web', 3), deployment('httpbin', 2),
  service('istio-system', 'istiod', '10.96.0.40', 15012, 15012, 'grpc-xds'),
  service('default', 'web', '10.96.101.5', 8080, 8080, 'http'), service('default', 'httpbin', '10.96.243.7', 8000, 8080, 'http'),
  endpoints('web', 8080, 'http'), endpoints('httpbin', 8080, 'http'),
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { minReplicas: 2, maxReplicas: 6, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: 'accessLogFile: /dev/stdout\ndefaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ntrustDomain: cluster.local\n' } },
];
const crs = [
  { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
    metadata: { name: 'httpbin', namespace: 'default', generation: 1, creationTimestamp: atSec(PUSH, -700), labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'httpbin', 'meta.helm.sh/release-namespace': 'default' } },
    spec: { host: 'httpbin', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } } } } },
  { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'mesh-default', namespace: 'istio-system', generation: 1, creationTimestamp: '2026-02-10T11:00:00Z' },
    spec: { accessLogging: [{ providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } }] } },
];
add('cluster/k8s-resources', yamlList(resources));
add('cluster/pods', yamlList(pods));
add('cluster/crs', yamlList(crs));
add('cluster/nodes', yamlList(['a', 'b', 'c'].map((z, i) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `prod-pool-2-${z}${hex(r, 3)}`, labels: { 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `eu-west-1${z}` } }, status: { nodeInfo: { kubeletVersion: 'v1.30.5' }, addresses: [{ type: 'InternalIP', address: `10.0.${i + 1}.10` }] } }))));
add('cluster/events', eventsTable(CAPTURED, [
  { namespace: 'default', type: 'Normal', reason: 'SuccessfulRescale', object: 'horizontalpodautoscaler/web', source: 'horizontal-pod-autoscaler', message: 'New size: 3; reason: cpu resource utilization (percentage of request) above target',
    firstSeenMs: ms('2026-05-06T13:48:12Z'), lastSeenMs: ms('2026-05-06T13:48:12Z'), count: 1, name: `web.${hex(r, 16)}` },
]));
add('cluster/secrets', 'NAMESPACE      NAME                 TYPE                                  DATA   AGE\nistio-system   istio-ca-secret      istio.io/ca-root                      5      212d\ndefault        registry-pull        kubernetes.io/dockerconfigjson        1      212d\n');
add('cluster/cluster-context', 'prod-eu-west-1\n');
add('cluster/kubectl-version', 'Client Version: v1.30.2\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: v1.30.5\n');
add('versions', versionsFile(ISTIO));
add('bug-report.log', [agentLine(at(CAPTURED, -1000), 'info', undefined, 'STARTING kubectl config current-context'), agentLine(CAPTURED, 'info', undefined, 'Done collecting cluster resource\truntime=1.1s')].join('\n') + '\n');
add('analyze/allNamespaces/allNamespaces', '\u2714 No validation issues found when analyzing all namespaces.\n');

const root = join(fileURLToPath(new URL('../pool-overflow/', import.meta.url)), 'bug-report');
writeTree(root, files);
console.log(`wrote ${Object.keys(files).length} files to ${root} (${web.map((w) => `${w.pod}: ${w.overflow} overflows`).join(', ')})`);

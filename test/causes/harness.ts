/**
 * Table tests for cause models: each case is a small bundle written the way the fault looks in the world
 * (Kubernetes objects as `kubectl get -o yaml` prints them, Envoy access-log and istio-agent lines in Istio's
 * formats, Event objects with their first/last timestamps), run through the real pipeline, plus findings
 * shaped as the status/platform contract says when a case needs a producer that is not on this branch yet.
 * Then the diagnosis is recomputed with those findings and the cause under test is checked.
 */
import { stringify } from 'yaml';
import { analyzeBundle } from '../../analyzers/pipeline/analyze.js';
import { loadBundle } from '../../analyzers/ingest/load.js';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { compileEngine, createLogScanner } from '../../analyzers/signatures/engine.js';
import { diagnose, type Diagnosis } from '../../analyzers/correlate/diagnose.js';
import { ProxyStateCollector } from '../../analyzers/pipeline/proxy-state.js';
import type { Finding } from '../../analyzers/model/finding.js';
import type { Report, RootCause } from '../../analyzers/report/schema.js';
import { memorySource } from '../ingest/fixtures.js';

const packs = loadBuiltinPacks();

export interface Case {
  name: string;
  /** Kubernetes and Istio objects (written as one `kind: List` in cluster/k8s-resources). */
  objects?: object[];
  /** `ns/pod` → istio-proxy log lines. */
  proxyLogs?: Record<string, string[]>;
  /** Other files, by bundle path. */
  files?: Record<string, string>;
  /** Findings of producers not on this branch (status, platform), shaped as their contract says. */
  findings?: Finding[];
  platform?: Finding[];
  /** Capture time when the case has no log line to take it from. */
  capturedAt?: string;
}

export interface Outcome {
  report: Report;
  diagnosis: Diagnosis;
  /** The cause in the ranking of the incident at capture. */
  cause(id: string): RootCause | undefined;
  /** The cause in any incident (past ones included). */
  anywhere(id: string): RootCause | undefined;
}

export async function run(c: Case): Promise<Outcome> {
  const files: Array<{ path: string; text: string }> = [];
  if (c.objects?.length) files.push({ path: 'bug-report/cluster/k8s-resources', text: stringify({ apiVersion: 'v1', kind: 'List', items: c.objects }) });
  for (const [pod, lines] of Object.entries(c.proxyLogs ?? {})) files.push({ path: `bug-report/proxies/${pod}/istio-proxy.log`, text: lines.join('\n') + '\n' });
  for (const [path, text] of Object.entries(c.files ?? {})) files.push({ path, text });
  const report = await analyzeBundle({ source: memorySource(files), signatures: packs, toolVersion: 'test' });
  const scanner = createLogScanner(compileEngine(packs));
  const proxyState = new ProxyStateCollector();
  const model = await loadBundle(memorySource(files), { logSink: (meta) => scanner.sink(meta), stateFile: (path, file) => proxyState.consumer(path, file) });
  if (c.capturedAt) model.capturedAt = c.capturedAt;
  const { controlPlane } = proxyState.analysisInput(model);
  const diagnosis = diagnose({ model, findings: [...report.findings, ...(c.findings ?? [])], platform: [...(report.platform ?? []), ...(c.platform ?? [])], controlPlane });
  return {
    report, diagnosis,
    cause: (id) => diagnosis.rootCauses.find((r) => r.id === id),
    anywhere: (id) => diagnosis.incidents.flatMap((i) => i.rootCauses).find((r) => r.id === id),
  };
}

// ---- Kubernetes objects ----

type Labels = Record<string, string>;

export const namespace = (name: string, labels: Labels = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } });

export interface PodSpec {
  labels?: Labels;
  /** App containers with their declared ports. */
  containers?: Array<{ name: string; ports?: number[]; image?: string }>;
  sidecar?: boolean;
  ready?: boolean;
  created?: string;
  ip?: string;
}

export function pod(ns: string, name: string, p: PodSpec = {}) {
  const apps = (p.containers ?? [{ name: 'app', ports: [8080] }]).map((c) => ({ name: c.name, image: c.image ?? `example/${c.name}:1`, ...(c.ports ? { ports: c.ports.map((x) => ({ containerPort: x, protocol: 'TCP' })) } : {}) }));
  const sidecar = p.sidecar ?? true;
  const containers = [...apps, ...(sidecar ? [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.20.0', ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }] }] : [])];
  const ready = p.ready ?? true;
  const started = p.created ?? '2026-03-15T09:00:00Z';
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: ns, labels: p.labels ?? { app: name.split('-')[0] }, creationTimestamp: started },
    spec: { containers },
    status: {
      phase: 'Running', ...(p.ip ? { podIP: p.ip } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: containers.map((c) => ({ name: c.name, ready, restartCount: 0, image: c.image, state: { running: { startedAt: started } } })),
    },
  };
}

export function service(ns: string, name: string, selector: Labels, ports: Array<{ name?: string; port: number; targetPort?: number | string }>) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports: ports.map((p) => ({ name: p.name ?? `http-${p.port}`, port: p.port, protocol: 'TCP', ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}) })) } };
}

export function deployment(ns: string, name: string, spec: { replicas?: number; env?: Array<{ name: string; value: string }>; labels?: Labels; maxSurge?: string } = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: {
      replicas: spec.replicas ?? 1, selector: { matchLabels: spec.labels ?? { app: name } },
      ...(spec.maxSurge ? { strategy: { rollingUpdate: { maxSurge: spec.maxSurge } } } : {}),
      template: { metadata: { labels: spec.labels ?? { app: name } }, spec: { containers: [{ name: name === 'istiod' ? 'discovery' : name, image: `example/${name}:1`, env: spec.env ?? [] }] } },
    },
  };
}

export function event(e: { ns: string; kind: string; name: string; type?: string; reason: string; message: string; first: string; last?: string; count?: number }) {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name: `${e.name}.${e.reason.toLowerCase()}`, namespace: e.ns },
    involvedObject: { kind: e.kind, namespace: e.ns, name: e.name }, reason: e.reason, message: e.message, type: e.type ?? 'Warning',
    firstTimestamp: e.first, lastTimestamp: e.last ?? e.first, count: e.count ?? 1, source: { component: 'replicaset-controller' },
  };
}

export const istio = (kind: string, ns: string, name: string, spec: object, group = kind === 'PeerAuthentication' || kind === 'AuthorizationPolicy' ? 'security.istio.io/v1' : 'networking.istio.io/v1') =>
  ({ apiVersion: group, kind, metadata: { name, namespace: ns, creationTimestamp: '2026-03-15T09:00:00Z' }, spec });

export const networkPolicy = (ns: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });

// ---- log lines ----

/**
 * An Envoy access-log line in Istio's default TEXT format (1.9+, pilot/pkg/model/telemetry_logging.go):
 * `[%START_TIME%] "%METHOD% %PATH% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 * "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %UPSTREAM_SERVICE_TIME% "%XFF%" "%UA%" "%REQUEST_ID%"
 * "%AUTHORITY%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%`.
 */
export function access(a: { time: string; method?: string; path?: string; code: number; flags: string; details: string; reason?: string; authority?: string; upstreamHost?: string; cluster?: string; local?: string; remote?: string; sni?: string }): string {
  const req = a.method === '-' ? '"- - -"' : `"${a.method ?? 'GET'} ${a.path ?? '/'} HTTP/1.1"`;
  return `[${a.time}] ${req} ${a.code} ${a.flags} ${a.details} - "${a.reason ?? '-'}" 0 ${a.code === 0 ? 0 : 91} 3 - "-" "curl/8.5.0" "${a.method === '-' ? '-' : 'a1b2c3d4-0000-4000-8000-000000000001'}" "${a.authority ?? '-'}" "${a.upstreamHost ?? '-'}" ${a.cluster ?? '-'} - ${a.local ?? '10.96.0.10:8080'} ${a.remote ?? '10.244.1.5:41000'} ${a.sni ?? '-'} ${a.method === '-' ? '-' : 'default'}`;
}

/** An istio-agent / Envoy application log line in Istio's tab-separated format: `<time>\t<level>\t<scope>\t<msg>`. */
export const agent = (time: string, level: string, scope: string, msg: string) => `${time}\t${level}\t${scope}\t${msg}`;

/** `count` times spread every `everyS` seconds from `start` (RFC3339 with ms). */
export function times(start: string, count: number, everyS: number): string[] {
  const t0 = Date.parse(start);
  return Array.from({ length: count }, (_, i) => new Date(t0 + i * everyS * 1000).toISOString());
}

/** A status finding shaped as the evidence engineer's contract (status/container-restarting, MSH5002). */
export function restarting(ns: string, workload: string, pods: string[], data: { container: string; exitCode: number; reason: string; signal: string; killedBy: string; nativeSidecar?: string; restarts: number; runSeconds?: number; probeFailures?: number }, first: string, last: string): Finding {
  return {
    id: `f-restart-${ns}-${workload}-${data.container}`, code: 'MSH5002', analyzer: 'status/container-restarting', severity: 'error', title: 'Containers crash-looping or restarting',
    message: `${data.container} of ${ns}/${workload} restarted ${data.restarts} times (exit ${data.exitCode}, ${data.reason})`,
    resources: pods.map((p) => ({ kind: 'Pod', namespace: ns, name: p })),
    evidence: [{ file: 'bug-report/cluster/k8s-resources', line: 1, excerpt: `${data.container}: terminated ${data.reason} (exit ${data.exitCode})`, time: last }],
    count: data.restarts, firstSeen: first, lastSeen: last,
    data: { namespace: ns, workload, pods: pods.length, nativeSidecar: 'no', runSeconds: 60, probeFailures: 0, ...data },
  };
}

/** Assert-friendly view of a cause: confidence and the says of what was found, missing (defining only) and against. */
export function reasons(rc: RootCause | undefined) {
  return rc ? {
    confidence: rc.confidence,
    defining: (rc.found ?? []).filter((c) => c.role === 'defining').map((c) => c.says),
    against: (rc.against ?? []).map((c) => c.says),
  } : undefined;
}

/**
 * An `istio_requests_total` counter as Envoy's `/stats/prometheus` prints Istio's standard metric (source
 * reporter, default labels); bundles hold these even when access logging is off.
 */
export function requestsTotal(m: { source: string; ns: string; destination: string; code: number; flags: string; value: number }): string {
  const [svc] = m.destination.split('.');
  return `istio_requests_total{reporter="source",source_workload="${m.source}",source_canonical_service="${m.source}",source_canonical_revision="latest",source_workload_namespace="${m.ns}",source_principal="spiffe://cluster.local/ns/${m.ns}/sa/default",source_app="${m.source}",source_version="unknown",source_cluster="Kubernetes",destination_workload="unknown",destination_workload_namespace="unknown",destination_principal="unknown",destination_app="unknown",destination_version="unknown",destination_service="${m.destination}",destination_canonical_service="${svc}",destination_canonical_revision="latest",destination_service_name="${svc}",destination_service_namespace="${m.ns}",destination_cluster="Kubernetes",request_protocol="http",response_code="${m.code}",grpc_response_status="",response_flags="${m.flags}",connection_security_policy="unknown"} ${m.value}`;
}

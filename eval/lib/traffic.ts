/**
 * Traffic as a bug-report shows it: access-log lines in the proxies' `istio-proxy.log` (only when access logging
 * is on: neither corpus mesh sets `accessLogFile`, so variants that need access logs first apply a Telemetry
 * resource turning on the mesh's `envoy` provider, as a support engineer asks customers to do), and Istio's
 * standard metric `istio_requests_total` in the proxies' `stats/prometheus` (on by default; labels as the Sep
 * 2023 archive prints them, defined in Istio's "Istio Standard Metrics" reference).
 */
import type { Bundle } from './bundle.js';
import type { K8sObject } from './klist.js';
import { CRS_ORDER } from './klist.js';
import { accessLine, requestId, type Access, type LogLine } from './logs.js';

/** Apply `Telemetry istio-system/mesh-default` enabling the `envoy` access-log provider mesh-wide (Istio docs, "Envoy Access Logs" with the Telemetry API). */
export function enableAccessLogs(b: Bundle, at: Date): void {
  b.create(
    b.crs,
    {
      apiVersion: 'telemetry.istio.io/v1alpha1',
      kind: 'Telemetry',
      metadata: { name: 'mesh-default', namespace: 'istio-system' },
      spec: { accessLogging: [{ providers: [{ name: 'envoy' }] }] },
    },
    at,
    CRS_ORDER,
  );
}

/** Request times between `from` and `to` at about `perMinute`, jittered like real clients (exponential gaps). */
export function arrivals(b: Bundle, from: Date, to: Date, perMinute: number): Date[] {
  const out: Date[] = [];
  let t = from.getTime();
  const mean = 60_000 / perMinute;
  for (;;) {
    t += Math.max(5, Math.round(-Math.log(1 - b.r.next()) * mean));
    if (t >= to.getTime()) break;
    out.push(new Date(t));
  }
  return out;
}

export interface Call {
  /** Client pod (outbound log) */
  client?: K8sObject;
  /** Server pod (inbound log) */
  server?: K8sObject;
  method?: string;
  path: string;
  authority: string;
  userAgent: string;
}

/** Access lines for a client's sidecar (outbound) and, when given, the server's sidecar (inbound), queued into their logs. */
export function logCalls(b: Bundle, pod: K8sObject, times: Date[], make: (at: Date, rid: string) => Omit<Access, 'at'>): void {
  const lines: LogLine[] = times.map((at) => accessLine({ at, ...make(at, requestId(b.r)) }));
  b.log(`proxies/${pod.metadata.namespace}/${pod.metadata.name}/istio-proxy.log`, lines);
}

/** A client ephemeral port. */
export function ephemeralPort(b: Bundle): number {
  return b.r.int(32768, 60999);
}

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * Add `count` requests to `istio_requests_total` in a proxy's `stats/prometheus`: the series with these labels
 * is created (after the metric's existing series, with its `# TYPE` line when the metric is new) or increased.
 */
export function countRequests(b: Bundle, pod: K8sObject, labels: Record<string, string>, count: number): void {
  const rel = `proxies/${pod.metadata.namespace}/${pod.metadata.name}/stats/prometheus`;
  if (!b.archive.has(rel)) return;
  const series = `istio_requests_total{${Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(',')}}`;
  const lines = b.archive.text(rel).split('\n');
  const at = lines.findIndex((l) => l.startsWith(series + ' '));
  if (at >= 0) lines[at] = `${series} ${Number(lines[at]!.slice(series.length + 1)) + count}`;
  else {
    const last = lines.map((l, i) => (l.startsWith('istio_requests_total{') ? i : -1)).filter((i) => i >= 0).pop();
    if (last !== undefined) lines.splice(last + 1, 0, `${series} ${count}`);
    else {
      const typeAt = lines.findIndex((l) => l.startsWith('# TYPE istio_') || l.startsWith('# TYPE envoy_'));
      lines.splice(typeAt >= 0 ? typeAt : lines.length, 0, '# TYPE istio_requests_total counter', `${series} ${count}`);
    }
  }
  b.archive.setText(rel, lines.join('\n'));
}

/** Standard-metric labels for a request between two workloads (values as the Sep 2023 archive prints them). */
export function requestLabels(o: {
  reporter: 'source' | 'destination';
  src: { workload: string; ns: string; sa: string; app: string; version?: string };
  dst: { workload: string; ns: string; sa?: string; app: string; version?: string; service: string };
  code: number;
  flags: string;
  mtls: boolean;
}): Record<string, string> {
  return {
    reporter: o.reporter,
    source_workload: o.src.workload,
    source_canonical_service: o.src.app,
    source_canonical_revision: o.src.version ?? 'latest',
    source_workload_namespace: o.src.ns,
    source_principal: `spiffe://cluster.local/ns/${o.src.ns}/sa/${o.src.sa}`,
    source_app: o.src.app,
    source_version: o.src.version ?? '',
    source_cluster: 'Kubernetes',
    destination_workload: o.dst.workload,
    destination_workload_namespace: o.dst.ns,
    destination_principal: o.dst.sa ? `spiffe://cluster.local/ns/${o.dst.ns}/sa/${o.dst.sa}` : 'unknown',
    destination_app: o.dst.app,
    destination_version: o.dst.version ?? 'unknown',
    destination_service: `${o.dst.service}.${o.dst.ns}.svc.cluster.local`,
    destination_canonical_service: o.dst.app,
    destination_canonical_revision: o.dst.version ?? 'latest',
    destination_service_name: o.dst.service,
    destination_service_namespace: o.dst.ns,
    destination_cluster: 'Kubernetes',
    request_protocol: 'http',
    response_code: String(o.code),
    grpc_response_status: '',
    response_flags: o.flags,
    connection_security_policy: o.reporter === 'destination' ? (o.mtls ? 'mutual_tls' : 'none') : 'unknown',
  };
}


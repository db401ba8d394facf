/**
 * A sidecar or gateway losing its xDS stream to istiod, as its `istio-proxy.log` shows it: Envoy's
 * `StreamAggregatedResources gRPC config stream to xds-grpc closed since Ns ago: 14, <grpc status message>` (Envoy
 * `grpc_stream.h` `logClose`, status 14 = UNAVAILABLE; the message is the istio-agent xDS proxy's dial error, grpc-go
 * `transport: Error while dialing: …`), retried with Envoy's jittered exponential backoff (500 ms base, 30 s cap).
 * `logClose` writes a retriable failure at warning level only once the stream has been failing for more than
 * `RetryMaxDelayMs` (30 s); earlier closes are debug lines a default-level proxy does not print (the Sep 2023
 * archive's smallest `closed since` is 30 s). The istio-agent itself logs a failed upstream dial at debug only
 * (`xds_proxy.go`: "Envoy logs errors again").
 * The source path and thread are taken from the proxy's own earlier lines (Envoy 1.27 proxies log
 * `source/extensions/config_subscription/grpc/grpc_stream.h:190`, 1.25 ones `source/common/config/grpc_stream.h:201`,
 * both present in the Sep 2023 archive's past outages).
 */
import type { Bundle } from './bundle.js';
import type { K8sObject } from './klist.js';
import { envoyLine, type LogLine } from './logs.js';
import { addMs, SECOND } from './time.js';

const NEW_PATH = 'source/extensions/config_subscription/grpc/grpc_stream.h:190';

/** Every pod the bug-report holds a proxy folder for (sidecars and gateways; not ztunnel). */
export function proxyPods(b: Bundle): K8sObject[] {
  const out: K8sObject[] = [];
  // ztunnel's log sits in the same place (bug-report reads its container `istio-proxy` as a proxy) but it runs no
  // pilot-agent or Envoy.
  for (const p of b.k8s.all('Pod')) if (p.metadata.labels?.app !== 'ztunnel' && b.archive.has(`proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`)) out.push(p);
  return out;
}

/**
 * ADS stream failures from `from` until `until` (default: capture) with `reason` (the text after `14, `); only
 * the retries more than 30 s after the first failure are written (see above). Returns the number of lines.
 */
export function adsClosed(b: Bundle, p: K8sObject, from: Date, reason: string, until: Date = b.capture): number {
  const rel = `proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`;
  const log = b.archive.text(rel);
  const m = [...log.matchAll(/envoy config external\/envoy\/(source\/[^\t]*grpc_stream\.h:\d+)\t[^\n]*thread=(\d+)/g)].pop();
  const where = m?.[1] ?? NEW_PATH;
  const thread = m ? Number(m[2]) : b.r.int(12, 20);
  const lines: LogLine[] = [];
  let t = addMs(from, b.r.int(0, 800));
  let backoff = 500;
  while (t < until) {
    const since = Math.max(0, Math.floor((t.getTime() - from.getTime()) / 1000));
    if (t.getTime() - from.getTime() > 30 * SECOND) lines.push(envoyLine(t, b.r, 'warning', 'config', where, `StreamAggregatedResources gRPC config stream to xds-grpc closed since ${since}s ago: 14, ${reason}`, thread));
    backoff = Math.min(30 * SECOND, backoff * 2);
    t = addMs(t, Math.round(backoff * (0.5 + b.r.next() / 2)));
  }
  b.log(rel, lines);
  return lines.length;
}

/**
 * Edit a proxy's `config_dump?include_eds` as a parsed object and print it back the way Envoy's admin does
 * (protobuf JSON, one-space indent, `<`, `>`, `&` escaped as \u003c…, a final newline): untouched parts keep
 * their bytes (checked on the Sep 2023 dumps).
 */
export function editConfigDump(b: Bundle, p: K8sObject, mutate: (dump: any) => void): void {
  const rel = `proxies/${p.metadata.namespace}/${p.metadata.name}/config_dump?include_eds`;
  if (!b.archive.has(rel)) return;
  const dump = JSON.parse(b.archive.text(rel));
  mutate(dump);
  const text = JSON.stringify(dump, null, 1).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  b.archive.setText(rel, text + '\n');
}

/** The `dynamic_active_clusters` entry (`{version_info, cluster, last_updated}`) of a cluster in a parsed dump. */
export function dynamicCluster(dump: any, name: string): any {
  for (const c of dump.configs as any[]) for (const x of (c.dynamic_active_clusters ?? []) as any[]) if (x.cluster?.name === name) return x;
  return undefined;
}

/**
 * Set a cluster's upstream protocol options as istiod renders them for an HTTP/2 (`http2`, `grpc`) port
 * (`cluster_builder.go` setH2Options: explicit `http2_protocol_options`), in Envoy's field order (after
 * `common_lb_config`), with the push's version and time.
 */
export function setClusterH2(entry: any, version: string, at: Date): void {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry.cluster as Record<string, unknown>)) {
    if (k === 'typed_extension_protocol_options') continue;
    out[k] = v;
    if (k === 'common_lb_config') out.typed_extension_protocol_options = { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions', explicit_http_config: { http2_protocol_options: {} } } };
  }
  entry.cluster = out;
  entry.version_info = version;
  entry.last_updated = at.toISOString();
}

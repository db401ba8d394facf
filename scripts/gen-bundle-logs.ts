/**
 * Log files of the synthetic bundle. Each proxy log opens with pilot-agent's FLAG block, then mixes the Istio
 * tab format (`2026-…Z\tinfo\txdsproxy\t…`) with Envoy access-log lines: Istio's default TEXT format, or JSON for
 * one proxy in ten. Response flags follow the planted incident (UH towards the subset without endpoints, UF
 * towards the service that refuses connections) over a background of healthy `200 -` lines and rare NR/DC;
 * istiod's one-minute restart shows as refused xDS connections in every sidecar.
 *
 * The `incident` profile is a bundle collected during an incident: on top of the planted one, every service
 * fails for its callers during one or two windows of the six hours (a failure kind per service: UH, UF/URX, UO,
 * NR, NC, UT or DC, with the response code and details Envoy writes for it), and istio-agent's CA client fails
 * in bursts (`ca request failed`, `failed to sign CSR … Unavailable`): about one line in five hits a signature,
 * spread over every pod and upstream cluster.
 */
import { fqdn, hex, int, pick, prng, uuid, type Pod, type Rand, type Service, type World } from './gen-bundle-world.js';

const WINDOW_MS = 6 * 3_600_000;
const FLAGS = ['concurrency="2"', 'domain="$(POD_NAMESPACE).svc.cluster.local"', 'help="false"', 'log_as_json="false"', 'log_caller=""', 'log_output_level="default:info"', 'log_rotate=""', 'log_rotate_max_age="30"', 'log_rotate_max_backups="1000"', 'log_rotate_max_size="104857600"', 'log_stacktrace_level="default:none"', 'log_target="[stdout]"', 'meshConfig="./etc/istio/config/mesh"', 'outlierLogPath=""', 'profiling="true"', 'proxyComponentLogLevel="misc:error"', 'proxyLogLevel="warning"', 'serviceCluster="istio-proxy"', 'stsPort="0"', 'templateFile=""', 'tokenManagerPlugin=""', 'vklog="0"'];
const PATHS = ['/api/v1/items', '/api/v1/orders/42', '/healthz', '/metrics', '/api/v2/search?q=mesh', '/login', '/static/app.js', '/grpc.health.v1.Health/Check'];
const AGENTS = ['Go-http-client/1.1', 'curl/8.5.0', 'okhttp/4.12.0', 'python-requests/2.31.0', 'grpc-go/1.62.1', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Safari/537.36'];

/** `quiet`: rare hits (the planted incident only); `incident`: ~20 % of lines hit a signature, in every pod. */
export type BenchProfile = 'quiet' | 'incident';

/** A kind of failed request as Envoy logs it (code, response flags, `%RESPONSE_CODE_DETAILS%`). */
interface FailureKind {
  code: number;
  flags: string;
  details: string;
  /** Whether an upstream host was picked (connect failures, timeouts and resets name one). */
  host: boolean;
  /** No route or no cluster: Envoy logs `-` for the upstream cluster. */
  noCluster?: boolean;
}

// Details strings as Envoy writes them (source/common/router/router.cc, http/conn_manager_impl.cc); the same as eval/inject.
const FAILURE_KINDS: readonly FailureKind[] = [
  { code: 503, flags: 'UH', details: 'no_healthy_upstream', host: false },
  { code: 503, flags: 'UF,URX', details: 'upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}', host: true },
  { code: 503, flags: 'UO', details: 'upstream_reset_before_response_started{overflow}', host: false },
  { code: 404, flags: 'NR', details: 'route_not_found', host: false, noCluster: true },
  { code: 503, flags: 'NC', details: 'cluster_not_found', host: false, noCluster: true },
  { code: 504, flags: 'UT', details: 'response_timeout', host: true },
  { code: 0, flags: 'DC', details: 'downstream_remote_disconnect', host: true },
];

/** When and how a service fails for its callers in the incident profile: one or two windows, one kind. */
export interface Outage {
  kind: FailureKind;
  windows: Array<[number, number]>;
  /** Share of the requests inside a window that fail. */
  share: number;
}

/** Each service's outage, drawn from its own PRNG (the same for every caller). */
function outageOf(w: World, svc: Service): Outage {
  let h = w.seed;
  for (let i = 0; i < svc.name.length; i++) h = Math.imul(h ^ svc.name.charCodeAt(i), 16_777_619);
  const r = prng(h >>> 0);
  const start = w.capturedMs - WINDOW_MS;
  const windows: Array<[number, number]> = [];
  const n = r() < 0.3 ? 2 : 1;
  for (let i = 0; i < n; i++) {
    const from = start + r() * WINDOW_MS * 0.7;
    windows.push([from, Math.min(w.capturedMs, from + WINDOW_MS * (0.25 + r() * 0.35) / n)]);
  }
  return { kind: FAILURE_KINDS[Math.floor(r() * FAILURE_KINDS.length)]!, windows, share: 0.55 + r() * 0.25 };
}

const micro = (ms: number, r: Rand): string => new Date(ms).toISOString().replace('Z', `${int(r, 100, 999)}Z`);

interface Access {
  code: number;
  flags: string;
  details: string;
  target: Service;
  subset: string;
  upstreamHost: string;
  noCluster?: boolean;
}

function accessFor(r: Rand, peers: readonly Service[], hosts: ReadonlyMap<string, string>, incident: Incident, ms: number): Access {
  const target = pick(r, peers);
  const host = hosts.get(target.name) ?? '-';
  const x = r();
  const outage = incident.outages?.get(target.name);
  if (outage && x < outage.share && outage.windows.some(([a, b]) => ms >= a && ms < b)) {
    const k = outage.kind;
    return { code: k.code, flags: k.flags, details: k.details, target, subset: 'v1', upstreamHost: k.host ? host : '-', ...(k.noCluster ? { noCluster: true } : {}) };
  }
  if (target.name === incident.subsetSvc) return { code: 503, flags: 'UH', details: 'no_healthy_upstream', target, subset: 'v3', upstreamHost: '-' };
  if (target.name === incident.refusedSvc && x < 0.6) return { code: 503, flags: 'UF,URX', details: 'upstream_reset_before_response_started{connection_failure}', target, subset: 'v1', upstreamHost: host };
  if (x < 0.0002) return { code: 404, flags: 'NR', details: 'route_not_found', target, subset: '', upstreamHost: '-' };
  if (x < 0.0005) return { code: 0, flags: 'DC', details: 'downstream_remote_disconnect', target, subset: 'v1', upstreamHost: host };
  return { code: pick(r, [200, 200, 200, 200, 201, 204, 304]), flags: '-', details: 'via_upstream', target, subset: 'v1', upstreamHost: host };
}

function textAccess(ms: number, a: Access, p: Pod, r: Rand): string {
  const path = pick(r, PATHS);
  const method = path.startsWith('/grpc') ? 'POST' : pick(r, ['GET', 'GET', 'GET', 'POST', 'PUT']);
  const dur = int(r, 1, 400);
  const cluster = a.noCluster ? '-' : `outbound|${a.target.port}|${a.subset}|${fqdn(a.target)}`;
  return `[${new Date(ms).toISOString()}] "${method} ${path} HTTP/1.1" ${a.code} ${a.flags} ${a.details} - "-" ${int(r, 0, 2000)} ${int(r, 0, 90_000)} ${dur} ${a.flags === '-' ? dur - 1 : '-'} "-" "${pick(r, AGENTS)}" "${uuid(r)}" "${a.target.name}:${a.target.port}" "${a.upstreamHost}" ${cluster} ${a.upstreamHost === '-' ? '-' : `${p.ip}:${int(r, 32768, 60999)}`} ${a.target.clusterIP}:${a.target.port} ${p.ip}:${int(r, 32768, 60999)} - default`;
}

function jsonAccess(ms: number, a: Access, p: Pod, r: Rand): string {
  const dur = int(r, 1, 400);
  return JSON.stringify({
    start_time: new Date(ms).toISOString(), method: 'GET', path: pick(r, PATHS), protocol: 'HTTP/1.1', response_code: String(a.code), response_flags: a.flags,
    response_code_details: a.details, connection_termination_details: '-', upstream_transport_failure_reason: '-', bytes_received: String(int(r, 0, 2000)), bytes_sent: String(int(r, 0, 90_000)),
    duration: String(dur), upstream_service_time: a.flags === '-' ? String(dur - 1) : '-', x_forwarded_for: '-', user_agent: pick(r, AGENTS), request_id: uuid(r), authority: `${a.target.name}:${a.target.port}`,
    upstream_host: a.upstreamHost, upstream_cluster: a.noCluster ? '-' : `outbound|${a.target.port}|${a.subset}|${fqdn(a.target)}`, upstream_local_address: '-', downstream_local_address: `${a.target.clusterIP}:${a.target.port}`,
    downstream_remote_address: `${p.ip}:${int(r, 32768, 60999)}`, requested_server_name: '-', route_name: 'default',
  });
}

/** The planted incident, and in the incident profile every service's outage (by service name). */
export interface Incident {
  subsetSvc: string;
  refusedSvc: string;
  outages?: ReadonlyMap<string, Outage>;
  /** Incident profile: istio-agent's CA client fails in bursts. */
  caFailures?: boolean;
}

/** The incident profile's outages, one per service. */
export function outages(w: World): Map<string, Outage> {
  return new Map(w.services.map((s) => [s.name, outageOf(w, s)]));
}

/** The incident profile's CA bursts: 10 minutes every hour, when istiod's CA is overloaded. */
const caBurst = (ms: number): boolean => Math.floor(ms / 60_000) % 60 < 10;

/** istiod restarted at 09:30 for about a minute: every sidecar logs refused xDS connections then. */
const ISTIOD_DOWN = [Date.parse('2026-03-10T09:30:00Z'), Date.parse('2026-03-10T09:31:10Z')];

function istioLine(ms: number, r: Rand, p: Pod, incident: Incident): string {
  const t = micro(ms, r);
  const x = r();
  if (incident.caFailures && caBurst(ms) && x < 0.7) {
    // istio-agent's CA client (security/pkg/nodeagent/caclient, cache/secretcache.go) as Istio 1.2x logs it
    return x < 0.4
      ? `${t}\twarn\tca\tca request failed, starting attempt ${int(r, 1, 6)} in ${int(r, 90, 3200)}.${int(r, 100000, 999999)}ms`
      : `${t}\terror\tcitadelclient\tfailed to sign CSR: create certificate: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.99.1:15012: i/o timeout"`;
  }
  if (ms >= ISTIOD_DOWN[0]! && ms < ISTIOD_DOWN[1]!) return `${t}\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193\tStreamAggregatedResources gRPC config stream to xds-grpc closed since ${int(r, 1, 60)}s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.96.99.1:15012: connect: connection refused"\tthread=${int(r, 10, 30)}`;
  if (x < 0.4) return `${t}\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012\tid=${int(r, 1, 400)}`;
  if (x < 0.6) return `${t}\tinfo\tads\tADS: "@" ${p.name}.${p.ns}-${int(r, 1, 900)} terminated`;
  if (x < 0.75) return `${t}\tinfo\tcache\tgenerated new workload certificate\tresourceName=default latency=${int(r, 40, 300)}.${hex(r, 6).replace(/\D/g, '1')}ms ttl=23h59m59.${int(r, 100000, 999999)}s`;
  if (x < 0.9) return `${t}\tinfo\tcache\treturned workload trust anchor from cache\tttl=${int(r, 1, 23)}h59m59.${int(r, 100000, 999999)}s`;
  return `${t}\tinfo\tDNS\tdns cache updated for ${int(r, 10, 400)} hosts`;
}

/** The istio-proxy log of `p`, about `targetBytes` long (UTF-8, `\n`-terminated lines). */
export function proxyLog(w: World, p: Pod, targetBytes: number, incident: Incident): Buffer {
  const r = prng(w.seed ^ (p.uid.charCodeAt(0) * 65_537 + p.ip.length * 31 + Number(p.ip.split('.')[3])));
  const json = Number(p.ip.split('.')[3]) % 10 === 0;
  const peers = w.services.filter((s) => s.ns === p.ns && s.name !== p.app);
  const hosts = new Map(peers.map((s) => [s.name, `${w.pods.find((x) => x.app === s.name)?.ip}:${s.port}`]));
  const start = w.capturedMs - WINDOW_MS;
  const lines: string[] = FLAGS.map((f, i) => `${micro(start + i, r)}\tinfo\tFLAG: --${f}`);
  lines.push(`${micro(start + 40, r)}\tinfo\tVersion 1.24.2-3ac2f5e2d1b0c9f8e7d6c5b4a3928171605f4e3d-Clean`);
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  const avg = json ? 720 : 330;
  const step = Math.max(1, (WINDOW_MS - 60_000) / Math.max(1, targetBytes / avg));
  for (let ms = start + 1000; size < targetBytes; ms += step * (0.5 + r())) {
    const at = Math.floor(Math.min(ms, w.capturedMs - 5000));
    const line = r() < 0.72 ? (json ? jsonAccess : textAccess)(at, accessFor(r, peers, hosts, incident, at), p, r) : istioLine(Math.min(ms, w.capturedMs - 5000), r, p, incident);
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** istiod's discovery.log: pushes, ADS connections and the occasional CA line. */
export function discoveryLog(w: World, targetBytes: number): Buffer {
  const r = prng(w.seed + 11);
  const start = w.capturedMs - WINDOW_MS;
  const lines: string[] = [];
  let size = 0;
  for (let ms = start; size < targetBytes; ms += 40 + r() * 200) {
    const p = pick(r, w.pods);
    const t = micro(Math.min(ms, w.capturedMs - 4000), r);
    const x = r();
    const line = x < 0.5 ? `${t}\tinfo\tads\tPush debounce stable[${int(r, 1, 9999)}] ${int(r, 1, 20)} for config ServiceEntry/${p.ns}/${p.app}.${p.ns}.svc.cluster.local: 100.${int(r, 100, 999)}ms since last change, 100.${int(r, 100, 999)}ms since last push, full=true`
      : x < 0.8 ? `${t}\tinfo\tads\tADS: new connection for node:${p.name}.${p.ns}-${int(r, 1, 999)}`
      : x < 0.97 ? `${t}\tinfo\tads\tCDS: PUSH for node:${p.name}.${p.ns} resources:${int(r, 10, 60)} size:${int(r, 20, 90)}.${int(r, 0, 9)}kB`
      : `${t}\tinfo\tca\tCSR signing for spiffe://cluster.local/ns/${p.ns}/sa/${p.app} took ${int(r, 1, 9)}.${int(r, 100, 999)}ms`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** One istio-cni node agent log. */
export function cniLog(w: World, node: string, targetBytes: number): Buffer {
  const r = prng(w.seed + node.length * 13 + node.charCodeAt(6));
  const start = w.capturedMs - WINDOW_MS;
  const lines: string[] = [];
  let size = 0;
  for (let ms = start; size < targetBytes; ms += 5000 + r() * 20_000) {
    const p = pick(r, w.pods);
    const line = `${micro(Math.min(ms, w.capturedMs - 3000), r)}\tinfo\tcni\tAdded pod ${p.name} in ${p.ns} to mesh\tnode=${node}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

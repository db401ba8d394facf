/**
 * Building blocks for the sample bundles: a seeded random source, RFC3339 time arithmetic, Istio log
 * lines in the 1.17+ formats (pilot-agent tab format, Envoy app log, access log), Kubernetes objects, the
 * bug-report events table, real X.509 certificates from seeded RSA keys, trimmed sidecar config dumps
 * (envoy.admin.v3.ConfigDump), and a writer that lays files out as `istioctl bug-report` does.
 * Samples are generated, never hand-edited, so every sample can be rebuilt and reviewed from its script.
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** Mulberry32: small, deterministic PRNG so that samples are byte-for-byte reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
export const podSuffix = (r: () => number) => `${hex(r, 9)}-${Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(r() * 27)]).join('')}`;

/** `base` + `ms` as RFC3339 with microseconds (`2026-03-15T10:21:05.123456Z`), as Istio logs print it. */
export function at(base: string, ms: number, micros = 0): string {
  const d = new Date(Date.parse(base) + ms);
  return d.toISOString().replace(/\.(\d{3})Z$/, (_, m) => `.${m}${String(micros % 1000).padStart(3, '0')}Z`);
}
/** RFC3339 with seconds only, as Kubernetes prints it. */
export const atSec = (base: string, ms: number) => new Date(Date.parse(base) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A pilot-agent / istiod line: `<time>\t<level>\t[<scope>\t]<msg>`. */
export const agentLine = (time: string, level: string, scope: string | undefined, msg: string) => (scope ? `${time}\t${level}\t${scope}\t${msg}` : `${time}\t${level}\t${msg}`);

/** An Envoy app-log line in the Istio 1.17+ format: `<time>\t<level>\tenvoy <logger> <file>:<line>\t<msg>\tthread=<n>`. */
export const envoyLine = (time: string, level: string, logger: string, where: string, msg: string, thread = 14) => `${time}\t${level}\tenvoy ${logger} ${where}\t${msg}\tthread=${thread}`;

/** Relative age as kubectl prints it (`45s`, `4m30s`, `47m`, `5h`, `28d`). */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}

export interface TableEvent {
  namespace: string;
  lastSeenMs: number;
  firstSeenMs: number;
  type: 'Normal' | 'Warning';
  reason: string;
  object: string;
  subobject?: string;
  source: string;
  message: string;
  count: number;
  name: string;
}

/** The bug-report `cluster/events` table (`kubectl get events -o wide` columns), ages relative to `capturedAt`. */
export function eventsTable(capturedAt: string, events: TableEvent[]): string {
  const cap = Date.parse(capturedAt);
  const header = ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];
  const rows = events.map((e) => [e.namespace, age(cap - e.lastSeenMs), e.type, e.reason, e.object, e.subobject ?? '', e.source, e.message, age(cap - e.firstSeenMs), String(e.count), e.name]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 3);
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('').trimEnd();
  return [fmt(header), ...rows.map(fmt)].join('\n') + '\n';
}

/** A `kind: List` as `kubectl get -o yaml` prints it. */
export const yamlList = (items: object[]) => stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, { lineWidth: 0 });

/** Writes files under `root`, replacing whatever was there (the generator owns the folder). */
export function writeTree(root: string, files: Record<string, string>): void {
  rmSync(root, { recursive: true, force: true });
  for (const [path, body] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
  }
}

export interface ContainerStatusSpec {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  running?: { startedAt: string };
  waiting?: { reason: string; message: string };
  lastTerminated?: { reason: string; exitCode: number; startedAt: string; finishedAt: string };
}

export function containerStatus(c: ContainerStatusSpec): object {
  return {
    containerID: `containerd://${c.name}`,
    image: c.image,
    lastState: c.lastTerminated ? { terminated: { containerID: `containerd://${c.name}-prev`, ...c.lastTerminated } } : {},
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: Boolean(c.running),
    state: c.running ? { running: c.running } : c.waiting ? { waiting: c.waiting } : {},
  };
}

// --- X.509 for samples: deterministic RSA keys and DER certificates, so certificate samples rebuild byte for byte ---

const SMALL_PRIMES = Array.from({ length: 2000 }, (_, i) => i + 2).filter((n, _, all) => all.every((d) => d * d > n || n % d !== 0)).map(BigInt);

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, a % m, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** Miller-Rabin over the first 12 primes as bases: plenty for throwaway test keys. */
function isProbablePrime(n: bigint): boolean {
  if (SMALL_PRIMES.some((p) => n % p === 0n)) return SMALL_PRIMES.includes(n);
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) [d, s] = [d >> 1n, s + 1];
  return SMALL_PRIMES.slice(0, 12).every((a) => {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) return true;
    for (let i = 1; i < s; i++) if ((x = (x * x) % n) === n - 1n) return true;
    return false;
  });
}

const toBig = (b: Buffer) => BigInt(`0x${b.toString('hex')}`);
const fromBig = (n: bigint) => {
  const h = n.toString(16);
  return Buffer.from(h.length % 2 ? `0${h}` : h, 'hex');
};

function prime(r: () => number, bits: number): bigint {
  const bytes = Buffer.from(Array.from({ length: bits / 8 }, () => Math.floor(r() * 256)));
  bytes[0] |= 0xc0;
  let n = toBig(bytes) | 1n;
  while (!isProbablePrime(n)) n += 2n;
  return n;
}

/** A throwaway RSA key derived from the seeded PRNG (never written into a bundle). */
export function rsaKey(r: () => number, bits = 2048): { key: KeyObject; spki: Buffer; publicKeyBits: Buffer } {
  const e = 65537n;
  for (;;) {
    const p = prime(r, bits / 2);
    const q = prime(r, bits / 2);
    const phi = (p - 1n) * (q - 1n);
    if (p === q || phi % e === 0n) continue;
    const n = p * q;
    const d = modInverse(e, phi);
    const b64 = (x: bigint) => fromBig(x).toString('base64url');
    const key = createPrivateKey({ key: { kty: 'RSA', n: b64(n), e: b64(e), d: b64(d), p: b64(p), q: b64(q), dp: b64(d % (p - 1n)), dq: b64(d % (q - 1n)), qi: b64(modInverse(q, p)) }, format: 'jwk' });
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    return { key, spki, publicKeyBits: der.seq(der.int(n), der.int(e)) };
  }
}

/** Just enough DER (X.690) to write certificates. */
export const der = {
  tlv(tag: number, body: Buffer): Buffer {
    const n = body.length;
    const len = n < 0x80 ? Buffer.from([n]) : (() => { const b = fromBig(BigInt(n)); return Buffer.concat([Buffer.from([0x80 | b.length]), b]); })();
    return Buffer.concat([Buffer.from([tag]), len, body]);
  },
  seq: (...parts: Buffer[]) => der.tlv(0x30, Buffer.concat(parts)),
  set: (...parts: Buffer[]) => der.tlv(0x31, Buffer.concat(parts)),
  int(v: bigint | Buffer): Buffer {
    let b = typeof v === 'bigint' ? fromBig(v) : v;
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return der.tlv(0x02, b);
  },
  oid(s: string): Buffer {
    const [a, b, ...rest] = s.split('.').map(Number);
    const out = [40 * a + b];
    for (const v of rest) {
      const groups = [v & 0x7f];
      for (let x = v >>> 7; x > 0; x >>>= 7) groups.unshift(0x80 | (x & 0x7f));
      out.push(...groups);
    }
    return der.tlv(0x06, Buffer.from(out));
  },
  bool: (v: boolean) => der.tlv(0x01, Buffer.from([v ? 0xff : 0])),
  null: () => Buffer.from([0x05, 0x00]),
  utf8: (s: string) => der.tlv(0x0c, Buffer.from(s, 'utf8')),
  octets: (b: Buffer) => der.tlv(0x04, b),
  bits: (b: Buffer, unused = 0) => der.tlv(0x03, Buffer.concat([Buffer.from([unused]), b])),
  /** UTCTime (years before 2050, as RFC 5280 requires). */
  time: (iso: string) => der.tlv(0x17, Buffer.from(iso.replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?Z$/, '$1$2$3$4$5$6Z'), 'ascii')),
  ctx: (n: number, body: Buffer, constructed = true) => der.tlv((constructed ? 0xa0 : 0x80) | n, body),
};

export interface CertSpec {
  /** Hex serial (16 bytes, as Istio's CA issues them). */
  serial: string;
  /** Distinguished name as [attribute OID, value] pairs; empty for Istio workload certificates. */
  subject: Array<[string, string]>;
  issuer: Array<[string, string]>;
  notBefore: string;
  notAfter: string;
  publicKey: { spki: Buffer; publicKeyBits: Buffer };
  signer: { key: KeyObject; publicKeyBits: Buffer };
  ca?: boolean;
  /** SPIFFE IDs for the subjectAltName (critical, as Istio issues them). */
  uris?: string[];
}

const OID = { sha256WithRSA: '1.2.840.113549.1.1.11', basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', extKeyUsage: '2.5.29.37', san: '2.5.29.17', ski: '2.5.29.14', aki: '2.5.29.35', serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' };
export const DN = { O: '2.5.4.10', CN: '2.5.4.3' };

const keyId = (publicKeyBits: Buffer) => createHash('sha1').update(publicKeyBits).digest();
const ext = (oid: string, critical: boolean, value: Buffer) => der.seq(der.oid(oid), ...(critical ? [der.bool(true)] : []), der.octets(value));
const dn = (attrs: Array<[string, string]>) => der.seq(...attrs.map(([oid, v]) => der.set(der.seq(der.oid(oid), der.utf8(v)))));

/** A signed X.509 v3 certificate (sha256WithRSAEncryption) as PEM. RSA PKCS#1 v1.5 signatures are deterministic. */
export function x509Pem(c: CertSpec): string {
  const extensions = c.ca
    ? [ext(OID.keyUsage, true, der.bits(Buffer.from([0x06]), 1)), ext(OID.basicConstraints, true, der.seq(der.bool(true))), ext(OID.ski, false, der.octets(keyId(c.publicKey.publicKeyBits)))]
    : [ext(OID.keyUsage, true, der.bits(Buffer.from([0xa0]), 5)), ext(OID.extKeyUsage, false, der.seq(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
      ext(OID.basicConstraints, true, der.seq()), ext(OID.aki, false, der.seq(der.ctx(0, keyId(c.signer.publicKeyBits), false))),
      ext(OID.san, true, der.seq(...(c.uris ?? []).map((u) => der.ctx(6, Buffer.from(u, 'ascii'), false))))];
  const alg = der.seq(der.oid(OID.sha256WithRSA), der.null());
  const tbs = der.seq(der.ctx(0, der.int(2n)), der.int(Buffer.from(c.serial, 'hex')), alg, dn(c.issuer), der.seq(der.time(c.notBefore), der.time(c.notAfter)), dn(c.subject), c.publicKey.spki, der.ctx(3, der.seq(...extensions)));
  const cert = der.seq(tbs, alg, der.bits(sign('sha256', tbs, c.signer.key)));
  return `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

// --- Envoy admin output for sidecars (envoy.admin.v3.ConfigDump, trimmed to what a sidecar needs) ---

/** Envoy admin JSON as Envoy prints it (one-space indent). */
export const envoyJson = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;

export const uuid = (r: () => number) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;

const T = (s: string) => `type.googleapis.com/${s}`;
const UNLIMITED = 4294967295;

export interface OutboundService {
  host: string;
  port: number;
  /** Pod IPs behind the service (EDS, all HEALTHY). */
  endpoints: string[];
  targetPort: number;
  /** Envoy `circuit_breakers.thresholds[0]`, as istiod renders a DestinationRule connectionPool; default unlimited. */
  thresholds?: Record<string, number | boolean>;
  /** `max_requests_per_connection` (DestinationRule http.maxRequestsPerConnection). */
  maxRequestsPerConnection?: number;
  /** `namespace/name` of the DestinationRule istiod applied (cluster metadata `istio.config`). */
  destinationRule?: string;
  sa: string;
}

export interface SidecarSpec {
  namespace: string;
  pod: string;
  ip: string;
  app: string;
  sa: string;
  istioVersion: string;
  labels: Record<string, string>;
  /** Port the app listens on (inbound|port||). */
  inboundPort: number;
  outbound: OutboundService[];
  /** When istiod last pushed, RFC3339 with ms. */
  pushedAt: string;
  /** SDS secrets as PEM (`default`: leaf + chain; `ROOTCA`: trust anchor). Private keys show as [redacted], as Envoy prints them. */
  secrets?: { default: string; ROOTCA: string; defaultAt: string; rootAt: string };
}

const sdsConfig = (name: string) => ({ name, sds_config: { api_config_source: { api_type: 'GRPC', grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }], set_node_on_first_message_only: true, transport_api_version: 'V3' }, initial_fetch_timeout: '0s', resource_api_version: 'V3' } });

function outboundCluster(o: OutboundService): object {
  const name = `outbound|${o.port}||${o.host}`;
  const [svc, svcNs] = o.host.split('.');
  return {
    '@type': T('envoy.config.cluster.v3.Cluster'), name, type: 'EDS',
    eds_cluster_config: { eds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, service_name: name },
    connect_timeout: '10s', lb_policy: 'LEAST_REQUEST',
    circuit_breakers: { thresholds: [{ max_connections: UNLIMITED, max_pending_requests: UNLIMITED, max_requests: UNLIMITED, max_retries: UNLIMITED, track_remaining: true, ...o.thresholds }] },
    ...(o.maxRequestsPerConnection ? { typed_extension_protocol_options: { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': T('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'), common_http_protocol_options: { max_requests_per_connection: o.maxRequestsPerConnection }, use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} } } } } : {}),
    metadata: { filter_metadata: { istio: { ...(o.destinationRule ? { config: `/apis/networking.istio.io/v1/namespaces/${o.destinationRule.replace('/', '/destination-rule/')}` } : {}), services: [{ namespace: svcNs, name: svc, host: o.host }] } } },
    common_lb_config: { locality_weighted_lb_config: {} },
    transport_socket_matches: [
      { name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transport_socket: { name: 'envoy.transport_sockets.tls', typed_config: { '@type': T('envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'),
        common_tls_context: { tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' }, alpn_protocols: ['istio-peer-exchange', 'istio'], tls_certificate_sds_secret_configs: [sdsConfig('default')],
          combined_validation_context: { default_validation_context: { match_subject_alt_names: [{ exact: `spiffe://cluster.local/ns/${svcNs}/sa/${o.sa}` }] }, validation_context_sds_secret_config: sdsConfig('ROOTCA') } },
        sni: `outbound_.${o.port}_._.${o.host}` } } },
      { name: 'tlsMode-disabled', match: {}, transport_socket: { name: 'envoy.transport_sockets.raw_buffer', typed_config: { '@type': T('envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer') } } },
    ],
  };
}

const tcpProxy = (cluster: string) => ({ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': T('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'), stat_prefix: cluster, cluster } });
const hcm = (rds: object) => ({ name: 'envoy.filters.network.http_connection_manager', typed_config: { '@type': T('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'), stat_prefix: 'outbound_0.0.0.0_http', ...rds, http_filters: [{ name: 'istio.metadata_exchange' }, { name: 'envoy.filters.http.router', typed_config: { '@type': T('envoy.extensions.filters.http.router.v3.Router') } }], use_remote_address: false } });

/** A sidecar's `config_dump?include_eds`: bootstrap node, clusters, EDS, listeners (15001/15006 and one per outbound port), routes and SDS secrets. */
export function sidecarConfigDump(s: SidecarSpec): object {
  const at = s.pushedAt;
  const version = `${at.slice(0, 19)}Z/42`;
  const active = (o: object) => ({ version_info: version, ...o, last_updated: at });
  const ports = [...new Set(s.outbound.map((o) => o.port))];
  const inbound = `inbound|${s.inboundPort}||`;
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  return {
    configs: [
      { '@type': T('envoy.admin.v3.BootstrapConfigDump'), bootstrap: {
        node: { id: `sidecar~${s.ip}~${s.pod}.${s.namespace}~${s.namespace}.svc.cluster.local`, cluster: `${s.app}.${s.namespace}`,
          metadata: { CLUSTER_ID: 'Kubernetes', INSTANCE_IPS: s.ip, INTERCEPTION_MODE: 'REDIRECT', ISTIO_VERSION: s.istioVersion, LABELS: s.labels, MESH_ID: 'cluster.local', NAME: s.pod, NAMESPACE: s.namespace, SERVICE_ACCOUNT: s.sa, WORKLOAD_NAME: s.app },
          user_agent_name: 'envoy' },
        dynamic_resources: { lds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, cds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, ads_config: { api_type: 'GRPC', grpc_services: [{ envoy_grpc: { cluster_name: 'xds-grpc' } }], set_node_on_first_message_only: true, transport_api_version: 'V3' } },
      }, last_updated: at },
      { '@type': T('envoy.admin.v3.ClustersConfigDump'), version_info: version,
        static_clusters: ['prometheus_stats', 'agent', 'sds-grpc', 'xds-grpc'].map((name) => ({ cluster: { '@type': T('envoy.config.cluster.v3.Cluster'), name, type: 'STATIC', connect_timeout: name === 'xds-grpc' ? '1s' : '0.250s' }, last_updated: at })),
        dynamic_active_clusters: [
          active({ cluster: { '@type': T('envoy.config.cluster.v3.Cluster'), name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s' } }),
          active({ cluster: { '@type': T('envoy.config.cluster.v3.Cluster'), name: 'InboundPassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' } }),
          active({ cluster: { '@type': T('envoy.config.cluster.v3.Cluster'), name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' } }),
          active({ cluster: { '@type': T('envoy.config.cluster.v3.Cluster'), name: inbound, type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED', upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } } } }),
          ...s.outbound.map((o) => active({ cluster: outboundCluster(o) })),
        ] },
      { '@type': T('envoy.admin.v3.EndpointsConfigDump'),
        dynamic_endpoint_configs: s.outbound.map((o) => active({ endpoint_config: { '@type': T('envoy.config.endpoint.v3.ClusterLoadAssignment'), cluster_name: `outbound|${o.port}||${o.host}`,
          endpoints: [{ locality: {}, lb_endpoints: o.endpoints.map((ip) => ({ endpoint: { address: { socket_address: { address: ip, port_value: o.targetPort } }, health_check_config: {} }, health_status: 'HEALTHY', metadata: { filter_metadata: { istio: { workload: `${o.host.split('.')[0]};${o.host.split('.')[1]};${o.host.split('.')[0]};v1;Kubernetes` } } }, load_balancing_weight: 1 })) }],
          policy: { overprovisioning_factor: 140 } } })) },
      { '@type': T('envoy.admin.v3.ListenersConfigDump'), version_info: version, dynamic_listeners: [
        ...ports.map((port) => ({ name: `0.0.0.0_${port}`, active_state: active({ listener: { '@type': T('envoy.config.listener.v3.Listener'), name: `0.0.0.0_${port}`, address: { socket_address: { address: '0.0.0.0', port_value: port } },
          filter_chains: [{ filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] }, filters: [hcm({ rds: { config_source: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, route_config_name: String(port) } })], name: `0.0.0.0_${port}` }],
          default_filter_chain: { filters: [tcpProxy('PassthroughCluster')], name: 'PassthroughFilterChain' }, traffic_direction: 'OUTBOUND', bind_to_port: false } }) })),
        { name: 'virtualOutbound', active_state: active({ listener: { '@type': T('envoy.config.listener.v3.Listener'), name: 'virtualOutbound', address: { socket_address: { address: '0.0.0.0', port_value: 15001 } },
          filter_chains: [{ filter_chain_match: { destination_port: 15001 }, filters: [tcpProxy('BlackHoleCluster')], name: 'virtualOutbound-blackhole' }, { filters: [tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp' }],
          use_original_dst: true, traffic_direction: 'OUTBOUND' } }) },
        { name: 'virtualInbound', active_state: active({ listener: { '@type': T('envoy.config.listener.v3.Listener'), name: 'virtualInbound', address: { socket_address: { address: '0.0.0.0', port_value: 15006 } },
          filter_chains: [{ filter_chain_match: { destination_port: s.inboundPort, transport_protocol: 'tls' }, filters: [tcpProxy(inbound)], name: `${s.ip}_${s.inboundPort}`,
            transport_socket: { name: 'envoy.transport_sockets.tls', typed_config: { '@type': T('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext'), common_tls_context: { tls_certificate_sds_secret_configs: [sdsConfig('default')], combined_validation_context: { default_validation_context: {}, validation_context_sds_secret_config: sdsConfig('ROOTCA') } }, require_client_certificate: true } } },
          { filter_chain_match: { destination_port: s.inboundPort, transport_protocol: 'raw_buffer' }, filters: [tcpProxy(inbound)], name: `${s.ip}_${s.inboundPort}-plaintext` }],
          use_original_dst: true, traffic_direction: 'INBOUND' } }) },
      ] },
      { '@type': T('envoy.admin.v3.ScopedRoutesConfigDump') },
      { '@type': T('envoy.admin.v3.RoutesConfigDump'), dynamic_route_configs: ports.map((port) => active({ route_config: { '@type': T('envoy.config.route.v3.RouteConfiguration'), name: String(port),
        virtual_hosts: [
          ...s.outbound.filter((o) => o.port === port).map((o) => ({ name: `${o.host}:${port}`, domains: [o.host, `${o.host.split('.')[0]}.${o.host.split('.')[1]}`, o.host.split('.')[0]],
            routes: [{ match: { prefix: '/' }, route: { cluster: `outbound|${port}||${o.host}`, timeout: '0s', retry_policy: { retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', num_retries: 2, retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], host_selection_retry_max_attempts: '5', retriable_status_codes: [503] }, max_grpc_timeout: '0s' }, decorator: { operation: `${o.host}:${port}/*` }, name: 'default' }], include_request_attempt_count: true })),
          { name: 'allow_any', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s' }, name: 'allow_any' }], include_request_attempt_count: true },
        ], validate_clusters: false, ignore_port_in_host_matching: true } })) },
      ...(s.secrets ? [{ '@type': T('envoy.admin.v3.SecretsConfigDump'), dynamic_active_secrets: [
        { name: 'default', last_updated: s.secrets.defaultAt, secret: { '@type': T('envoy.extensions.transport_sockets.tls.v3.Secret'), name: 'default', tls_certificate: { certificate_chain: { inline_bytes: b64(s.secrets.default) }, private_key: { inline_bytes: b64('[redacted]') } } } },
        { name: 'ROOTCA', last_updated: s.secrets.rootAt, secret: { '@type': T('envoy.extensions.transport_sockets.tls.v3.Secret'), name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: b64(s.secrets.ROOTCA) } } } },
      ] }] : []),
    ],
  };
}

export interface AccessEntry {
  time: string; method: string; path: string; code: number; flags: string; details: string; transportFailure?: string;
  bytesIn: number; bytesOut: number; duration: number; upstreamMs?: number; userAgent: string; requestId: string; authority: string;
  upstreamHost: string; cluster: string; upstreamLocal: string; downstreamLocal: string; downstreamRemote: string; sni?: string; route: string;
}

/** An Envoy access-log line in Istio's TEXT format (1.9+; NOTES.md §2). `time` is RFC3339 with ms. */
export const accessLine = (e: AccessEntry) =>
  `[${e.time}] "${e.method} ${e.path} HTTP/1.1" ${e.code} ${e.flags} ${e.details} - "${e.transportFailure ?? '-'}" ${e.bytesIn} ${e.bytesOut} ${e.duration} ${e.upstreamMs ?? '-'} "-" "${e.userAgent}" "${e.requestId}" "${e.authority}" "${e.upstreamHost}" ${e.cluster} ${e.upstreamLocal} ${e.downstreamLocal} ${e.downstreamRemote} ${e.sni ?? '-'} ${e.route}`;

/** The bug-report `versions` file (`istioctl version` output) for one control-plane and proxy version. */
export function versionsFile(istio: string): string {
  return `CLI version:\nclient version: ${istio}\n\nThe following Istio control plane revisions/versions were found in the cluster:\nRevision default:\n&version.MeshInfo{\n    {\n        Component: "pilot",\n        Revision:  "default",\n        Info:      version.BuildInfo{Version:"${istio}", GitRevision:"3fd2ad6ba4e6c4b8f4e7a7e41e7e1a38d0f0a6c2", GolangVersion:"go1.23.4", BuildStatus:"Clean", GitTag:"${istio}"},\n    },\n}\n\nThe following proxy revisions/versions were found in the cluster:\nRevision default: Versions {${istio}}\n`;
}

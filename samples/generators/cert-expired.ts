/**
 * Generates samples/cert-expired: an `istioctl bug-report` (1.21+ layout) of a mesh whose plugged-in root CA
 * expired. The `cacerts` secret was made a year earlier with a 365-day root (`openssl req -x509 -days 365`),
 * which istiod uses to sign directly; workload certificates live one hour (`SECRET_TTL=1h`). At 06:00:00Z the
 * root expires: every new mTLS handshake between sidecars fails verification (503 URX,UF …
 * CERTIFICATE_VERIFY_FAILED), and istio-agent can no longer reach istiod (its serving certificate chains to
 * the expired root: `x509: certificate has expired or is not yet valid`), so xDS disconnects at the next
 * max-age close and every certificate rotation fails. Each workload certificate then expires one hour after it
 * was last issued. Captured at 07:02 with `--duration 90m`: root and all four workload certificates expired.
 *
 * The certificates are real X.509 (RSA 2048, sha256WithRSAEncryption) signed by a throwaway root key derived
 * from the seed, so the sample rebuilds byte for byte; no private key is written into the bundle (Envoy prints
 * `[redacted]` in its dump).
 *
 * Run: npx tsx samples/generators/cert-expired.ts   (rewrites samples/cert-expired/bug-report/)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  accessLine, agentLine, at, atSec, containerStatus, DN, envoyJson, envoyLine, eventsTable, hex, podSuffix, rng, rsaKey,
  sidecarConfigDump, type OutboundService, uuid, writeTree, x509Pem, versionsFile, yamlList, } from './lib.js';

const r = rng(20260411);
const ISTIO = '1.24.2';
const PROXY_IMAGE = `docker.io/istio/proxyv2:${ISTIO}`;
const MIN = 60_000;
const EXPIRY = '2026-04-11T06:00:00Z'; // root CA notAfter
const ROOT_FROM = '2025-04-11T06:00:00Z';
const LOG_FROM = '2026-04-11T05:32:00Z'; // --duration 90m
const CAPTURED = '2026-04-11T07:02:00Z';
const ms = (iso: string) => Date.parse(iso);
const rel = (t: number) => at(EXPIRY, t - ms(EXPIRY));
const iso = (t: number) => new Date(t).toISOString();
const CA_ISSUER: Array<[string, string]> = [[DN.O, 'Example Retail'], [DN.CN, 'Example Retail Mesh Root CA']];
const XDS_WHERE = 'external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193';
const expiredTls = (now: number) =>
  `connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${atSec(EXPIRY, now - ms(EXPIRY))} is after ${EXPIRY}"`;

const files: Record<string, string> = {};
const add = (path: string, body: string) => { files[path] = body; };

// --- the root (cacerts: root-cert.pem = ca-cert.pem) ---
const rootKey = rsaKey(r);
const serial = () => `${(0x10 + Math.floor(r() * 0xe0)).toString(16)}${hex(r, 30)}`;
const rootSerial = serial();
const rootPem = x509Pem({ serial: rootSerial, subject: CA_ISSUER, issuer: CA_ISSUER, notBefore: ROOT_FROM, notAfter: EXPIRY, publicKey: rootKey, signer: rootKey, ca: true });

// --- workloads: two frontend replicas call cart and catalog ---
interface Workload { app: string; pod: string; ip: string; started: string; issuedAt: number; xdsAt: number; calls: string[] }
const rs = (app: string) => `${app}-${hex(r, 9)}`;
const frontendRs = rs('frontend');
const workloads: Workload[] = [
  { app: 'frontend', pod: `${frontendRs}-${podSuffix(r).split('-')[1]}`, ip: '10.8.1.11', started: '2026-04-08T14:20:11Z', issuedAt: ms('2026-04-11T05:36:12.418Z'), xdsAt: ms('2026-04-11T05:31:55.902Z'), calls: ['cart', 'catalog'] },
  { app: 'frontend', pod: `${frontendRs}-${podSuffix(r).split('-')[1]}`, ip: '10.8.2.17', started: '2026-04-08T14:20:13Z', issuedAt: ms('2026-04-11T05:41:50.077Z'), xdsAt: ms('2026-04-11T05:44:10.514Z'), calls: ['cart', 'catalog'] },
  { app: 'cart', pod: `${rs('cart')}-${podSuffix(r).split('-')[1]}`, ip: '10.8.1.23', started: '2026-04-09T09:02:40Z', issuedAt: ms('2026-04-11T05:47:03.661Z'), xdsAt: ms('2026-04-11T05:50:33.240Z'), calls: [] },
  { app: 'catalog', pod: `${rs('catalog')}-${podSuffix(r).split('-')[1]}`, ip: '10.8.2.31', started: '2026-04-09T09:05:12Z', issuedAt: ms('2026-04-11T05:55:40.305Z'), xdsAt: ms('2026-04-11T05:39:21.733Z'), calls: [] },
];
const byApp = (app: string) => workloads.filter((w) => w.app === app);
const clusterIp: Record<string, string> = { frontend: '10.96.12.30', cart: '10.96.12.40', catalog: '10.96.12.50' };
const host = (app: string) => `${app}.shop.svc.cluster.local`;
const outbound: OutboundService[] = ['cart', 'catalog', 'frontend'].map((app) => ({ host: host(app), port: 8080, targetPort: 8080, endpoints: byApp(app).map((w) => w.ip), sa: app }));

/** Inbound access-log lines of cart and catalog, for the calls that still got through. */
const served = new Map<string, Array<[number, string]>>();

const certSpecs = workloads.map((w) => {
  const key = rsaKey(r);
  const leaf = { serial: serial(), notBefore: atSec(EXPIRY, w.issuedAt - 2 * MIN - ms(EXPIRY)), notAfter: atSec(EXPIRY, w.issuedAt + 60 * MIN - ms(EXPIRY)) };
  const pem = x509Pem({ ...leaf, subject: [], issuer: CA_ISSUER, publicKey: key, signer: rootKey, uris: [`spiffe://cluster.local/ns/shop/sa/${w.app}`] });
  return { w, leaf, pem };
});

for (const { w, leaf, pem } of certSpecs) {
  const dir = `proxies/shop/${w.pod}`;
  add(`${dir}/istio-proxy.log`, proxyLog(w).join('\n') + '\n');
  add(`${dir}/config_dump?include_eds`, envoyJson(sidecarConfigDump({
    namespace: 'shop', pod: w.pod, ip: w.ip, app: w.app, sa: w.app, istioVersion: ISTIO, inboundPort: 8080,
    labels: { app: w.app, version: 'v1', 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': w.app, 'service.istio.io/canonical-revision': 'v1' },
    outbound, pushedAt: '2026-04-10T22:13:05.412Z',
    secrets: { default: pem + rootPem, ROOTCA: rootPem, defaultAt: rel(w.issuedAt), rootAt: at(w.started, 1900) },
  })));
  const details = (s: string, from: string, to: string, sans: object[]) => ({ path: '<inline>', serial_number: s, subject_alt_names: sans, days_until_expiration: '0', valid_from: from, expiration_time: to });
  const entry = { ca_cert: [details(rootSerial, ROOT_FROM, EXPIRY, [])], cert_chain: [details(leaf.serial, leaf.notBefore, leaf.notAfter, [{ uri: `spiffe://cluster.local/ns/shop/sa/${w.app}` }])] };
  add(`${dir}/certs`, envoyJson({ certificates: [entry, entry] }));
}

/**
 * One proxy's log from LOG_FROM to capture: certificate issuance and xDS reconnects before the expiry, access
 * logs, then the max-age xDS close that never reconnects and the failed rotation. Retries repeat every few
 * seconds in a real log; here one retry cycle per five minutes is kept.
 */
function proxyLog(w: Workload): string[] {
  const lines: Array<[number, string]> = [];
  const push = (t: number, line: string) => lines.push([t, line]);
  const agent = (t: number, level: string, scope: string | undefined, msg: string) => push(t, agentLine(rel(t), level, scope, msg));
  const envoy = (t: number, msg: string) => push(t, envoyLine(rel(t), 'warning', 'config', XDS_WHERE, msg));
  const end = ms(CAPTURED);
  // certificate issued at issuedAt; xDS reconnected every ~30 min until the root expired
  agent(w.issuedAt - 40, 'info', 'ads', 'XDS: Incremental Pushing ConnectedEndpoints:2 Version:');
  agent(w.issuedAt, 'info', 'cache', `generated new workload certificate\tlatency=${(40 + r() * 60).toFixed(6)}ms ttl=59m59.${String(Math.floor(r() * 1e9)).padStart(9, '0')}s`);
  for (let t = w.xdsAt; t >= ms(LOG_FROM); t -= 30 * MIN + 41_000) agent(t, 'info', 'xdsproxy', 'connected to upstream XDS server: istiod.istio-system.svc:15012');
  const close = w.xdsAt + 30 * MIN + 2_130;
  envoy(close, `StreamAggregatedResources gRPC config stream to xds-grpc closed since ${Math.round((close - ms(w.started)) / 1000)}s ago: 14, closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR, debug data: "max_age"`);
  for (let t = close + 31_000; t < end; t += 5 * MIN + Math.floor(r() * 20_000)) envoy(t, `StreamAggregatedResources gRPC config stream to xds-grpc closed since ${Math.round((t - close) / 1000)}s ago: 14, ${expiredTls(t)}`);
  // rotation at half the lifetime, after the expiry: five CA attempts, CSR failure, SDS stream error, again and again
  for (let t = w.issuedAt + 31 * MIN + 4_000; t < end - 10_000; t += 5 * MIN + Math.floor(r() * 20_000)) {
    let delay = 90 + r() * 20;
    let when = t;
    for (let n = 1; n <= 5; n++) {
      agent(when, 'warn', 'ca', `ca request failed, starting attempt ${n} in ${delay.toFixed(6)}ms`);
      when += Math.round(delay) + 12;
      delay = delay * 2 + r() * 5;
    }
    agent(when, 'error', 'citadelclient', `failed to sign CSR: create certificate: rpc error: code = Unavailable desc = ${expiredTls(when)}`);
    envoy(when + 3, `StreamSecrets gRPC config stream to sds-grpc closed: 2, failed to generate secret for default: create certificate: rpc error: code = Unavailable desc = ${expiredTls(when)}`);
  }
  for (const line of [...accessLogs(w), ...(served.get(w.pod) ?? [])]) push(line[0], line[1]);
  return lines.sort((a, b) => a[0] - b[0]).map((l) => l[1]);
}

/** Light synthetic traffic (staging, Saturday morning): a check about once a minute per frontend pod fans out to cart and catalog. */
function accessLogs(w: Workload): Array<[number, string]> {
  if (w.app !== 'frontend') return [];
  const out: Array<[number, string]> = [];
  const firstFailure = ms('2026-04-11T06:04:17.311Z') + (w.ip.endsWith('17') ? 51_000 : 0);
  for (let t = ms(LOG_FROM) + Math.floor(r() * 20_000); t < ms(CAPTURED) - 2_000; t += 55_000 + Math.floor(r() * 10_000)) {
    const id = uuid(r);
    const failing = t >= firstFailure;
    let dur = 0;
    for (const app of w.calls) {
      const target = byApp(app)[0];
      const time = iso(t + 3 + dur);
      const base = { method: 'GET', path: app === 'cart' ? '/api/cart/items' : '/api/catalog/featured', userAgent: 'Go-http-client/1.1', requestId: id, authority: `${app}:8080`,
        cluster: `outbound|8080||${host(app)}`, downstreamLocal: `${clusterIp[app]}:8080`, downstreamRemote: `${w.ip}:${40000 + Math.floor(r() * 20000)}`, route: 'default', time };
      if (failing) {
        const reason = 'TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end';
        out.push([t + 3 + dur, accessLine({ ...base, code: 503, flags: 'URX,UF', details: `upstream_reset_before_response_started{remote_connection_failure|${reason}}`, transportFailure: reason,
          bytesIn: 0, bytesOut: 190, duration: 38 + Math.floor(r() * 9), upstreamHost: `${target.ip}:8080`, upstreamLocal: '-' })]);
        dur += 45;
      } else {
        const d = 4 + Math.floor(r() * 9);
        const bytesOut = 300 + Math.floor(r() * 900);
        const local = `${w.ip}:${50000 + Math.floor(r() * 9000)}`;
        out.push([t + 3 + dur, accessLine({ ...base, code: 200, flags: '-', details: 'via_upstream', bytesIn: 0, bytesOut, duration: d, upstreamMs: d - 1,
          upstreamHost: `${target.ip}:8080`, upstreamLocal: local, sni: `outbound_.8080_._.${host(app)}` })]);
        served.set(target.pod, [...(served.get(target.pod) ?? []), [t + 3 + dur + d - 1, accessLine({ ...base, time: iso(t + 4 + dur), code: 200, flags: '-', details: 'via_upstream', bytesIn: 0, bytesOut,
          duration: d - 2, upstreamMs: d - 3, upstreamHost: `${target.ip}:8080`, cluster: 'inbound|8080||', upstreamLocal: `127.0.0.6:${33000 + Math.floor(r() * 9000)}`,
          downstreamLocal: `${target.ip}:8080`, downstreamRemote: local, sni: `outbound_.8080_._.${host(app)}` })]]);
        dur += d;
      }
    }
    out.push([t + dur + 6, accessLine({ time: iso(t), method: 'GET', path: '/', code: failing ? 500 : 200, flags: '-', details: 'via_upstream', bytesIn: 0, bytesOut: failing ? 21 : 5120, duration: dur + 6, upstreamMs: dur + 5,
      userAgent: 'synthetic-checker/2.3', requestId: id, authority: 'shop.staging.example.com', upstreamHost: `${w.ip}:8080`, cluster: 'inbound|8080||', upstreamLocal: '127.0.0.6:' + (33000 + Math.floor(r() * 9000)),
      downstreamLocal: `${w.ip}:8080`, downstreamRemote: `10.8.0.${40 + Math.floor(r() * 9)}:${50000 + Math.floor(r() * 9000)}`, route: 'default' })]);
  }
  return out;
}

// --- istiod: serves xDS until each max-age close, then only sees failed handshakes ---
const istiod = `istiod-${hex(r, 9)}-${podSuffix(r).split('-')[1]}`;
const discovery: Array<[number, string]> = [];
for (const w of workloads) {
  for (let t = w.xdsAt; t >= ms(LOG_FROM); t -= 30 * MIN + 41_000) {
    discovery.push([t - 900, agentLine(rel(t - 900), 'info', 'ads', `ADS: "${w.ip}:${40000 + Math.floor(r() * 9000)}" ${w.pod}.shop-${200 + Math.floor(r() * 50)} terminated`)]);
    discovery.push([t + 80, agentLine(rel(t + 80), 'info', 'ads', `ADS: new connection for node:${w.pod}.shop-${250 + Math.floor(r() * 50)}`)]);
    discovery.push([t + 81, agentLine(rel(t + 81), 'info', 'ads', `CDS: PUSH request for node:${w.pod}.shop resources:14 size:18.2kB cached:12/13`)]);
  }
  const close = w.xdsAt + 30 * MIN + 2_000;
  discovery.push([close, agentLine(rel(close), 'info', 'ads', `ADS: "${w.ip}:${40000 + Math.floor(r() * 9000)}" ${w.pod}.shop-${300 + Math.floor(r() * 50)} terminated`)]);
  for (let t = close + 31_500; t < ms(CAPTURED); t += 5 * MIN + Math.floor(r() * 20_000)) {
    discovery.push([t, agentLine(rel(t), 'warn', 'grpc', `grpc: Server.Serve failed to complete security handshake from "${w.ip}:${40000 + Math.floor(r() * 9000)}": remote error: tls: bad certificate`)]);
  }
}
// the newest line of the bundle: a proxy still trying to reconnect at capture time
discovery.push([ms(CAPTURED), agentLine(CAPTURED, 'warn', 'grpc', `grpc: Server.Serve failed to complete security handshake from "${workloads[0].ip}:${40000 + Math.floor(r() * 9000)}": remote error: tls: bad certificate`)]);
add(`istio/istio-system/${istiod}/discovery.log`, discovery.sort((a, b) => a[0] - b[0]).map((l) => l[1]).join('\n') + '\n');

// --- cluster state ---
function pod(ns: string, name: string, labels: Record<string, string>, created: string, ip: string, containers: Array<{ name: string; image: string }>, sidecar: boolean): object {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: ns, labels, creationTimestamp: created, uid: uuid(r),
      ...(sidecar ? { annotations: { 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"revision":"default"}' } } : {}) },
    spec: { serviceAccountName: labels.app, containers: containers.map((c) => ({ ...c, ...(c.name === 'istio-proxy' ? { resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } } } : { ports: [{ containerPort: 8080, protocol: 'TCP' }] }) })),
      ...(sidecar ? { initContainers: [{ name: 'istio-init', image: PROXY_IMAGE }] } : {}) },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: containers.map((c) => containerStatus({ ...c, ready: true, restartCount: 0, running: { startedAt: atSec(created, 4000) } })) },
  };
}
const pods = [
  ...workloads.map((w) => pod('shop', w.pod, { app: w.app, version: 'v1', 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': w.app }, w.started, w.ip,
    [{ name: w.app, image: `registry.example.com/shop/${w.app}:3.8.1` }, { name: 'istio-proxy', image: PROXY_IMAGE }], true)),
  pod('istio-system', istiod, { app: 'istiod', istio: 'pilot' }, '2026-04-02T10:11:47Z', '10.8.0.12', [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}` }], false),
];
const meshConfig = 'accessLogFile: /dev/stdout\ndefaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\n  proxyMetadata:\n    SECRET_TTL: 1h\ntrustDomain: cluster.local\n';
const service = (ns: string, name: string, ip: string, ports: object[], selector: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { clusterIP: ip, selector, ports } });
const resources = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${ISTIO}`, volumeMounts: [{ name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true }] }],
      volumes: [{ name: 'cacerts', secret: { secretName: 'cacerts', optional: true } }] } } }, status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } },
  ...['frontend', 'cart', 'catalog'].map((app) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: 'shop', labels: { app } },
    spec: { replicas: byApp(app).length, selector: { matchLabels: { app } }, template: { metadata: { labels: { app, version: 'v1' } }, spec: { serviceAccountName: app, containers: [{ name: app, image: `registry.example.com/shop/${app}:3.8.1`, ports: [{ containerPort: 8080 }] }] } } },
    status: { replicas: byApp(app).length, readyReplicas: byApp(app).length, availableReplicas: byApp(app).length } })),
  service('istio-system', 'istiod', '10.96.0.40', [{ name: 'grpc-xds', port: 15012, targetPort: 15012 }, { name: 'https-webhook', port: 443, targetPort: 15017 }], { app: 'istiod' }),
  ...['frontend', 'cart', 'catalog'].map((app) => service('shop', app, clusterIp[app], [{ name: 'http', port: 8080, targetPort: 8080 }], { app })),
  ...['frontend', 'cart', 'catalog'].map((app) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: app, namespace: 'shop' },
    subsets: [{ addresses: byApp(app).map((w) => ({ ip: w.ip, targetRef: { kind: 'Pod', name: w.pod, namespace: 'shop' } })), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }] })),
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: meshConfig } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-ca-root-cert', namespace: 'shop', labels: { 'istio.io/config': 'true' } }, data: { 'root-cert.pem': rootPem } },
];
add('cluster/k8s-resources', yamlList(resources));
add('cluster/pods', yamlList(pods));
add('cluster/crs', yamlList([]));
add('cluster/nodes', yamlList([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'staging-pool-1-b7c2', labels: { 'kubernetes.io/os': 'linux' } }, status: { nodeInfo: { kubeletVersion: 'v1.30.5' } } }]));
const job = `db-backup-${29598420 + 60}`;
add('cluster/events', eventsTable(CAPTURED, [
  { namespace: 'ops', type: 'Normal', reason: 'SuccessfulCreate', object: 'cronjob/db-backup', source: 'cronjob-controller', message: `Created job ${job}`, firstSeenMs: ms('2026-04-11T07:00:00Z'), lastSeenMs: ms('2026-04-11T07:00:00Z'), count: 1, name: `db-backup.${hex(r, 16)}` },
  { namespace: 'ops', type: 'Normal', reason: 'Completed', object: `job/${job}`, source: 'job-controller', message: 'Job completed', firstSeenMs: ms('2026-04-11T07:00:41Z'), lastSeenMs: ms('2026-04-11T07:00:41Z'), count: 1, name: `${job}.${hex(r, 16)}` },
]));
add('cluster/secrets', 'NAMESPACE      NAME                     TYPE                                  DATA   AGE\nistio-system   cacerts                  Opaque                                4      365d\nistio-system   istio-reader-token       kubernetes.io/service-account-token   3      365d\nshop           registry-pull            kubernetes.io/dockerconfigjson        1      200d\n');
add('cluster/cluster-context', 'staging-eu-1\n');
add('cluster/kubectl-version', 'Client Version: v1.30.2\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\nServer Version: v1.30.5\n');
add('versions', versionsFile(ISTIO));
add('bug-report.log', [agentLine(at(CAPTURED, -1000), 'info', undefined, 'STARTING kubectl config current-context'), agentLine(CAPTURED, 'info', undefined, 'Done collecting cluster resource\truntime=0.9s')].join('\n') + '\n');
add('analyze/allNamespaces/allNamespaces', '\u2714 No validation issues found when analyzing all namespaces.\n');

const root = join(fileURLToPath(new URL('../cert-expired/', import.meta.url)), 'bug-report');
writeTree(root, files);
console.log(`wrote ${Object.keys(files).length} files to ${root} (root ${rootSerial} expired ${EXPIRY}; ${workloads.length} workload certificates expired by ${CAPTURED})`);

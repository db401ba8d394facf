/**
 * root-cert-mismatch on the Sep 2023 archive (Istio 1.20-dev at istio/istio bde2b4a, istiod's own self-signed root
 * O=cluster.local serial b4e590a5…, 24 h workload certificates rotated every 12 h, last rotations around 02:00).
 *
 * A new CA root replaces the old one while workloads keep running: istiod restarted with another CA signs every
 * new certificate under the new root and publishes it (the `istio-ca-root-cert` ConfigMaps, its webhooks'
 * caBundle), but a running sidecar keeps the workload certificate and the ROOTCA trust bundle its agent got at the
 * last rotation until the next one (the agent's secret cache takes the root from the CSR response), so old and new
 * pods trust different roots and mTLS between them fails until every pod is restarted (Istio docs "Plug in CA
 * certificates": restart all workloads after changing the root; `xds_proxy.go` counts exactly this case: "forgot to
 * restart ingressgateway or sidecar after changing root CA").
 *
 * How it shows:
 * - istiod's start-up (`pilot/pkg/bootstrap/istio_ca.go`, `certcontroller.go`, `security/pkg/pki/ca/ca.go` at
 *   bde2b4a): a plug-in CA logs `Use local CA certificate`, `Added cacerts files watcher at ./etc/cacerts`,
 *   `Use plugged-in cert at etc/cacerts/ca-key.pem` and one `x509 cert - Issuer: …` line per certificate of its
 *   serving chain; with `istio-ca-secret` gone the self-signed path logs `CASecret istio-ca-secret not found, will
 *   create one called cacerts` and `Using self-generated public key: <PEM>` and writes the new root into a
 *   `cacerts` secret (type istio.io/ca-root, six keys with `istio-generated`).
 * - old proxies reconnecting to the new istiod fail its serving certificate until kubelet refreshes their mounted
 *   `istio-ca-root-cert` (the agent watches root-cert.pem and rebuilds its dial options, `agent.go`): Envoy's
 *   `StreamAggregatedResources gRPC config stream to xds-grpc closed since Ns ago: 14, connection error: desc =
 *   "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by
 *   unknown authority"` (Go 1.21 wording; a same-named old root adds `(possibly because of \"crypto/rsa:
 *   verification error\" while trying to verify candidate authority certificate \"cluster.local\")`, as in
 *   istio/istio#26731 and higress-group/higress#2256 with Envoy 1.27's source path), written only once a stream has
 *   failed for more than 30 s (Envoy `grpc_stream.h`).
 * - different root serials in the proxies' `certs` and SDS ROOTCA; calls from a new pod to an old one (or the
 *   reverse) fail the handshake at the client: `503 UF,URX … TLS_error:_268435581:SSL_routines:OPENSSL_internal:
 *   CERTIFICATE_VERIFY_FAILED` (Envoy 1.27 wording, see certs.ts).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { DN } from '../../samples/generators/lib.js';
import { MINUTE, SECOND, addMs, humanDuration, rfc3339 } from '../lib/time.js';
import { istioLine } from '../lib/logs.js';
import { enableAccessLogs } from '../lib/traffic.js';
import { adsClosed } from '../lib/xds.js';
import { podIP, rollout } from '../lib/workload.js';
import { secretRow, removeSecretRow } from '../lib/secrets.js';
import { L, caCert, dnsCert, goName, reissue, throwawayKey, type Cert } from '../lib/certs.js';
import { lineTime, publishRoot, replaceIstiod, writeIstiodRun } from '../lib/istiod.js';
import { bookinfo, failingCalls, peer, PRODUCTPAGE_UA, type Peer } from './common.js';
import { VERIFY_FAILED } from './certs.js';

const YEAR_DAYS = 3650 * 24 * 3_600_000;
const handshake = (hint: string): string =>
  `connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority${hint}"`;

/** A PEM as a zap message prints it: its lines follow the log line, then an empty line (the PEM's own newline). */
const pemLines = (pem: string): string[] => pem.replace(/\n$/, '').split('\n');

/**
 * The CA set-up lines of the new istiod, built from the archive's own (re-timed) block: `kind` is the new CA,
 * `serving` istiod's new serving chain (leaf first). Lines keep their re-timed timestamps.
 */
function caSetup(b: Bundle, kind: 'plugged' | 'self-signed', root: Cert, serving: Cert[]): (block: string[], at: Date) => string[] {
  // The rotator's first run is jittered within its 1 h check interval; both of its lines name the same wait.
  const jitter = `${b.r.int(1, 59)}m${b.r.int(0, 59)}s`;
  return (block) => {
    const out: string[] = [];
    const ts = (l: string): string => l.slice(0, l.indexOf('\t'));
    for (let i = 0; i < block.length; i++) {
      const l = block[i]!;
      const msg = l.split('\t').slice(2).join('\t');
      // Multi-line PEM bodies of the old messages are replaced with their message.
      if (!lineTime(l)) continue;
      if (msg === 'Use self-signed certificate as the CA certificate' && kind === 'plugged') {
        out.push(`${ts(l)}\tinfo\tUse local CA certificate`, istioLine(addMs(lineTime(l)!, 1), b.r, 'info', undefined, 'Added cacerts files watcher at ./etc/cacerts').text);
      } else if (msg.startsWith('pkica\t')) {
        if (kind === 'plugged') continue;
        if (msg.includes('Load signing key and cert from existing secret')) out.push(`${ts(l)}\tinfo\tpkica\tCASecret istio-ca-secret not found, will create one called cacerts`);
        else if (msg.includes('Set secret name for self-signed CA cert rotator to')) out.push(`${ts(l)}\tinfo\tpkica\tSet secret name for self-signed CA cert rotator to cacerts`);
        else if (msg.startsWith('pkica\tUsing existing public key: ')) {
          const [first, ...rest] = pemLines(root.pem);
          out.push(`${ts(l)}\tinfo\tpkica\tUsing self-generated public key: ${first}`, ...rest, '');
        } else out.push(l);
      } else if (msg.startsWith('rootcertrotator\t')) {
        if (kind === 'plugged') continue;
        out.push(l.replace(/\d+m\d+s/, jitter));
      } else if (msg.startsWith('Generating istiod-signed cert for ')) {
        const [first, ...rest] = serving.flatMap((c) => pemLines(c.pem));
        out.push(l, ` ${first}`, ...rest, '');
      } else if (msg.startsWith('No plugged-in cert at ') && kind === 'plugged') {
        out.push(`${ts(l)}\tinfo\tUse plugged-in cert at etc/cacerts/ca-key.pem`);
      } else if (msg.startsWith('x509 cert - Issuer: ')) {
        const issuerOf = (k: number): Cert => (k + 1 < serving.length ? serving[k + 1]! : root);
        for (const [k, c] of serving.entries()) {
          out.push(`${ts(l)}\tinfo\tx509 cert - Issuer: "${goName(issuerOf(k).subject)}", Subject: "${goName(c.subject)}", SN: ${c.serial}, NotBefore: "${rfc3339(c.notBefore)}", NotAfter: "${rfc3339(c.notAfter)}"`);
        }
      } else out.push(l);
    }
    return out;
  };
}

/** Old proxies: the ADS handshake fails until kubelet refreshes their root-cert.pem (5–95 s after the new root was published). */
function reconnectAfterRootRefresh(b: Bundle, stopped: Date, reason: string): (p: K8sObject) => Date {
  return (p) => {
    const back = addMs(stopped, b.r.int(5, 95) * SECOND + b.r.int(0, 999));
    adsClosed(b, p, addMs(stopped, b.r.int(20, 400)), reason, back);
    return back;
  };
}

/** A restarted pod's workload certificate from the new CA, issued when its agent started. */
function newCert(b: Bundle, p: K8sObject, issuer: Cert, chain: Cert[]): void {
  const log = b.archive.text(`proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`);
  const gen = log.split('\n').find((l) => l.includes('\tcache\tgenerated new workload certificate'));
  const issuedAt = (gen && lineTime(gen)) || addMs(new Date(p.metadata.creationTimestamp), 2300);
  reissue(b, p, { spiffe: `spiffe://cluster.local/ns/${p.metadata.namespace}/sa/${p.spec.serviceAccountName}`, issuedAt, issuer, chain, leafKey: throwawayKey(b) });
}

const restart = (b: Bundle, ns: string, deployment: string, at: Date): K8sObject =>
  rollout(b, ns, deployment, { at, create: true, replaceOld: true, restartedAt: true, change: () => {} }).newPods[0]!;

export const rootCertMismatch: Variant[] = [
  {
    name: 'root-cert-mismatch/sep-plugged-cacerts-productpage-restarted',
    cause: 'root-cert-mismatch',
    archive: 'sep2023',
    how: 'a plug-in CA (`cacerts`: Root CA → Intermediate CA, Istio tools layout) created 52 min ago and istiod rolled out 47 min ago; old proxies fail the ADS handshake (x509 unknown authority) until kubelet refreshes their root; productpage restarted 31 min ago gets a new-root certificate, its calls to details and reviews (old root) fail CERTIFICATE_VERIFY_FAILED; access logs on for the last 19 min',
    build(b) {
      secretRow(b, 'istio-system', 'cacerts', 'Opaque', 4, humanDuration(b.eventsPrintedAt.getTime() - b.ago(52 * MINUTE).getTime()));
      const made = b.ago(b.r.int(70, 95) * MINUTE);
      const root = caCert(b, { key: throwawayKey(b), subject: [[DN.O, 'Istio'], [DN.CN, 'Root CA']], notBefore: made, years: 10 });
      const inter = caCert(b, { key: throwawayKey(b), subject: [[DN.O, 'Istio'], [DN.CN, 'Intermediate CA'], [L, 'cluster1']], notBefore: addMs(made, 2 * SECOND), years: 2, issuer: root });
      const r = replaceIstiod(b, b.ago(47 * MINUTE), 'rollout');
      const istiodCert = dnsCert(b, { names: ['', 'istio-pilot.istio-system.svc', 'istiod-remote.istio-system.svc', 'istiod.istio-system.svc'], issuedAt: addMs(r.started, 70), ttlMs: YEAR_DAYS, key: throwawayKey(b), issuer: inter });
      publishRoot(b, root.pem);
      const p = bookinfo(b);
      const pp = restart(b, 'default', 'productpage-v1', b.ago(31 * MINUTE));
      newCert(b, pp, inter, [inter, root]);
      writeIstiodRun(b, r, {
        caSetup: caSetup(b, 'plugged', root, [istiodCert, inter, root]),
        rotator: false,
        reconnect: reconnectAfterRootRefresh(b, r.stopped, handshake('')),
        citadel: { rootNotAfter: root.notAfter, chainNotAfter: inter.notAfter, csrs: 1 },
      });
      const logsOn = b.ago(19 * MINUTE);
      enableAccessLogs(b, logsOn);
      const client: Peer = { ...p.productpage, pod: pp };
      const from = addMs(new Date(pp.metadata.creationTimestamp), 25 * SECOND);
      const reviews = [p.reviewsV1, p.reviewsV2, p.reviewsV3];
      for (const [server, path, rate] of [[p.details, '/details/0', 9], [p.reviewsV1, '/reviews/0', 9]] as const) {
        const service = server.app;
        const call = { perMinute: rate, path, userAgent: PRODUCTPAGE_UA, service, port: 9080, code: 503, flags: 'UF,URX', details: VERIFY_FAILED.details, transportFailure: VERIFY_FAILED.transport, upstreamHost: () => `${podIP(service === 'reviews' ? b.r.pick(reviews).pod : server.pod)}:9080`, durationMs: () => b.r.int(3, 14), bytesOut: VERIFY_FAILED.body.length };
        failingCalls(b, client, server, { ...call, from, to: logsOn, accessLogs: false });
        failingCalls(b, client, server, { ...call, from: addMs(logsOn, 20 * SECOND), to: b.ago(3 * SECOND), accessLogs: true });
      }
    },
  },
  {
    name: 'root-cert-mismatch/sep-ca-secret-deleted-new-self-signed-root',
    cause: 'root-cert-mismatch',
    archive: 'sep2023',
    how: '`istio-ca-secret` deleted and the istiod pod deleted 71 min ago: the new istiod generates a new self-signed O=cluster.local root (stored as `cacerts`); old proxies fail the ADS handshake ("candidate authority certificate \\"cluster.local\\"") until kubelet refreshes their root; default/httpbin and the test namespace restarted 38 min ago get new-root certificates; the Gateway API gateway (old root) → default/httpbin fails CERTIFICATE_VERIFY_FAILED (istio_requests_total only, access logs off)',
    build(b) {
      const at = b.ago(71 * MINUTE);
      removeSecretRow(b, 'istio-system', 'istio-ca-secret');
      const r = replaceIstiod(b, at, 'deleted');
      const root = caCert(b, { key: throwawayKey(b), subject: [[DN.O, 'cluster.local']], notBefore: addMs(r.started, -2 * MINUTE + 40), years: 10 });
      secretRow(b, 'istio-system', 'cacerts', 'istio.io/ca-root', 6, humanDuration(b.eventsPrintedAt.getTime() - addMs(r.started, 40).getTime()));
      const istiodCert = dnsCert(b, { names: ['', 'istio-pilot.istio-system.svc', 'istiod-remote.istio-system.svc', 'istiod.istio-system.svc'], issuedAt: addMs(r.started, 110), ttlMs: YEAR_DAYS, key: throwawayKey(b), issuer: root });
      publishRoot(b, root.pem);
      const later = b.ago(38 * MINUTE);
      const restarted = [restart(b, 'default', 'httpbin', later), restart(b, 'test', 'sleep', addMs(later, 4 * SECOND)), restart(b, 'test', 'httpbin', addMs(later, 7 * SECOND))];
      for (const p of restarted) newCert(b, p, root, [root]);
      writeIstiodRun(b, r, {
        caSetup: caSetup(b, 'self-signed', root, [istiodCert]),
        rotator: true,
        reconnect: reconnectAfterRootRefresh(b, r.stopped, handshake(' (possibly because of \\"crypto/rsa: verification error\\" while trying to verify candidate authority certificate \\"cluster.local\\")')),
        citadel: { rootNotAfter: root.notAfter, csrs: restarted.length },
      });
      const gw = peer(b, 'istio-ingress', 'gateway-istio-', { workload: 'gateway-istio', app: 'gateway-istio', sa: 'gateway-istio' });
      const httpbin: Peer = { pod: restarted[0]!, workload: 'httpbin', app: 'httpbin', sa: 'httpbin', version: 'v1' };
      failingCalls(b, gw, httpbin, {
        from: addMs(new Date(restarted[0]!.metadata.creationTimestamp), 20 * SECOND), to: b.ago(2 * SECOND), perMinute: 6, path: '/get', userAgent: 'curl/8.1.2', service: 'httpbin', port: 8000,
        code: 503, flags: 'UF,URX', details: VERIFY_FAILED.details, transportFailure: VERIFY_FAILED.transport, upstreamHost: () => `${podIP(restarted[0]!)}:80`, durationMs: () => b.r.int(3, 12), bytesOut: VERIFY_FAILED.body.length, accessLogs: false,
      });
    },
  },
];

/**
 * Certificate faults on the Sep 2023 archive (Istio 1.20-dev, Envoy 1.27, istiod's own self-signed root
 * serial b4e590a5…, 24 h workload certificates rotated every 12 h).
 *
 * workload-cert-expired: a sidecar whose Envoy never took the rotated certificate and keeps serving the one the
 * agent issued a day earlier, past its NotAfter (the shape of istio/istio#39985 "Istio listening on stale
 * certificates even after new certificates are available": agent logs `generated new workload certificate`, the
 * `certs` dump still shows the old serial with `days_until_expiration: "0"`; also #28050, #60689). Peers then fail
 * the handshake: the side verifying the expired certificate reports BoringSSL `268435581:SSL
 * routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED`, the side presenting it receives the alert
 * `268436501:…:SSLV3_ALERT_CERTIFICATE_EXPIRED` (openservicemesh/osm#661 shows both faces, istio/istio#46619 the
 * 268436501 local reply). Envoy 1.27 writes them in the pre-1.29 form `TLS error: <code>:SSL routines:…` (the
 * `TLS_error:|…:TLS_error_end` form came with the `ssl_transport_failure_reason_format` runtime guard later), with
 * spaces made `_` in `%RESPONSE_CODE_DETAILS%` and `%UPSTREAM_TRANSPORT_FAILURE_REASON%`. Istio's default retry
 * policy retries connect failures twice, so the client's line carries `UF,URX`.
 *
 * The expired leaf is a new certificate with the archive's real root as issuer and authority key id; only a
 * throwaway key can sign it (the real root key is not in the bundle), so its signature does not verify against
 * that root. The leaf key is never written; the dump's private key stays `[redacted]`.
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import { MINUTE, SECOND, addMs } from '../lib/time.js';
import { enableAccessLogs } from '../lib/traffic.js';
import { bookinfo, failingCalls, PRODUCTPAGE_UA, type Peer } from './common.js';
import { podIP } from '../lib/workload.js';
import { currentLeafSerial, publicKeyBits, sdsPems, setCertsEntry, setDaysUntilFirstCertExpiring, setSdsSecret, throwawayKey, workloadCert } from '../lib/certs.js';

const RESET = 'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: ';
const tlsFailure = (code: string) => ({
  details: `upstream_reset_before_response_started{connection_failure,TLS_error:_${code.replace(/ /g, '_')}}`,
  transport: `TLS_error:_${code.replace(/ /g, '_')}`,
  body: `${RESET}connection failure, transport failure reason: TLS error: ${code}`,
});
export const VERIFY_FAILED = tlsFailure('268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED');
const ALERT_EXPIRED = tlsFailure('268436501:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED');
const DAY = 24 * 60 * MINUTE;

/**
 * Put back into `p`'s Envoy the certificate its agent issued at `issuedAt` (the rotation before the last two,
 * whose `generated new workload certificate` lines stay in the log): new leaf in the SDS `default` secret and in
 * every `/certs` entry, `last_updated` at issue time, days-until-expiry gauge 0. Returns its NotAfter.
 */
function keepStaleCert(b: Bundle, p: Peer, issuedAt: Date): Date {
  const [, rootPem] = sdsPems(b, p.pod, 'default');
  if (!rootPem) throw new Error(`${p.pod.metadata.name}: no root in the SDS default secret`);
  const key = throwawayKey(b);
  const spiffe = `spiffe://cluster.local/ns/${p.pod.metadata.namespace}/sa/${p.sa}`;
  const leaf = workloadCert(b, { spiffe, issuedAt, ttlMs: DAY, key, signer: key, issuerKeyBits: publicKeyBits(rootPem) });
  const old = currentLeafSerial(b, p.pod);
  if (setCertsEntry(b, p.pod, old, leaf) === 0) throw new Error(`${p.pod.metadata.name}: leaf ${old} not in certs`);
  setSdsSecret(b, p.pod, 'default', [leaf.pem, rootPem], addMs(issuedAt, b.r.int(100, 180)));
  setDaysUntilFirstCertExpiring(b, p.pod, 0);
  return leaf.notAfter;
}

/** The agent's rotation times in `p`'s log (`generated new workload certificate`), oldest first. */
function rotations(b: Bundle, p: Peer): Date[] {
  const log = b.archive.text(`proxies/${p.pod.metadata.namespace}/${p.pod.metadata.name}/istio-proxy.log`);
  return [...log.matchAll(/^(\S+)\tinfo\tcache\tgenerated new workload certificate/gm)].map((m) => new Date(m[1]!));
}

export const workloadCertExpired: Variant[] = [
  {
    name: 'workload-cert-expired/sep-details-stale-sds-cert',
    cause: 'workload-cert-expired',
    archive: 'sep2023',
    how: "details' Envoy kept the workload cert of Sep 5 02:11 (agent rotated at 14:11 and 02:11, Envoy never took them): expired 02:11:06, 7 h before capture; productpage→details 503 UF,URX CERTIFICATE_VERIFY_FAILED; access logs on for the last 38 min",
    build(b) {
      const p = bookinfo(b);
      const rot = rotations(b, p.details);
      const issued = rot[rot.length - 3]!;
      const expired = keepStaleCert(b, p.details, issued);
      const logsOn = b.ago(38 * MINUTE);
      enableAccessLogs(b, logsOn);
      const call = { perMinute: 9, path: '/details/0', userAgent: PRODUCTPAGE_UA, service: 'details', port: 9080, code: 503, flags: 'UF,URX', details: VERIFY_FAILED.details, transportFailure: VERIFY_FAILED.transport, upstreamHost: () => `${podIP(p.details.pod)}:9080`, durationMs: () => b.r.int(3, 12), bytesOut: VERIFY_FAILED.body.length };
      failingCalls(b, p.productpage, p.details, { ...call, from: addMs(expired, 2 * SECOND), to: logsOn, accessLogs: false });
      failingCalls(b, p.productpage, p.details, { ...call, from: addMs(logsOn, 20 * SECOND), to: b.ago(2 * SECOND), accessLogs: true });
    },
  },
  {
    name: 'workload-cert-expired/sep-reviews-v2-stale-sds-cert',
    cause: 'workload-cert-expired',
    archive: 'sep2023',
    how: "reviews-v2's Envoy kept the workload cert of Sep 5 01:57 (two rotations never taken): expired 01:57:14; ratings rejects it (reviews-v2→ratings 503 UF,URX SSLV3_ALERT_CERTIFICATE_EXPIRED); productpage's attempts landing on v2 fail CERTIFICATE_VERIFY_FAILED but Istio's retry to another host hides them; access logs on for the last 51 min",
    build(b) {
      const p = bookinfo(b);
      const rot = rotations(b, p.reviewsV2);
      const expired = keepStaleCert(b, p.reviewsV2, rot[rot.length - 3]!);
      const logsOn = b.ago(51 * MINUTE);
      enableAccessLogs(b, logsOn);
      const ratings = { perMinute: 3, path: '/ratings/0', userAgent: 'Apache-CXF/3.1.18', service: 'ratings', port: 9080, code: 503, flags: 'UF,URX', details: ALERT_EXPIRED.details, transportFailure: ALERT_EXPIRED.transport, upstreamHost: () => `${podIP(p.ratings.pod)}:9080`, durationMs: () => b.r.int(4, 15), bytesOut: ALERT_EXPIRED.body.length };
      failingCalls(b, p.reviewsV2, p.ratings, { ...ratings, from: addMs(expired, 5 * SECOND), to: logsOn, accessLogs: false });
      failingCalls(b, p.reviewsV2, p.ratings, { ...ratings, from: addMs(logsOn, 30 * SECOND), to: b.ago(4 * SECOND), accessLogs: true });
    },
  },
];

/**
 * Security-policy faults on the Sep 2023 archive: authz-denied (Envoy RBAC filter: `403`,
 * `rbac_access_denied_matched_policy[none]` for an ALLOW policy nothing matches, `[ns[NS]-policy[NAME]-rule[N]]`
 * for a matching DENY; body "RBAC: access denied"; envoy `source/extensions/filters/http/rbac/rbac_filter.cc`,
 * Istio's policy naming in `pilot/pkg/security/authz/builder`), mtls-mode-conflict (STRICT PeerAuthentication:
 * plaintext reaching the sidecar's `virtualInbound` finds no filter chain, `"- - -" 0 NR filter_chain_not_found`;
 * Istio docs "PeerAuthentication" and "mTLS migration"; the plaintext client's face is `503 UC
 * upstream_reset_before_response_started{connection_termination}` with the 95-byte body "… reset reason:
 * connection termination", both faces re-checked against public istio-proxy logs of a DR DISABLE → STRICT server), network-policy-blocking (a NetworkPolicy dropping the
 * proxies' egress to istiod:15012: Envoy's ADS stream `... closed since Ns ago: 14, connection error: desc =
 * "transport: Error while dialing: dial tcp IP:15012: i/o timeout"`, the same wording as the archive's own past
 * outages, grpc-go `transport: Error while dialing`).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import { CRS_ORDER, K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { MINUTE, SECOND, addMs } from '../lib/time.js';
import { accessLine, envoyLine, type LogLine } from '../lib/logs.js';
import { arrivals, enableAccessLogs, ephemeralPort } from '../lib/traffic.js';
import { bookinfo, failingCalls, peer, serviceIp, CURL_UA, PRODUCTPAGE_UA } from './common.js';
import { pod, podIP } from '../lib/workload.js';

function createCr(b: Bundle, kind: string, apiVersion: string, ns: string, name: string, spec: unknown, at: Date): void {
  b.create(b.crs, { apiVersion, kind, metadata: { name, namespace: ns }, spec }, at, CRS_ORDER);
}

export const authzDenied: Variant[] = [
  {
    name: 'authz-denied/sep-productpage-allow-gateway-only',
    cause: 'authz-denied',
    archive: 'sep2023',
    how: 'ALLOW AuthorizationPolicy on productpage admitting only the ingress gateway principal; sleep→productpage gets 403 rbac_access_denied_matched_policy[none]; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(42 * MINUTE));
      const at = b.ago(19 * MINUTE);
      createCr(b, 'AuthorizationPolicy', 'security.istio.io/v1beta1', 'default', 'productpage-viewer', { selector: { matchLabels: { app: 'productpage' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'] } }], to: [{ operation: { methods: ['GET'] } }] }] }, at);
      const p = bookinfo(b);
      failingCalls(b, p.sleep, p.productpage, { from: addMs(at, 30 * SECOND), to: b.ago(8 * SECOND), perMinute: 6, path: '/productpage', userAgent: CURL_UA, service: 'productpage', port: 9080, code: 403, flags: '-', details: 'via_upstream', upstreamHost: () => `${podIP(p.productpage.pod)}:9080`, durationMs: () => b.r.int(1, 3), bytesOut: 19, accessLogs: true, serverSeen: { code: 403, flags: '-', details: 'rbac_access_denied_matched_policy[none]' } });
    },
  },
  {
    name: 'authz-denied/sep-test-deny-headers',
    cause: 'authz-denied',
    archive: 'sep2023',
    how: 'DENY AuthorizationPolicy in namespace test on httpbin paths /headers*; test/sleep gets 403 matched policy ns[test]-policy[deny-headers]-rule[0] (metrics + server access log)',
    build(b) {
      enableAccessLogs(b, b.ago(25 * MINUTE));
      const at = b.ago(10 * MINUTE);
      createCr(b, 'AuthorizationPolicy', 'security.istio.io/v1beta1', 'test', 'deny-headers', { selector: { matchLabels: { app: 'httpbin' } }, action: 'DENY', rules: [{ to: [{ operation: { paths: ['/headers*'] } }] }] }, at);
      const sleep = peer(b, 'test', 'sleep-', { workload: 'sleep', app: 'sleep', sa: 'sleep' });
      const httpbin = peer(b, 'test', 'httpbin-', { workload: 'httpbin', app: 'httpbin', sa: 'httpbin', version: 'v1' });
      failingCalls(b, sleep, httpbin, { from: addMs(at, 40 * SECOND), to: b.ago(15 * SECOND), perMinute: 3, path: '/headers', userAgent: CURL_UA, service: 'httpbin', port: 8000, code: 403, flags: '-', details: 'via_upstream', upstreamHost: () => `${podIP(httpbin.pod)}:80`, durationMs: () => b.r.int(1, 4), bytesOut: 19, accessLogs: true, serverSeen: { code: 403, flags: '-', details: 'rbac_access_denied_matched_policy[ns[test]-policy[deny-headers]-rule[0]]' } });
    },
  },
];

/** Plaintext TCP connections refused by a STRICT sidecar: its inbound log lines. */
function plaintextRejected(b: Bundle, server: ReturnType<typeof pod>, clientIp: string, port: number, times: Date[]): void {
  const lines: LogLine[] = times.map((at) => accessLine({ at, code: 0, flags: 'NR', details: 'filter_chain_not_found', durationMs: 0, downstreamLocal: `${podIP(server)}:${port}`, downstreamRemote: `${clientIp}:${ephemeralPort(b)}` }));
  b.log(`proxies/${server.metadata.namespace}/${server.metadata.name}/istio-proxy.log`, lines);
}

export const mtlsModeConflict: Variant[] = [
  {
    name: 'mtls-mode-conflict/sep-strict-vs-ambient-caller',
    cause: 'mtls-mode-conflict',
    archive: 'sep2023',
    how: 'STRICT PeerAuthentication in default; ambient/sleep (no sidecar, no ztunnel) keeps calling default/httpbin in plaintext: NR filter_chain_not_found at httpbin; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(38 * MINUTE));
      const at = b.ago(21 * MINUTE);
      createCr(b, 'PeerAuthentication', 'security.istio.io/v1beta1', 'default', 'default', { mtls: { mode: 'STRICT' } }, at);
      const caller = pod(b, 'ambient', 'sleep-');
      const httpbin = bookinfo(b).httpbin.pod;
      plaintextRejected(b, httpbin, podIP(caller), 80, arrivals(b, addMs(at, 20 * SECOND), b.ago(6 * SECOND), 5));
    },
  },
  {
    name: 'mtls-mode-conflict/sep-dr-disable-vs-strict',
    cause: 'mtls-mode-conflict',
    archive: 'sep2023',
    how: 'namespace default STRICT since 3 days; a reviews DR with tls.mode DISABLE applied 9 min ago: productpage sends plaintext, reviews rejects it (NR filter_chain_not_found), productpage gets 503 UC',
    build(b) {
      enableAccessLogs(b, b.ago(30 * MINUTE));
      createCr(b, 'PeerAuthentication', 'security.istio.io/v1beta1', 'default', 'default', { mtls: { mode: 'STRICT' } }, b.ago(3 * 24 * 60 * MINUTE));
      const at = b.ago(9 * MINUTE);
      createCr(b, 'DestinationRule', 'networking.istio.io/v1beta1', 'default', 'reviews', { host: 'reviews', trafficPolicy: { tls: { mode: 'DISABLE' } } }, at);
      const p = bookinfo(b);
      const times = arrivals(b, addMs(at, 5 * SECOND), b.ago(4 * SECOND), 8);
      const reviews = [p.reviewsV1, p.reviewsV2, p.reviewsV3];
      const ip = serviceIp(b, 'default', 'reviews');
      const body = 'upstream connect error or disconnect/reset before headers. reset reason: connection termination';
      const client: LogLine[] = [];
      times.forEach((t, i) => {
        const target = reviews[i % 3]!;
        client.push(accessLine({ at: t, method: 'GET', path: '/reviews/0', code: 503, flags: 'UC', details: 'upstream_reset_before_response_started{connection_termination}', bytesOut: body.length, durationMs: b.r.int(1, 3), userAgent: PRODUCTPAGE_UA, requestId: b.r.hex(8) + '-' + b.r.hex(4) + '-4' + b.r.hex(3) + '-a' + b.r.hex(3) + '-' + b.r.hex(12), authority: 'reviews:9080', upstreamHost: `${podIP(target.pod)}:9080`, upstreamCluster: 'outbound|9080||reviews.default.svc.cluster.local', upstreamLocal: `${podIP(p.productpage.pod)}:${ephemeralPort(b)}`, downstreamLocal: `${ip}:9080`, downstreamRemote: `${podIP(p.productpage.pod)}:${ephemeralPort(b)}`, route: 'default' }));
        plaintextRejected(b, target.pod, podIP(p.productpage.pod), 9080, [addMs(t, 1)]);
      });
      b.log(`proxies/default/${p.productpage.pod.metadata.name}/istio-proxy.log`, client);
    },
  },
];

/** Envoy's ADS stream failing to reach istiod through a policy that drops the packets (i/o timeout), with backoff. */
function xdsTimeouts(b: Bundle, podObj: ReturnType<typeof pod>, from: Date, istiodIp: string): void {
  const lines: LogLine[] = [];
  let t = addMs(from, b.r.int(0, 25 * 60) * SECOND);
  const lastOk = from;
  const thread = b.r.int(12, 20);
  while (t < b.capture) {
    const since = Math.round((t.getTime() - lastOk.getTime()) / 1000);
    lines.push(envoyLine(t, b.r, 'warning', 'config', 'source/extensions/config_subscription/grpc/grpc_stream.h:190', `StreamAggregatedResources gRPC config stream to xds-grpc closed since ${since}s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp ${istiodIp}:15012: i/o timeout"`, thread));
    t = addMs(t, 20 * SECOND + b.r.int(0, 15_000));
  }
  b.log(`proxies/${podObj.metadata.namespace}/${podObj.metadata.name}/istio-proxy.log`, lines);
}

export const networkPolicyBlocking: Variant[] = [
  {
    name: 'network-policy-blocking/sep-test-default-deny-egress',
    cause: 'network-policy-blocking',
    archive: 'sep2023',
    how: 'default-deny egress NetworkPolicy in namespace test (DNS only) applied 34 min ago: test sidecars cannot reach istiod:15012 (i/o timeout) once their xDS connection recycles',
    build(b) {
      const at = b.ago(34 * MINUTE);
      b.create(b.k8s, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-egress', namespace: 'test' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] } }, at, K8S_RESOURCES_ORDER);
      const ip = serviceIp(b, 'istio-system', 'istiod');
      for (const prefix of ['sleep-', 'httpbin-']) xdsTimeouts(b, pod(b, 'test', prefix), at, ip);
    },
  },
  {
    name: 'network-policy-blocking/sep-default-egress-allowlist',
    cause: 'network-policy-blocking',
    archive: 'sep2023',
    how: 'egress allow-list NetworkPolicy in default (only 9080/8000 inside the namespace, DNS) applied 26 min ago: all 8 bookinfo sidecars lose istiod:15012 (i/o timeout)',
    build(b) {
      const at = b.ago(26 * MINUTE);
      b.create(b.k8s, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bookinfo-egress', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }], ports: [{ port: 9080, protocol: 'TCP' }, { port: 80, protocol: 'TCP' }] }, { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] } }, at, K8S_RESOURCES_ORDER);
      const ip = serviceIp(b, 'istio-system', 'istiod');
      for (const p of Object.values(bookinfo(b))) xdsTimeouts(b, p.pod, at, ip);
    },
  },
];

/**
 * Routing and traffic-policy faults on the Sep 2023 archive's bookinfo (Istio 1.20-dev, Envoy 1.27):
 * vs-subset-not-found, destination-host-not-found, connection-pool-overflow, outlier-ejection,
 * retry-timeout-budget, upstream-connect-failure. Each applies the Istio resources as `kubectl apply` leaves
 * them and writes the requests that fail, with Envoy's response flags and `%RESPONSE_CODE_DETAILS%`
 * (envoy `source/common/stream_info/utility.cc`, `source/common/router/router.cc`; local-reply bodies from
 * `source/common/router/router.cc` "upstream connect error or disconnect/reset before headers. reset reason: …",
 * "no healthy upstream", "upstream request timeout"), and the istioctl analyze messages
 * (istio `pkg/config/analysis/msg/messages.yaml`) the bug-report's own analyze run prints for that config.
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import { CRS_ORDER } from '../lib/klist.js';
import { MINUTE, SECOND, addMs } from '../lib/time.js';
import { arrivals, countRequests, enableAccessLogs, ephemeralPort, logCalls, requestLabels } from '../lib/traffic.js';
import { bookinfo, failingCalls, PRODUCTPAGE_UA, CURL_UA } from './common.js';
import { podIP, rollout } from '../lib/workload.js';

const RESET = 'upstream connect error or disconnect/reset before headers. reset reason: ';
/**
 * A refused TCP connect (ECONNREFUSED, errno 111) as Envoy 1.24+ reports it (the reset reason split into
 * local/remote connection failure; Envoy 1.27 is the Sep archive's): details
 * `upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}`, transport failure
 * `delayed_connect_error:_111` (spaces made `_` in the access log), local reply body "… reset reason: remote
 * connection failure, transport failure reason: delayed connect error: 111" (152 bytes). Seen verbatim in
 * istio/istio #48267 (Istio 1.20, Dec 2023) and in public istio-proxy access logs of 2024.
 */
const REFUSED_DETAILS = 'upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_111}';
const REFUSED_TRANSPORT = 'delayed_connect_error:_111';
const REFUSED_BODY = RESET + 'remote connection failure, transport failure reason: delayed connect error: 111';

function createCr(b: Bundle, kind: string, apiVersion: string, ns: string, name: string, spec: unknown, at: Date): void {
  b.create(b.crs, { apiVersion, kind, metadata: { name, namespace: ns }, spec }, at, CRS_ORDER);
}

export const vsSubsetNotFound: Variant[] = [
  {
    name: 'vs-subset-not-found/sep-reviews-v3',
    cause: 'vs-subset-not-found',
    archive: 'sep2023',
    how: 'reviews VS sends 20 % to subset v3 that the reviews DR (v1, v2 only) does not define; productpage gets 503 NC cluster_not_found; analyze IST0101',
    build(b) {
      enableAccessLogs(b, b.ago(55 * MINUTE));
      const at = b.ago(14 * MINUTE);
      createCr(b, 'DestinationRule', 'networking.istio.io/v1beta1', 'default', 'reviews', { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }, b.ago(3 * 60 * MINUTE));
      createCr(b, 'VirtualService', 'networking.istio.io/v1beta1', 'default', 'reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 20 }] }] }, at);
      const p = bookinfo(b);
      failingCalls(b, p.productpage, p.reviewsV3, { from: addMs(at, 5 * SECOND), to: b.ago(3 * SECOND), perMinute: 6, path: '/reviews/0', userAgent: PRODUCTPAGE_UA, service: 'reviews', port: 9080, subset: 'v3', code: 503, flags: 'NC', details: 'cluster_not_found', durationMs: () => 0, bytesOut: 0, accessLogs: true });
      b.analyze(['Error [IST0101] (VirtualService default/reviews) Referenced host+subset in destinationrule not found: "reviews+v3"']);
    },
  },
  {
    name: 'vs-subset-not-found/sep-httpbin-canary',
    cause: 'vs-subset-not-found',
    archive: 'sep2023',
    how: 'httpbin VS adds a `canary` subset route (header match) with no DR defining it; sleep→httpbin canary calls 503 NC; metrics only; analyze IST0101',
    build(b) {
      const at = b.ago(9 * MINUTE);
      createCr(b, 'VirtualService', 'networking.istio.io/v1beta1', 'default', 'httpbin', { hosts: ['httpbin'], http: [{ match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host: 'httpbin', subset: 'canary' } }] }, { route: [{ destination: { host: 'httpbin' } }] }] }, at);
      const p = bookinfo(b);
      failingCalls(b, p.sleep, p.httpbin, { from: addMs(at, 20 * SECOND), to: b.ago(30 * SECOND), perMinute: 4, path: '/headers', userAgent: CURL_UA, service: 'httpbin', port: 8000, subset: 'canary', code: 503, flags: 'NC', details: 'cluster_not_found', durationMs: () => 0, bytesOut: 0, accessLogs: false });
      b.analyze(['Error [IST0101] (VirtualService default/httpbin) Referenced host+subset in destinationrule not found: "httpbin+canary"']);
    },
  },
];

export const destinationHostNotFound: Variant[] = [
  {
    name: 'destination-host-not-found/sep-ratings-wrong-namespace',
    cause: 'destination-host-not-found',
    archive: 'sep2023',
    how: 'ratings VS routes to `ratings.prod.svc.cluster.local` (no such Service); reviews→ratings 503 NC; access logs on; analyze IST0101 host not found',
    build(b) {
      enableAccessLogs(b, b.ago(35 * MINUTE));
      const at = b.ago(16 * MINUTE);
      createCr(b, 'VirtualService', 'networking.istio.io/v1beta1', 'default', 'ratings', { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings.prod.svc.cluster.local', port: { number: 9080 } } }] }] }, at);
      const p = bookinfo(b);
      for (const rv of [p.reviewsV2, p.reviewsV3]) {
        failingCalls(b, rv, p.ratings, { from: addMs(at, 8 * SECOND), to: b.ago(4 * SECOND), perMinute: 5, path: '/ratings/0', userAgent: 'Apache-CXF/3.1.18', service: 'ratings', port: 9080, code: 503, flags: 'NC', details: 'cluster_not_found', durationMs: () => 0, bytesOut: 0, accessLogs: true });
      }
      b.analyze(['Error [IST0101] (VirtualService default/ratings) Referenced host not found: "ratings.prod.svc.cluster.local"']);
    },
  },
  {
    name: 'destination-host-not-found/sep-details-typo',
    cause: 'destination-host-not-found',
    archive: 'sep2023',
    how: 'details VS with a typo host `detials`; productpage→details 503 NC for 6 min (metrics only); analyze IST0101',
    build(b) {
      const at = b.ago(6 * MINUTE);
      createCr(b, 'VirtualService', 'networking.istio.io/v1beta1', 'default', 'details', { hosts: ['details'], http: [{ timeout: '10s', route: [{ destination: { host: 'detials', port: { number: 9080 } } }] }] }, at);
      const p = bookinfo(b);
      failingCalls(b, p.productpage, p.details, { from: addMs(at, 3 * SECOND), to: b.ago(2 * SECOND), perMinute: 9, path: '/details/0', userAgent: PRODUCTPAGE_UA, service: 'details', port: 9080, code: 503, flags: 'NC', details: 'cluster_not_found', durationMs: () => 0, bytesOut: 0, accessLogs: false });
      b.analyze(['Error [IST0101] (VirtualService default/details) Referenced host not found: "detials"']);
    },
  },
];

export const connectionPoolOverflow: Variant[] = [
  {
    name: 'connection-pool-overflow/sep-httpbin',
    cause: 'connection-pool-overflow',
    archive: 'sep2023',
    how: 'httpbin DR with maxConnections 1, http1MaxPendingRequests 1; a sleep load test gets 503 UO overflow; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(30 * MINUTE));
      const at = b.ago(12 * MINUTE);
      createCr(b, 'DestinationRule', 'networking.istio.io/v1beta1', 'default', 'httpbin', { host: 'httpbin', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } } } }, at);
      const p = bookinfo(b);
      failingCalls(b, p.sleep, p.httpbin, { from: addMs(at, 2 * MINUTE), to: addMs(at, 7 * MINUTE), perMinute: 240, path: '/get', userAgent: 'fortio.org/fortio-1.57.3', service: 'httpbin', port: 8000, code: 503, flags: 'UO', details: 'upstream_reset_before_response_started{overflow}', durationMs: () => 0, bytesOut: (RESET + 'overflow').length, accessLogs: true });
    },
  },
  {
    name: 'connection-pool-overflow/sep-ratings',
    cause: 'connection-pool-overflow',
    archive: 'sep2023',
    how: 'ratings DR with http2MaxRequests 1 and maxConnections 1 under reviews load; reviews-v2/v3 get 503 UO (metrics only)',
    build(b) {
      const at = b.ago(20 * MINUTE);
      createCr(b, 'DestinationRule', 'networking.istio.io/v1beta1', 'default', 'ratings', { host: 'ratings', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 }, http: { http2MaxRequests: 1, http1MaxPendingRequests: 1 } } } }, at);
      const p = bookinfo(b);
      for (const rv of [p.reviewsV2, p.reviewsV3]) failingCalls(b, rv, p.ratings, { from: addMs(at, MINUTE), to: b.ago(MINUTE), perMinute: 30, path: '/ratings/0', userAgent: 'Apache-CXF/3.1.18', service: 'ratings', port: 9080, code: 503, flags: 'UO', details: 'upstream_reset_before_response_started{overflow}', durationMs: () => 0, bytesOut: (RESET + 'overflow').length, accessLogs: false });
    },
  },
];

export const outlierEjection: Variant[] = [
  {
    name: 'outlier-ejection/sep-reviews',
    cause: 'outlier-ejection',
    archive: 'sep2023',
    how: 'reviews DR outlierDetection consecutive5xxErrors 1, maxEjectionPercent 100, baseEjectionTime 5m; every reviews host ejected in turn while Ready: intermittent 503 UH at productpage; /clusters shows failed_outlier_check',
    build(b) {
      enableAccessLogs(b, b.ago(45 * MINUTE));
      const at = b.ago(17 * MINUTE);
      createCr(b, 'DestinationRule', 'networking.istio.io/v1beta1', 'default', 'reviews', { host: 'reviews', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '5m', maxEjectionPercent: 100 } } }, at);
      const p = bookinfo(b);
      failingCalls(b, p.productpage, p.reviewsV2, { from: addMs(at, 90 * SECOND), to: b.ago(10 * SECOND), perMinute: 4, path: '/reviews/0', userAgent: PRODUCTPAGE_UA, service: 'reviews', port: 9080, code: 503, flags: 'UH', details: 'no_healthy_upstream', durationMs: () => 0, bytesOut: 19, accessLogs: true });
      // Envoy admin /clusters marks ejected hosts `health_flags::/failed_outlier_check` (envoy source/server/admin/clusters_handler.cc).
      const rel = `proxies/default/${p.productpage.pod.metadata.name}/clusters`;
      const ips = [p.reviewsV1, p.reviewsV2, p.reviewsV3].map((x) => podIP(x.pod));
      const text = b.archive.text(rel);
      let out = text;
      for (const ip of ips) out = out.split(`outbound|9080||reviews.default.svc.cluster.local::${ip}:9080::health_flags::healthy`).join(`outbound|9080||reviews.default.svc.cluster.local::${ip}:9080::health_flags::/failed_outlier_check`);
      b.archive.setText(rel, out);
    },
  },
  {
    name: 'outlier-ejection/sep-ratings-after-500-burst',
    cause: 'outlier-ejection',
    archive: 'sep2023',
    how: 'ratings DR outlierDetection consecutive5xxErrors 2, baseEjectionTime 10m, maxEjectionPercent 100; a 20 s burst of 500s from ratings ejects its only host in reviews-v2/v3, which then get 503 UH for minutes while ratings is Ready (metrics; /clusters failed_outlier_check)',
    build(b) {
      const at = b.ago(41 * MINUTE);
      createCr(b, 'DestinationRule', 'networking.istio.io/v1beta1', 'default', 'ratings', { host: 'ratings', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 2, interval: '5s', baseEjectionTime: '10m', maxEjectionPercent: 100 } } }, at);
      const p = bookinfo(b);
      const burst = b.ago(7 * MINUTE + b.r.int(0, 60) * SECOND);
      const ratingsIp = podIP(p.ratings.pod);
      for (const rv of [p.reviewsV2, p.reviewsV3]) {
        const n500 = failingCalls(b, rv, p.ratings, { from: burst, to: addMs(burst, 20 * SECOND), perMinute: 12, path: '/ratings/0', userAgent: 'Apache-CXF/3.1.18', service: 'ratings', port: 9080, code: 500, flags: '-', details: 'via_upstream', upstreamHost: () => `${ratingsIp}:9080`, durationMs: () => b.r.int(2, 9), bytesOut: 54, accessLogs: false, serverSeen: { code: 500, flags: '-', details: 'via_upstream' } });
        // Every reviews call to ratings after the ejection finds no host (Istio sets no panic threshold, so 0 % healthy means no upstream).
        failingCalls(b, rv, p.ratings, { from: addMs(burst, 21 * SECOND), to: b.ago(4 * SECOND), perMinute: 5, path: '/ratings/0', userAgent: 'Apache-CXF/3.1.18', service: 'ratings', port: 9080, code: 503, flags: 'UH', details: 'no_healthy_upstream', durationMs: () => 0, bytesOut: 19, accessLogs: false });
        // Envoy admin /clusters of the reviews proxy: the ratings host flagged, its per-host counters moved.
        const rel = `proxies/default/${rv.pod.metadata.name}/clusters`;
        const host = `outbound|9080||ratings.default.svc.cluster.local::${ratingsIp}:9080::`;
        const set = (text: string, key: string, v: string | number): string => text.replace(new RegExp(`^${host.replace(/[|.]/g, '\\$&')}${key}::.*$`, 'm'), `${host}${key}::${v}`);
        let text = b.archive.text(rel);
        text = set(text, 'health_flags', '/failed_outlier_check');
        text = set(text, 'rq_error', n500);
        const ok = b.r.int(40, 90);
        text = set(text, 'rq_total', n500 + ok);
        text = set(text, 'rq_success', ok);
        text = set(text, 'cx_total', b.r.int(2, 5));
        text = set(text, 'cx_active', 1);
        b.archive.setText(rel, text);
      }
    },
  },
];

export const retryTimeoutBudget: Variant[] = [
  {
    name: 'retry-timeout-budget/sep-reviews',
    cause: 'retry-timeout-budget',
    archive: 'sep2023',
    how: 'reviews VS timeout 1s with retries attempts 3 × perTryTimeout 2s while reviews answers in ~1.4 s; productpage gets 504 UT response_timeout; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(50 * MINUTE));
      const at = b.ago(13 * MINUTE);
      createCr(b, 'VirtualService', 'networking.istio.io/v1beta1', 'default', 'reviews', { hosts: ['reviews'], http: [{ timeout: '1s', retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,connect-failure' }, route: [{ destination: { host: 'reviews' } }] }] }, at);
      const p = bookinfo(b);
      failingCalls(b, p.productpage, p.reviewsV3, { from: addMs(at, 10 * SECOND), to: b.ago(5 * SECOND), perMinute: 8, path: '/reviews/0', userAgent: PRODUCTPAGE_UA, service: 'reviews', port: 9080, code: 504, flags: 'UT', details: 'response_timeout', upstreamHost: () => `${podIP(p.reviewsV3.pod)}:9080`, durationMs: () => 1000 + b.r.int(0, 3), bytesOut: 24, accessLogs: true, serverSeen: { code: 0, flags: 'DC', details: 'downstream_remote_disconnect' } });
    },
  },
  {
    name: 'retry-timeout-budget/sep-httpbin',
    cause: 'retry-timeout-budget',
    archive: 'sep2023',
    how: 'httpbin VS timeout 500ms, retries 5 × perTryTimeout 300ms on /delay; sleep gets 504 UT with URX in between (metrics only)',
    build(b) {
      const at = b.ago(8 * MINUTE);
      createCr(b, 'VirtualService', 'networking.istio.io/v1beta1', 'default', 'httpbin', { hosts: ['httpbin'], http: [{ timeout: '500ms', retries: { attempts: 5, perTryTimeout: '300ms', retryOn: 'gateway-error,connect-failure,refused-stream' }, route: [{ destination: { host: 'httpbin', port: { number: 8000 } } }] }] }, at);
      const p = bookinfo(b);
      failingCalls(b, p.sleep, p.httpbin, { from: addMs(at, 30 * SECOND), to: b.ago(20 * SECOND), perMinute: 10, path: '/delay/1', userAgent: CURL_UA, service: 'httpbin', port: 8000, code: 504, flags: 'UT', details: 'response_timeout', upstreamHost: () => `${podIP(p.httpbin.pod)}:80`, durationMs: () => 500 + b.r.int(0, 2), bytesOut: 24, accessLogs: false, serverSeen: { code: 0, flags: 'DC', details: 'downstream_remote_disconnect' } });
    },
  },
];

export const upstreamConnectFailure: Variant[] = [
  {
    name: 'upstream-connect-failure/sep-details-targetport',
    cause: 'upstream-connect-failure',
    archive: 'sep2023',
    how: 'details Service targetPort changed 9080→9081 (kubectl apply), Endpoints follow; no container listens on 9081: productpage gets 503 UF,URX remote_connection_failure,delayed_connect_error:_111; access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(48 * MINUTE));
      const at = b.ago(15 * MINUTE);
      b.apply(b.k8s, 'Service', 'default', 'details', (s) => {
        for (const port of (s.spec?.ports ?? []) as any[]) port.targetPort = 9081;
      });
      for (const kind of ['Endpoints', 'EndpointSlice']) {
        for (const i of b.k8s.indices((o) => o.kind === kind && o.metadata.namespace === 'default' && (o.metadata.name === 'details' || o.metadata.labels?.['kubernetes.io/service-name'] === 'details'))) {
          b.k8s.update(i, (o) => {
            for (const s of (o.subsets ?? [o]) as any[]) for (const port of (s.ports ?? []) as any[]) port.port = 9081;
            o.metadata.resourceVersion = b.nextRv();
          });
        }
      }
      const p = bookinfo(b);
      failingCalls(b, p.productpage, p.details, { from: addMs(at, 4 * SECOND), to: b.ago(3 * SECOND), perMinute: 9, path: '/details/0', userAgent: PRODUCTPAGE_UA, service: 'details', port: 9080, code: 503, flags: 'UF,URX', details: REFUSED_DETAILS, transportFailure: REFUSED_TRANSPORT, upstreamHost: () => `${podIP(p.details.pod)}:9081`, durationMs: () => b.r.int(40, 90), bytesOut: REFUSED_BODY.length, accessLogs: true });
    },
  },
  {
    name: 'upstream-connect-failure/sep-hello-v2-binds-localhost',
    cause: 'upstream-connect-failure',
    archive: 'sep2023',
    how: 'helloworld-v2 rolled out with its command overridden to `gunicorn -b 127.0.0.1:5000` (the Dockerfile invites a command override); Ready (no probe) but every inbound connect to podIP:5000 refused: 503 UF at v2\'s sidecar, masked at the client by retries to v1 (previous_hosts); access logs on',
    build(b) {
      enableAccessLogs(b, b.ago(52 * MINUTE));
      const at = b.ago(19 * MINUTE);
      const { newPods } = rollout(b, 'hello', 'helloworld-v2', {
        at, create: true, replaceOld: true,
        change: (t) => {
          for (const c of (t.spec?.containers ?? []) as any[]) if (c.name === 'helloworld') c.command = ['gunicorn', '-b', '127.0.0.1:5000', 'app:app', '-k', 'gevent'];
        },
      });
      const v2 = newPods[0]!;
      const sleep = bookinfo(b).sleep;
      const ip = podIP(v2);
      // `curl helloworld.hello:5000/hello` from default/sleep (Istio's helloworld sample docs); about half the first attempts land on v2.
      const times = arrivals(b, addMs(at, 40 * SECOND), b.ago(5 * SECOND), 6).filter(() => b.r.next() < 0.5);
      logCalls(b, v2, times, (_t, rid) => ({
        method: 'GET', path: '/hello', code: 503, flags: 'UF', details: REFUSED_DETAILS, transportFailure: REFUSED_TRANSPORT, bytesOut: REFUSED_BODY.length, durationMs: 0,
        userAgent: CURL_UA, requestId: rid, authority: 'helloworld.hello:5000', upstreamHost: `${ip}:5000`, upstreamCluster: 'inbound|5000||',
        downstreamLocal: `${ip}:5000`, downstreamRemote: `${podIP(sleep.pod)}:${ephemeralPort(b)}`, sni: 'outbound_.5000_._.helloworld.hello.svc.cluster.local', route: 'default',
      }));
      countRequests(b, v2, requestLabels({ reporter: 'destination', src: { workload: 'sleep', ns: 'default', sa: 'sleep', app: 'sleep' }, dst: { workload: 'helloworld-v2', ns: 'hello', sa: 'default', app: 'helloworld', version: 'v2', service: 'helloworld' }, code: 503, flags: 'UF', mtls: true }), times.length);
    },
  },
];

/**
 * Shared pieces of the Sep 2023 archive's bookinfo (namespace `default`, sidecars, Istio 1.20-dev): failing
 * calls from one workload to another, written as the client's outbound access lines (when access logging is on),
 * the server's inbound lines (when the request reached it) and `istio_requests_total` on both proxies.
 */
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { arrivals, countRequests, ephemeralPort, logCalls, requestLabels } from '../lib/traffic.js';
import { pod, podIP } from '../lib/workload.js';

export interface Peer {
  pod: K8sObject;
  workload: string;
  app: string;
  sa: string;
  version?: string;
}

export function peer(b: Bundle, ns: string, podPrefix: string, o: { workload: string; app: string; sa: string; version?: string }): Peer {
  return { pod: pod(b, ns, podPrefix), ...o };
}

export interface Failure {
  from: Date;
  to: Date;
  perMinute: number;
  method?: string;
  path: string;
  userAgent: string;
  service: string;
  port: number;
  subset?: string;
  code: number;
  flags: string;
  details: string;
  transportFailure?: string;
  /** Upstream host when a connection was attempted (`ip:port`). */
  upstreamHost?: (b: Bundle) => string | undefined;
  durationMs: () => number;
  bytesOut: number;
  /** Whether the client's access log is on (a Telemetry resource was applied before `from`). */
  accessLogs: boolean;
  /** The request reached the server's sidecar (inbound lines and destination metrics). */
  serverSeen?: { code: number; flags: string; details: string };
}

/** Client → server calls that fail; returns how many were made. */
export function failingCalls(b: Bundle, client: Peer, server: Peer, f: Failure): number {
  const ns = server.pod.metadata.namespace!;
  const times = arrivals(b, f.from, f.to, f.perMinute);
  const host = `${f.service}.${ns}.svc.cluster.local`;
  const cluster = `outbound|${f.port}|${f.subset ?? ''}|${host}`;
  const clientIp = podIP(client.pod);
  if (f.accessLogs) {
    logCalls(b, client.pod, times, (_at, rid) => {
      const up = f.upstreamHost?.(b);
      return {
        method: f.method ?? 'GET', path: f.path, code: f.code, flags: f.flags, details: f.details, transportFailure: f.transportFailure,
        bytesOut: f.bytesOut, durationMs: f.durationMs(), userAgent: f.userAgent, requestId: rid, authority: `${f.service}:${f.port}`,
        upstreamHost: up, upstreamCluster: cluster, upstreamLocal: up ? `${clientIp}:${ephemeralPort(b)}` : undefined,
        downstreamLocal: `${serviceIp(b, ns, f.service)}:${f.port}`, downstreamRemote: `${clientIp}:${ephemeralPort(b)}`, route: 'default',
      };
    });
    if (f.serverSeen) {
      const seen = f.serverSeen;
      logCalls(b, server.pod, times.map((t) => new Date(t.getTime() + 1)), (_at, rid) => ({
        method: f.method ?? 'GET', path: f.path, code: seen.code, flags: seen.flags, details: seen.details, bytesOut: f.bytesOut, durationMs: f.durationMs(),
        userAgent: f.userAgent, requestId: rid, authority: `${f.service}:${f.port}`, upstreamHost: `${podIP(server.pod)}:${f.port}`,
        upstreamCluster: `inbound|${f.port}||`, upstreamLocal: `127.0.0.6:${ephemeralPort(b)}`, downstreamLocal: `${podIP(server.pod)}:${f.port}`,
        downstreamRemote: `${clientIp}:${ephemeralPort(b)}`, sni: `outbound_.${f.port}_.${f.subset ?? '_'}_.${host}`, route: 'default',
      }));
    }
  }
  const src = { workload: client.workload, ns: client.pod.metadata.namespace!, sa: client.sa, app: client.app, version: client.version };
  const dst = { workload: server.workload, ns, sa: server.sa, app: server.app, version: server.version, service: f.service };
  countRequests(b, client.pod, requestLabels({ reporter: 'source', src, dst: f.upstreamHost ? dst : { ...dst, workload: 'unknown', sa: undefined, version: undefined }, code: f.code, flags: f.flags, mtls: true }), times.length);
  if (f.serverSeen) countRequests(b, server.pod, requestLabels({ reporter: 'destination', src, dst, code: f.serverSeen.code, flags: f.serverSeen.flags, mtls: true }), times.length);
  return times.length;
}

/** The ClusterIP of a Service. */
export function serviceIp(b: Bundle, ns: string, name: string): string {
  return b.k8s.get('Service', ns, name).spec.clusterIP as string;
}

/** Bookinfo peers of the Sep 2023 archive's `default` namespace. */
export function bookinfo(b: Bundle): Record<'productpage' | 'details' | 'ratings' | 'reviewsV1' | 'reviewsV2' | 'reviewsV3' | 'sleep' | 'httpbin', Peer> {
  return {
    productpage: peer(b, 'default', 'productpage-v1-', { workload: 'productpage-v1', app: 'productpage', sa: 'bookinfo-productpage', version: 'v1' }),
    details: peer(b, 'default', 'details-v1-', { workload: 'details-v1', app: 'details', sa: 'bookinfo-details', version: 'v1' }),
    ratings: peer(b, 'default', 'ratings-v1-', { workload: 'ratings-v1', app: 'ratings', sa: 'bookinfo-ratings', version: 'v1' }),
    reviewsV1: peer(b, 'default', 'reviews-v1-', { workload: 'reviews-v1', app: 'reviews', sa: 'bookinfo-reviews', version: 'v1' }),
    reviewsV2: peer(b, 'default', 'reviews-v2-', { workload: 'reviews-v2', app: 'reviews', sa: 'bookinfo-reviews', version: 'v2' }),
    reviewsV3: peer(b, 'default', 'reviews-v3-', { workload: 'reviews-v3', app: 'reviews', sa: 'bookinfo-reviews', version: 'v3' }),
    sleep: peer(b, 'default', 'sleep-', { workload: 'sleep', app: 'sleep', sa: 'sleep' }),
    httpbin: peer(b, 'default', 'httpbin-', { workload: 'httpbin', app: 'httpbin', sa: 'httpbin', version: 'v1' }),
  };
}

/** productpage's Python `requests` user agent, as bookinfo's productpage sends it to reviews/details. */
export const PRODUCTPAGE_UA = 'python-requests/2.31.0';
/** sleep's curl. */
export const CURL_UA = 'curl/8.2.1';

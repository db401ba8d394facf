/**
 * Readings several cause models share: which findings of an incident are CA failures, dials to istiod,
 * timeouts or refusals, which Envoy clusters failing requests went to, whether istiod was down, and what
 * share of the proxies that were logging at the time saw a failure. Pure functions of the episode view.
 */
import type { Finding } from '../../model/finding.js';
import type { Resource } from '../../model/k8s.js';
import { parseEnvoyCluster, resourceEvidence, type EnvoyCluster } from '../cluster-view.js';
import { countWhere, excerptMatches, podsOf, shown, type EpisodeView, type Shown } from '../context.js';
import { meshRole } from '../../config/kinds/pod.js';

/** Certificate requests that failed: agent retries, aborts, CSR rejections, SDS warm-up failures, failed CSR objects. */
export const CA_FAILURE_CODES = ['SIG-CA-001', 'SIG-CA-002', 'SIG-CA-003', 'SIG-CA-004', 'SIG-K8S-006', 'status/csr-failed', 'MSH5004'];

export function caFailures(ep: EpisodeView): Finding[] {
  return ep.code(...CA_FAILURE_CODES);
}

/** xDS dial failures to istiod (SIG-XDS-001). */
export function xdsDials(ep: EpisodeView): Finding[] {
  return ep.code('SIG-XDS-001');
}

/** No answer, or no route: what a dropping NetworkPolicy or firewall looks like (errno 113 is EHOSTUNREACH). */
const TIMEOUT = /i\/o timeout|context deadline exceeded|deadline exceeded|DeadlineExceeded|connection_timeout|timed out|Client\.Timeout|request canceled|delayed[ _]connect[ _]error:[ _]113|no[ _]route[ _]to[ _]host/i;
/** An RST: nothing listens on the port (errno 111 is ECONNREFUSED; newer Envoy spells it out). */
const REFUSED = /connection refused|delayed[ _]connect[ _]error:[ _]111|Connection_refused|ECONNREFUSED/i;
const TLS = /TLS_error|tls:|TLS error|CERTIFICATE_VERIFY_FAILED|WRONG_VERSION_NUMBER|SSL routines|SSL_routines|handshake/i;

/** Values of the captures that carry a failure's reason, per finding. */
const REASON_CAPTURES = ['cause', 'reason', 'detail', 'details', 'transportFailure', 'error', 'resetReason', 'transportReason', 'grpcCode'];

function reasonCount(f: Finding, re: RegExp): number {
  let n = 0;
  for (const c of REASON_CAPTURES) n += countWhere(f, c, re);
  return n;
}

/** Findings whose reason is a timeout (dials or requests that got no answer: what a dropping NetworkPolicy looks like). */
export function timeouts(ep: EpisodeView): Finding[] {
  return ep.where((f) => reasonCount(f, TIMEOUT) > 0 || f.code === 'SIG-ZT-002' || f.code === 'SIG-ACCESS-007');
}

/** Findings whose reason is a refused connection (the port answered with RST: nothing listens, or it is down). */
export function refusals(ep: EpisodeView): Finding[] {
  return ep.where((f) => reasonCount(f, REFUSED) > 0 || (f.code.startsWith('SIG-ACCESS') && excerptMatches(f, REFUSED)));
}

/** Findings whose failing requests or dials carry a TLS error. */
export function tlsErrors(fs: readonly Finding[]): Finding[] {
  return fs.filter((f) => reasonCount(f, TLS) > 0 || f.code === 'SIG-TLS-001' || f.code === 'SIG-TLS-003');
}

export function isTimeout(f: Finding): boolean {
  return reasonCount(f, TIMEOUT) > 0;
}

export function isRefusal(f: Finding): boolean {
  return reasonCount(f, REFUSED) > 0 || (f.code.startsWith('SIG-ACCESS') && excerptMatches(f, REFUSED));
}

export function isTls(f: Finding): boolean {
  return reasonCount(f, TLS) > 0;
}

/**
 * The Envoy cluster a finding's requests went to: `data.upstreamCluster` of an access-log finding, or the
 * destination service of an `istio_requests_total` finding (port and subset unknown there: port 0, no subset).
 */
export function clusterOf(f: Finding): EnvoyCluster | undefined {
  const c = parseEnvoyCluster(typeof f.data?.['upstreamCluster'] === 'string' ? (f.data['upstreamCluster'] as string) : undefined);
  if (c) return c;
  const svc = f.data?.['destinationService'];
  return typeof svc === 'string' && svc.includes('.') ? { direction: 'outbound', port: 0, subset: '', host: svc } : undefined;
}

/** Access-log check of each Envoy response flag (SIG-ACCESS-…), read together with `istio_requests_total` counters (MSH6007). */
const FLAG_SIGNATURES: Record<string, string> = {
  UH: 'SIG-ACCESS-001', UF: 'SIG-ACCESS-002', UO: 'SIG-ACCESS-003', NR: 'SIG-ACCESS-004', NC: 'SIG-ACCESS-005', URX: 'SIG-ACCESS-006',
  UT: 'SIG-ACCESS-007', DPE: 'SIG-ACCESS-010', UPE: 'SIG-ACCESS-010', UAEX: 'SIG-ACCESS-011', UC: 'SIG-ACCESS-013',
};

/** Requests that failed with any of these response flags: access-log findings and istio_requests_total counters. */
export function flagged(ep: EpisodeView, ...flags: string[]): Finding[] {
  const sigs = [...new Set(flags.map((f) => FLAG_SIGNATURES[f]).filter((x): x is string => x !== undefined))];
  const wanted = new Set(flags);
  return [...ep.code(...sigs), ...ep.code('proxy/request-failures').filter((f) => String(f.data?.['flags'] ?? '').split(',').some((x) => wanted.has(x)))];
}

/** Outbound clusters of these findings, with the findings that went to each (keyed by cluster name). */
export function byCluster(fs: readonly Finding[]): Map<string, { cluster: EnvoyCluster; findings: Finding[] }> {
  const out = new Map<string, { cluster: EnvoyCluster; findings: Finding[] }>();
  for (const f of fs) {
    const c = clusterOf(f);
    if (!c || c.direction !== 'outbound') continue;
    const k = `outbound|${c.port}|${c.subset}|${c.host}`;
    const e = out.get(k) ?? { cluster: c, findings: [] };
    e.findings.push(f);
    out.set(k, e);
  }
  return out;
}

/** The Service an Envoy cluster's host names. */
export function serviceOf(ep: EpisodeView, c: EnvoyCluster): Resource | undefined {
  return ep.cluster.serviceByHost(c.host);
}

/** Is istiod down in this incident: not Ready, failing readiness, crash-looping, OOM-killed or without endpoints? */
export function istiodDown(ep: EpisodeView): Shown | undefined {
  const fs = [
    ...ep.code('status/istiod-not-ready', 'MSH5003', 'SIG-K8S-003', 'SIG-INJ-002'),
    ...ep.code('status/container-oomkilled', 'status/container-restarting').filter((f) => isIstiodFinding(f)),
    ...ep.code('SIG-K8S-001', 'SIG-K8S-002').filter((f) => podsOf(f).some((p) => /\/istiod-/.test(p))),
  ];
  const evidence = [];
  if (ep.atCapture) {
    const r = ep.cluster.istiodReadiness();
    if (r.total > 0 && r.ready === 0) evidence.push(...r.notReady.slice(0, 3).map((p) => resourceEvidence(p, `istiod pod ${p.namespace}/${p.name} not Ready at capture`)));
  }
  return shown(fs, evidence);
}

function isIstiodFinding(f: Finding): boolean {
  const w = String(f.data?.['workload'] ?? f.data?.['pod'] ?? '');
  return /^(istio-system\/)?istiod\b/.test(w) || f.data?.['container'] === 'discovery' || podsOf(f).some((p) => /\/istiod-/.test(p));
}

/**
 * Of the proxies whose logs cover the findings' window, how many saw one of these findings. Proxies that
 * were not logging then (created later, replaced) are left out of the base.
 */
export function proxyShare(ep: EpisodeView, fs: readonly Finding[]): { failing: number; logging: number } {
  const pods = new Set(fs.flatMap(podsOf));
  if (pods.size === 0) return { failing: 0, logging: 0 };
  const times = fs.flatMap((f) => [f.firstSeen, f.lastSeen]).filter((t): t is string => t !== undefined).map((t) => Date.parse(t));
  const from = times.length ? Math.min(...times) : -Infinity;
  const to = times.length ? Math.max(...times) : Infinity;
  const logging = ep.cluster.proxiesLoggingDuring(from, to);
  for (const p of pods) logging.add(p);
  return { failing: pods.size, logging: logging.size };
}

/** Pods the findings name, as `ns/name`, within one namespace-qualified set. */
export function podSet(fs: readonly Finding[]): Set<string> {
  return new Set(fs.flatMap(podsOf));
}

/** Istio's Envoy ports (inbound/outbound capture, admin, health, Prometheus, agent). */
export const ENVOY_PORTS = [15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090];

/**
 * Is this finding about ambient node proxies (ztunnel) or waypoints rather than sidecars? Their container is also
 * named istio-proxy. Read from the pods' labels (meshRole) when the pods are in the bundle, else from the names
 * (`ztunnel-…` pods of the ztunnel DaemonSet, workload `ztunnel`).
 */
export function onAmbientProxy(ep: EpisodeView, f: Finding): boolean {
  const pods = podsOf(f);
  if (pods.some((k) => {
    const i = k.indexOf('/');
    const pod = ep.cluster.pod(k.slice(0, i), k.slice(i + 1));
    const role = pod ? meshRole(pod) : undefined;
    return role === 'ztunnel' || role === 'waypoint';
  })) return true;
  return f.data?.['workload'] === 'ztunnel' || (pods.length > 0 && pods.every((k) => /\/ztunnel-/.test(k)));
}

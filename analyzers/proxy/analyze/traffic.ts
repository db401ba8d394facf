/**
 * Reality from Envoy stats (`stats/prometheus`) and `/clusters`: outlier ejections and connection-pool
 * overflows per upstream cluster, aggregated over proxies; and requests that failed with an Envoy response
 * flag per destination service, from Istio's standard metric `istio_requests_total` (its `response_flags`
 * label), which bundles hold even when access logging is off.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import { CHECKS, podRef, proxyFinding } from './checks.js';
import type { ProxySnapshot } from '../snapshot.js';

const MAX_EVIDENCE = 10;

interface Agg {
  proxies: Set<ProxySnapshot>;
  evidence: Evidence[];
  v: Record<string, number>;
}

function bump(m: Map<string, Agg>, cluster: string, p: ProxySnapshot, key: string, value: number, ev: Evidence): void {
  let a = m.get(cluster);
  if (!a) {
    a = { proxies: new Set(), evidence: [], v: {} };
    m.set(cluster, a);
  }
  a.proxies.add(p);
  a.v[key] = (a.v[key] ?? 0) + value;
  if (a.evidence.length < MAX_EVIDENCE) a.evidence.push(ev);
}

const OVERFLOW: Record<string, string> = {
  envoy_cluster_upstream_rq_pending_overflow: 'pending',
  envoy_cluster_upstream_cx_overflow: 'cx',
  envoy_cluster_upstream_rq_retry_overflow: 'retry',
};

/** Response flags that mean the request failed in the mesh, and the catalogue causes each points at (NOTES.md §1). */
const FLAG_CAUSES: Record<string, string[]> = {
  UH: ['no-healthy-endpoints', 'dr-subset-no-endpoints', 'outlier-ejection'],
  UF: ['upstream-connect-failure', 'mtls-mode-conflict', 'network-policy-blocking'],
  UC: ['upstream-connect-failure', 'mtls-mode-conflict'],
  UO: ['connection-pool-overflow'],
  NR: ['destination-host-not-found', 'gateway-misconfigured'],
  NC: ['vs-subset-not-found', 'destination-host-not-found'],
  UT: ['retry-timeout-budget'],
  URX: ['retry-timeout-budget', 'upstream-connect-failure'],
  DPE: ['protocol-misdetection'],
  UPE: ['protocol-misdetection'],
  UAEX: ['authz-denied'],
};

/** A sample as the exposition line wrote it (labels in their order), cut to 300 characters like every excerpt. */
function sampleText(name: string, labels: Record<string, string>, value: number): string {
  const t = `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}} ${value}`;
  return t.length <= 300 ? t : `${t.slice(0, 299)}…`;
}

/** `istio_requests_total` samples with a failure flag, summed per destination service and flag set. */
function requestFailures(proxies: ProxySnapshot[]): Finding[] {
  const by = new Map<string, Agg & { destination: string; flags: string; codes: Map<string, number> }>();
  for (const p of proxies) {
    for (const s of p.stats?.samples ?? []) {
      if (s.name !== 'istio_requests_total' || !(s.value > 0) || !p.files.stats) continue;
      const flags = (s.labels.response_flags ?? '-').split(',').filter((f) => FLAG_CAUSES[f]);
      const destination = s.labels.destination_service ?? s.labels.destination_service_name;
      // No route or no cluster leaves the destination unknown; that is still a gateway's or a caller's failure.
      if (flags.length === 0 || !destination || (destination === 'unknown' && !flags.some((f) => f === 'NR' || f === 'NC'))) continue;
      const key = `${destination}\u001f${flags.join(',')}`;
      let a = by.get(key);
      if (!a) {
        a = { proxies: new Set(), evidence: [], v: {}, destination, flags: flags.join(','), codes: new Map() };
        by.set(key, a);
      }
      a.proxies.add(p);
      a.v.requests = (a.v.requests ?? 0) + s.value;
      const code = s.labels.response_code ?? '-';
      a.codes.set(code, (a.codes.get(code) ?? 0) + s.value);
      if (a.evidence.length < MAX_EVIDENCE) a.evidence.push({ file: p.files.stats, line: s.line, excerpt: sampleText(s.name, s.labels, s.value) });
    }
  }
  return [...by.values()].map((a) => proxyFinding({ ...CHECKS.requestFailures, rootCauses: [...new Set(a.flags.split(',').flatMap((f) => FLAG_CAUSES[f] ?? []))] }, `${a.destination}|${a.flags}`, {
    data: { destination: a.destination, destinationService: a.destination, flags: a.flags, responseFlag: a.flags, code: [...a.codes].sort((x, y) => y[1] - x[1])[0]![0], requests: a.v.requests ?? 0, proxies: a.proxies.size },
    evidence: a.evidence, resources: [...a.proxies].map(podRef), count: a.v.requests ?? 0,
  }));
}

export function checkTraffic(proxies: ProxySnapshot[]): Finding[] {
  const ejections = new Map<string, Agg>();
  const overflow = new Map<string, Agg>();
  for (const p of proxies) {
    for (const s of p.stats?.samples ?? []) {
      const cluster = s.labels.cluster_name;
      if (!cluster || !(s.value > 0) || !p.files.stats) continue;
      const ev: Evidence = { file: p.files.stats, line: s.line, excerpt: `${s.name}{cluster_name="${cluster}"} ${s.value}` };
      if (s.name === 'envoy_cluster_outlier_detection_ejections_enforced_total') bump(ejections, cluster, p, 'enforced', s.value, ev);
      else if (s.name === 'envoy_cluster_outlier_detection_ejections_active') bump(ejections, cluster, p, 'active', s.value, ev);
      else if (OVERFLOW[s.name]) bump(overflow, cluster, p, OVERFLOW[s.name], s.value, ev);
    }
    for (const c of p.clusters?.clusters ?? []) {
      for (const h of c.hosts) {
        if (!h.healthFlags.includes('failed_outlier_check') || !p.files.clusters) continue;
        const a = ejections.get(c.name);
        if (a?.proxies.has(p) && (a.v.active ?? 0) > 0) continue;
        bump(ejections, c.name, p, 'active', 1, { file: p.files.clusters, line: h.healthFlagsLine ?? h.line, excerpt: `${c.name}::${h.address}::health_flags::${h.healthFlags.join('/')}` });
      }
    }
  }
  const out: Finding[] = requestFailures(proxies);
  for (const [cluster, a] of ejections) {
    out.push(proxyFinding(CHECKS.outlierEjection, cluster, {
      data: { cluster, enforced: a.v.enforced ?? 0, active: a.v.active ?? 0, proxies: a.proxies.size },
      evidence: a.evidence, resources: [...a.proxies].map(podRef), count: a.proxies.size,
    }));
  }
  for (const [cluster, a] of overflow) {
    out.push(proxyFinding(CHECKS.poolOverflow, cluster, {
      data: { cluster, pending: a.v.pending ?? 0, cx: a.v.cx ?? 0, retry: a.v.retry ?? 0, proxies: a.proxies.size },
      evidence: a.evidence, resources: [...a.proxies].map(podRef), count: a.proxies.size,
    }));
  }
  return out;
}

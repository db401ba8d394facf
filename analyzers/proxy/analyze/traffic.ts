/**
 * Reality from Envoy stats (`stats/prometheus`) and `/clusters`: outlier ejections and connection-pool
 * overflows per upstream cluster, aggregated over proxies.
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
  const out: Finding[] = [];
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

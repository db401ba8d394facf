/**
 * Joins the routing models share: the Envoy clusters failing requests went to, read against the
 * DestinationRule subsets, Services and pods the cluster view holds.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import type { Resource } from '../../model/k8s.js';
import { resourceEvidence, type EnvoyCluster } from '../cluster-view.js';
import { shown, type EpisodeView, type Shown } from '../context.js';
import { byCluster } from './signals.js';

/** UH/no_healthy_upstream access-log findings (per pod and upstream cluster). */
export function noHealthyUpstream(ep: EpisodeView): Finding[] {
  return ep.code('SIG-ACCESS-001');
}

/** Host's short name (`reviews` of `reviews.default.svc.cluster.local`, of `reviews:9080`). */
export function shortHost(h: string): string {
  return h.replace(/:\d+$/, '').split('.')[0] ?? h;
}

/**
 * For each failing outbound subset cluster, the DestinationRule subset it names (if any defines it), the
 * pods its labels select behind the Service, and how many of them are Ready.
 */
export function subsetClusters(ep: EpisodeView, fs: readonly Finding[]): Array<{ cluster: EnvoyCluster; findings: Finding[]; dr?: Resource; subsetLabels?: Record<string, string>; pods: Resource[]; ready: Resource[] }> {
  const out = [];
  for (const { cluster, findings } of byCluster(fs).values()) {
    if (!cluster.subset) continue;
    const s = ep.cluster.subset(cluster.host, cluster.subset);
    const svc = ep.cluster.serviceByHost(cluster.host);
    const pods = s && svc ? ep.cluster.podsForService(svc).filter((p) => Object.entries(s.subset.labels).every(([k, v]) => p.obj.metadata.labels?.[k] === v)) : [];
    out.push({ cluster, findings, ...(s ? { dr: s.dr, subsetLabels: s.subset.labels } : {}), pods, ready: pods.filter((p) => ep.cluster.isReady(p)) });
  }
  return out;
}

/** UH on a subset that exists while its labels select no Ready pod: the subset's own evidence and the failing requests. */
export function uhOnEmptySubset(ep: EpisodeView): Shown | undefined {
  const hits = subsetClusters(ep, noHealthyUpstream(ep)).filter((c) => c.dr && c.ready.length === 0);
  const evidence: Evidence[] = hits.map((c) => resourceEvidence(c.dr!, `subset ${c.cluster.subset} of ${c.cluster.host}: labels ${JSON.stringify(c.subsetLabels)} select ${c.pods.length} pod(s), ${c.ready.length} Ready`));
  return shown(hits.flatMap((c) => c.findings), evidence);
}

/** For failing outbound clusters, the Service each names (clusters whose host is no Service are left out). */
export function servicesOf(ep: EpisodeView, fs: readonly Finding[]): Array<{ cluster: EnvoyCluster; findings: Finding[]; svc: Resource }> {
  const out = [];
  for (const { cluster, findings } of byCluster(fs).values()) {
    const svc = ep.cluster.serviceByHost(cluster.host);
    if (svc) out.push({ cluster, findings, svc });
  }
  return out;
}

/** Hosts (FQDN or authority) named by routing findings: access-log clusters and authorities, config `host` data. */
export function hostsOf(fs: readonly Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of fs) {
    for (const k of ['upstreamCluster', 'authority', 'host', 'cluster']) {
      const v = f.data?.[k];
      if (typeof v !== 'string' || v === '-') continue;
      const parts = v.split('|');
      out.add(shortHost(parts.length === 4 ? parts[3]! : v));
    }
  }
  return out;
}

/** Config findings joined to traffic findings by host short name; all of both when either names no host. */
export function sameHosts(config: readonly Finding[], traffic: readonly Finding[]): { config: Finding[]; traffic: Finding[] } {
  const a = hostsOf(config);
  const b = hostsOf(traffic);
  if (a.size === 0 || b.size === 0) return { config: [...config], traffic: [...traffic] };
  return {
    config: config.filter((f) => [...hostsOf([f])].some((h) => b.has(h))),
    traffic: traffic.filter((f) => [...hostsOf([f])].some((h) => a.has(h))),
  };
}

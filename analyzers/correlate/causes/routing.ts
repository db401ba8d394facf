/**
 * Joins the routing models share: the Envoy clusters failing requests went to, read against the
 * DestinationRule subsets, Services and pods the cluster view holds.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import type { Resource } from '../../model/k8s.js';
import { resourceEvidence, type EnvoyCluster } from '../cluster-view.js';
import { shown, type EpisodeView, type Shown } from '../context.js';
import { byCluster, flagged } from './signals.js';
import { routeDestinations } from '../../config/kinds/virtualservice.js';
import { toFqdn } from '../../config/hosts.js';
import { nsOf } from '../../config/kinds/common.js';

/** Requests that failed UH/no_healthy_upstream (access logs per pod and cluster, istio_requests_total per destination). */
export function noHealthyUpstream(ep: EpisodeView): Finding[] {
  return flagged(ep, 'UH');
}

/** Subsets VirtualServices route `fqdn` to (names), for failures whose own cluster does not say the subset. */
export function routedSubsets(ep: EpisodeView, fqdn: string): string[] {
  const out = new Set<string>();
  for (const vs of ep.cluster.list('VirtualService')) {
    for (const d of routeDestinations(vs)) {
      if (d.destination.subset && toFqdn(nsOf(vs), d.destination.host, ep.cluster.idx.clusterDomain) === fqdn) out.add(d.destination.subset);
    }
  }
  return [...out];
}

/** Host's short name (`reviews` of `reviews.default.svc.cluster.local`, of `reviews:9080`). */
export function shortHost(h: string): string {
  return h.replace(/:\d+$/, '').split('.')[0] ?? h;
}

/**
 * For each failing outbound subset cluster, the DestinationRule subset it names (if any defines it), the
 * pods its labels select behind the Service, and how many of them are Ready.
 */
export function subsetClusters(ep: EpisodeView, fs: readonly Finding[]): Array<{ cluster: EnvoyCluster; findings: Finding[]; dr?: Resource; subsetLabels?: Record<string, string>; pods: Resource[]; ready: Resource[]; inferred: boolean }> {
  const out = [];
  const clusters = [...byCluster(fs).values()].flatMap(({ cluster, findings }) => (cluster.subset
    ? [{ cluster, findings, inferred: false }]
    // A failure that names no subset (istio_requests_total, an access line without the cluster): the subsets routed to its host.
    : routedSubsets(ep, cluster.host).map((subset) => ({ cluster: { ...cluster, subset }, findings, inferred: true }))));
  for (const { cluster, findings, inferred } of clusters) {
    const s = ep.cluster.subset(cluster.host, cluster.subset);
    const svc = ep.cluster.serviceByHost(cluster.host);
    const pods = s && svc ? ep.cluster.podsForService(svc).filter((p) => Object.entries(s.subset.labels).every(([k, v]) => p.obj.metadata.labels?.[k] === v)) : [];
    out.push({ cluster, findings, ...(s ? { dr: s.dr, subsetLabels: s.subset.labels } : {}), pods, ready: pods.filter((p) => ep.cluster.isReady(p)), inferred });
  }
  return out;
}

/** UH on a subset that exists while its labels select no Ready pod: the subset's own evidence and the failing requests. */
export function uhOnEmptySubset(ep: EpisodeView): Shown | undefined {
  const hits = subsetClusters(ep, noHealthyUpstream(ep)).filter((c) => c.dr && c.ready.length === 0);
  const evidence: Evidence[] = hits.map((c) => resourceEvidence(c.dr!, `subset ${c.cluster.subset} of ${c.cluster.host}: labels ${Object.entries(c.subsetLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '(none)'} select ${c.pods.length} pod(s), ${c.ready.length} Ready`));
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

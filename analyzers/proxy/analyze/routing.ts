/**
 * Intent vs reality for routing: route targets with no cluster in the proxy (503 NC), VirtualService
 * destinations that no proxy received, subset clusters with no endpoints, clusters with no healthy ones.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import { arr, obj, str } from '../../parse/envoy/fields.js';
import { parseSubsetKey } from '../render/common.js';
import { CHECKS, podRef, proxyFinding } from './checks.js';
import type { ExpectedDestination, ProxySnapshot } from '../snapshot.js';

const MAX_EVIDENCE = 10;
const BUILTIN = /^(BlackHoleCluster|PassthroughCluster|InboundPassthroughCluster.*)$/;

interface Gap {
  cluster: string;
  host: string;
  subset: string;
  port: number | string;
  proxies: ProxySnapshot[];
  evidence: Evidence[];
}

/** Clusters named by route actions and TCP proxies in a dump, with the JSON path of the first use. */
export function routeTargets(p: ProxySnapshot): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string, path: string) => {
    if (name && !out.has(name)) out.set(name, path);
  };
  for (const rc of p.configDump?.routes() ?? []) {
    arr(rc.value, 'virtual_hosts').forEach((vh, i) =>
      arr(vh, 'routes').forEach((r, j) => {
        const action = obj(r, 'route');
        const path = `${rc.jsonPath}.virtual_hosts[${i}].routes[${j}].route`;
        add(str(action, 'cluster'), `${path}.cluster`);
        arr(obj(action, 'weighted_clusters'), 'clusters').forEach((w, k) => add(str(w, 'name'), `${path}.weighted_clusters.clusters[${k}].name`));
      }),
    );
  }
  for (const l of p.configDump?.listeners() ?? []) {
    if (l.state !== 'active' && l.state !== 'static') continue;
    arr(l.value, 'filter_chains').forEach((fc, i) =>
      arr(fc, 'filters').forEach((f, j) => {
        if (str(f, 'name') !== 'envoy.filters.network.tcp_proxy') return;
        add(str(obj(f, 'typed_config'), 'cluster'), `${l.jsonPath}.filter_chains[${i}].filters[${j}].typed_config.cluster`);
      }),
    );
  }
  return out;
}

function clusterSectionPath(p: ProxySnapshot): string {
  return p.configDump?.sectionsOf('ClustersConfigDump')[0]?.jsonPath ?? '$.configs';
}

function addGap(gaps: Map<string, Gap>, name: string, p: ProxySnapshot, ev: Evidence[]): void {
  const k = parseSubsetKey(name);
  let g = gaps.get(name);
  if (!g) {
    g = { cluster: name, host: k.hostname, subset: k.subset, port: k.port, proxies: [], evidence: [] };
    gaps.set(name, g);
  }
  if (g.proxies.includes(p)) return;
  g.proxies.push(p);
  if (g.evidence.length < MAX_EVIDENCE) g.evidence.push(...ev);
}

/** Route targets and expected destinations with no matching cluster. */
export function checkMissingClusters(proxies: ProxySnapshot[], expected: ExpectedDestination[] = []): Finding[] {
  const gaps = new Map<string, Gap>();
  const withDump = proxies.filter((p) => p.configDump);
  for (const p of withDump) {
    const names = new Set(p.configDump!.clusters().map((c) => c.name));
    for (const [target, path] of routeTargets(p)) {
      if (names.has(target) || BUILTIN.test(target) || !target.startsWith('outbound|')) continue;
      addGap(gaps, target, p, [
        { file: p.files.config_dump!, jsonPath: path, excerpt: `route → ${target}` },
        { file: p.files.config_dump!, jsonPath: clusterSectionPath(p), excerpt: `no cluster named ${target}` },
      ]);
    }
  }
  for (const d of expected) {
    const hostClusters = (p: ProxySnapshot) => p.configDump!.clusters().map((c) => parseSubsetKey(c.name)).filter((k) => k.direction === 'outbound' && k.hostname === d.host && (!d.port || k.port === d.port));
    const seeing = withDump.filter((p) => hostClusters(p).length > 0);
    const src: Evidence = { file: d.source.file ?? '', line: d.source.line, excerpt: `${d.source.kind} ${d.source.namespace ?? ''}/${d.source.name}${d.source.path ? ` ${d.source.path}` : ''}` };
    if (seeing.length === 0 && withDump.length > 0) {
      const name = `outbound|${d.port ?? ''}|${d.subset ?? ''}|${d.host}`;
      for (const p of withDump.slice(0, 3)) addGap(gaps, name, p, [src, { file: p.files.config_dump!, jsonPath: clusterSectionPath(p), excerpt: `no cluster for ${d.host}` }]);
      continue;
    }
    if (!d.subset) continue;
    for (const p of seeing) {
      const ks = hostClusters(p);
      if (ks.some((k) => k.subset === d.subset)) continue;
      const name = `outbound|${d.port ?? ks[0].port}|${d.subset}|${d.host}`;
      addGap(gaps, name, p, [src, { file: p.files.config_dump!, jsonPath: clusterSectionPath(p), excerpt: `no cluster named ${name}` }]);
    }
  }
  return [...gaps.values()].map((g) => {
    const check = g.subset ? CHECKS.subsetClusterMissing : CHECKS.hostClusterMissing;
    return proxyFinding(check, g.cluster, {
      data: { proxies: g.proxies.length, cluster: g.cluster, subset: g.subset, host: g.host, port: g.port || 'any' },
      evidence: g.evidence, resources: g.proxies.map(podRef), count: g.proxies.length,
    });
  });
}

const UNHEALTHY_EDS = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED']);

/** Subset clusters without EDS endpoints; clusters whose endpoints are all unhealthy. */
export function checkEndpoints(proxies: ProxySnapshot[]): Finding[] {
  const empty = new Map<string, Gap>();
  const unhealthy = new Map<string, Gap & { total: number; flags: Set<string> }>();
  for (const p of proxies) {
    const dump = p.configDump;
    if (!dump) continue;
    const eds = new Map(dump.endpoints().map((e) => [e.clusterName, e]));
    const hostsText = new Map((p.clusters?.clusters ?? []).map((c) => [c.name, c]));
    for (const c of dump.clusters()) {
      const k = parseSubsetKey(c.name);
      if (k.direction !== 'outbound' || str(c.value, 'type') !== 'EDS') continue;
      const cla = eds.get(c.name);
      const lbs = cla ? arr(cla.value, 'endpoints').flatMap((l) => arr(l, 'lb_endpoints')) : [];
      if (k.subset && dump.hasEds() && lbs.length === 0) {
        const ev: Evidence = cla
          ? { file: p.files.config_dump!, jsonPath: cla.jsonPath, excerpt: `${c.name}: no lb_endpoints` }
          : { file: p.files.config_dump!, jsonPath: c.jsonPath, excerpt: `${c.name}: no EDS assignment` };
        addGap(empty, c.name, p, [ev]);
        continue;
      }
      const text = hostsText.get(c.name);
      let total = 0;
      let flags: string[] = [];
      let ev: Evidence | undefined;
      if (text && text.hosts.length > 0) {
        total = text.hosts.length;
        if (text.hosts.some((h) => h.healthy)) continue;
        flags = text.hosts.flatMap((h) => h.healthFlags);
        ev = p.files.clusters ? { file: p.files.clusters, line: text.hosts[0].healthFlagsLine ?? text.hosts[0].line, excerpt: `${c.name}::${text.hosts[0].address}::health_flags::${text.hosts[0].healthFlags.join('/')}` } : undefined;
      } else if (lbs.length > 0) {
        total = lbs.length;
        const statuses = lbs.map((e) => str(e, 'health_status') || 'UNKNOWN');
        if (!statuses.every((s) => UNHEALTHY_EDS.has(s))) continue;
        flags = statuses;
        ev = { file: p.files.config_dump!, jsonPath: cla!.jsonPath, excerpt: `${c.name}: ${statuses.join(', ')}` };
      } else continue;
      if (!ev) continue;
      let g = unhealthy.get(c.name);
      if (!g) {
        g = { cluster: c.name, host: k.hostname, subset: k.subset, port: k.port, proxies: [], evidence: [], total, flags: new Set() };
        unhealthy.set(c.name, g);
      }
      g.proxies.push(p);
      flags.forEach((f) => g!.flags.add(f));
      if (g.evidence.length < MAX_EVIDENCE) g.evidence.push(ev);
    }
  }
  return [
    ...[...empty.values()].map((g) => proxyFinding(CHECKS.subsetNoEndpoints, g.cluster, {
      data: { cluster: g.cluster, subset: g.subset, proxies: g.proxies.length }, evidence: g.evidence, resources: g.proxies.map(podRef), count: g.proxies.length,
    })),
    ...[...unhealthy.values()].map((g) => proxyFinding(CHECKS.noHealthyEndpoints, g.cluster, {
      data: { cluster: g.cluster, total: g.total, flags: [...g.flags].join(', '), proxies: g.proxies.length }, evidence: g.evidence, resources: g.proxies.map(podRef), count: g.proxies.length,
    })),
  ];
}

/**
 * Envoy configuration per workload, as names: the clusters, listeners and route configurations of the
 * workload's proxies' config dumps (the union over its pods, since pod names change with every rollout),
 * and what was added or removed between two bundles.
 */
import type { ProxySnapshot } from '../proxy/snapshot.js';
import { workloadOf } from '../model/pods.js';

/** One workload's Envoy config, by name. `workload` is `namespace/name` of the Deployment/DaemonSet/StatefulSet (or pod). */
export interface ProxyDigestEntry {
  workload: string;
  pods: string[];
  clusters: string[];
  listeners: string[];
  routes: string[];
}

export interface ProxyChange {
  workload: string;
  change: 'added' | 'removed' | 'changed';
  clusters: { added: string[]; removed: string[] };
  listeners: { added: string[]; removed: string[] };
  routes: { added: string[]; removed: string[] };
}

/**
 * Digest of the proxies that have a parsed config dump. `workloadOfPod` maps `namespace/pod` to the workload
 * name (from the pod's owner); without it the pod name loses its generated suffixes.
 */
export function proxyDigest(proxies: readonly ProxySnapshot[], workloadOfPod: ReadonlyMap<string, string> = new Map()): ProxyDigestEntry[] {
  const by = new Map<string, { pods: Set<string>; clusters: Set<string>; listeners: Set<string>; routes: Set<string> }>();
  for (const p of proxies) {
    const dump = p.configDump;
    if (!dump) continue;
    const w = `${p.namespace}/${workloadOfPod.get(`${p.namespace}/${p.pod}`) ?? workloadOf(p.pod)}`;
    let e = by.get(w);
    if (!e) by.set(w, (e = { pods: new Set(), clusters: new Set(), listeners: new Set(), routes: new Set() }));
    e.pods.add(p.pod);
    for (const c of dump.clusters()) if (c.name) e.clusters.add(c.name);
    for (const l of dump.listeners()) if (l.name) e.listeners.add(l.name);
    for (const r of dump.routes()) if (r.name) e.routes.add(r.name);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return [...by].map(([workload, e]) => ({ workload, pods: sorted(e.pods), clusters: sorted(e.clusters), listeners: sorted(e.listeners), routes: sorted(e.routes) }))
    .sort((a, b) => a.workload.localeCompare(b.workload));
}

function setDiff(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  const sa = new Set(a);
  const sb = new Set(b);
  return { added: b.filter((x) => !sa.has(x)), removed: a.filter((x) => !sb.has(x)) };
}

/**
 * Workloads whose proxies appeared, disappeared, or gained or lost clusters, listeners or routes. A workload
 * only one bundle dumped is `added`/`removed` with its whole config listed.
 */
export function diffProxies(before: readonly ProxyDigestEntry[], after: readonly ProxyDigestEntry[]): ProxyChange[] {
  const a = new Map(before.map((p) => [p.workload, p]));
  const b = new Map(after.map((p) => [p.workload, p]));
  const empty: ProxyDigestEntry = { workload: '', pods: [], clusters: [], listeners: [], routes: [] };
  const out: ProxyChange[] = [];
  for (const w of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(w) ?? empty;
    const y = b.get(w) ?? empty;
    const c: ProxyChange = { workload: w, change: !a.has(w) ? 'added' : !b.has(w) ? 'removed' : 'changed', clusters: setDiff(x.clusters, y.clusters), listeners: setDiff(x.listeners, y.listeners), routes: setDiff(x.routes, y.routes) };
    const n = c.clusters.added.length + c.clusters.removed.length + c.listeners.added.length + c.listeners.removed.length + c.routes.added.length + c.routes.removed.length;
    if (c.change !== 'changed' || n > 0) out.push(c);
  }
  return out;
}

/** Config-graph helpers: normalize node shapes, filter to a namespace or host (with everything routed to/from it), and lay out with dagre. */
import dagre from '@dagrejs/dagre';
import type { ConfigGraph, ConfigGraphEdge, ConfigGraphNode } from '../../../analyzers/contract/backend.js';

export interface GNode {
  id: string; kind: string; namespace?: string; name: string; missing: boolean; file?: string; line?: number; findingIds: string[];
  /** A summary node standing for `members` (many Pods behind the same Services): click to show them. */
  members?: string[];
}
export interface GEdge { id: string; from: string; to: string; kind: string; label?: string; findingIds: string[] }

export function normalize(g: ConfigGraph): { nodes: GNode[]; edges: GEdge[] } {
  const nodes = g.nodes.map((n: ConfigGraphNode) => ({
    id: n.id, kind: n.ref?.kind ?? n.kind ?? 'Resource', namespace: n.ref?.namespace ?? n.namespace, name: n.ref?.name ?? n.name ?? n.id,
    missing: !!n.missing, file: n.file, line: n.line, findingIds: n.findingIds ?? [],
  }));
  const edges = g.edges.map((e: ConfigGraphEdge, i) => ({ id: `${e.from}->${e.to}#${i}`, from: e.from, to: e.to, kind: e.type ?? e.kind ?? '', label: e.label, findingIds: e.findingIds ?? [] }));
  return { nodes, edges };
}

/** Nodes in `namespace` (all when empty) whose name contains `host`, plus every node upstream or downstream of them. */
export function filterGraph(g: { nodes: GNode[]; edges: GEdge[] }, namespace: string, host: string, onlyFindings: boolean, within?: ReadonlySet<string>) {
  const seeds = g.nodes.filter((n) => (!within || within.has(n.id)) && (!namespace || n.namespace === namespace) && (!host || n.name.includes(host)) && (!onlyFindings || n.findingIds.length > 0));
  const keep = new Set(seeds.map((n) => n.id));
  if (host || onlyFindings) {
    const out = new Map<string, string[]>(), inc = new Map<string, string[]>();
    for (const e of g.edges) {
      out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
      inc.set(e.to, [...(inc.get(e.to) ?? []), e.from]);
    }
    for (const adj of [out, inc]) {
      const stack = seeds.map((n) => n.id);
      const seen = new Set(stack);
      while (stack.length) for (const m of adj.get(stack.pop()!) ?? []) if (!seen.has(m)) { seen.add(m); keep.add(m); stack.push(m); }
    }
  }
  if (within) for (const id of [...keep]) if (!within.has(id)) keep.delete(id);
  return { nodes: g.nodes.filter((n) => keep.has(n.id)), edges: g.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}

export const NODE_W = 200;
export const NODE_H = 58;

/** Left-to-right dagre layout; returns top-left positions. */
export function layout(nodes: GNode[], edges: GEdge[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const e of edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    pos.set(n.id, { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 });
  }
  return pos;
}

/**
 * Many Pods behind the same parents (a Service, its Endpoints and EndpointSlices: 40 sidecars of one istiod)
 * read as one node "40 Pods" instead of 40 tiny ones. Pods are grouped by the set of nodes that point at them;
 * a group larger than `limit` becomes one summary node (id `pods:<parents>`) with the union of their findings,
 * unless its id is in `expanded`. Pods with findings stay visible on their own.
 */
export function collapseFanOut(g: { nodes: GNode[]; edges: GEdge[] }, limit = 8, expanded: ReadonlySet<string> = new Set()): { nodes: GNode[]; edges: GEdge[] } {
  const parents = new Map<string, string[]>();
  for (const e of g.edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  const byKey = new Map<string, GNode[]>();
  for (const n of g.nodes) {
    if (n.kind !== 'Pod' || n.findingIds.length || !parents.get(n.id)?.length) continue;
    const key = [...new Set(parents.get(n.id))].sort().join('|');
    byKey.set(key, [...(byKey.get(key) ?? []), n]);
  }
  const into = new Map<string, string>();
  const summaries: GNode[] = [];
  for (const [key, pods] of byKey) {
    const id = `pods:${key}`;
    if (pods.length <= limit || expanded.has(id)) continue;
    const namespaces = [...new Set(pods.map((p) => p.namespace).filter((x): x is string => !!x))];
    summaries.push({ id, kind: 'Pod', name: `${pods.length} Pods`, ...(namespaces.length === 1 ? { namespace: namespaces[0] } : {}), missing: false, findingIds: [], members: pods.map((p) => p.id) });
    for (const p of pods) into.set(p.id, id);
  }
  if (!summaries.length) return g;
  const seen = new Set<string>();
  const edges: GEdge[] = [];
  for (const e of g.edges) {
    const from = into.get(e.from) ?? e.from, to = into.get(e.to) ?? e.to;
    const k = `${from}->${to}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push(from === e.from && to === e.to ? e : { ...e, id: `${e.id}~`, from, to, label: undefined });
  }
  return { nodes: [...g.nodes.filter((n) => !into.has(n.id)), ...summaries], edges };
}

/** Nodes that the given findings name, and everything routed to or from them (the incident's neighbourhood). */
export function neighbourhood(g: { nodes: GNode[]; edges: GEdge[] }, findingIds: ReadonlySet<string>): Set<string> {
  const seeds = g.nodes.filter((n) => n.findingIds.some((id) => findingIds.has(id))).map((n) => n.id);
  const keep = new Set(seeds);
  const out = new Map<string, string[]>(), inc = new Map<string, string[]>();
  for (const e of g.edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    inc.set(e.to, [...(inc.get(e.to) ?? []), e.from]);
  }
  for (const s of seeds) {
    for (const m of out.get(s) ?? []) keep.add(m);
    for (const m of inc.get(s) ?? []) keep.add(m);
  }
  return keep;
}

/** The graph without Endpoints and EndpointSlice nodes (Service → Pod edges say the same), except those with findings. */
export function withoutEndpoints(g: { nodes: GNode[]; edges: GEdge[] }): { nodes: GNode[]; edges: GEdge[] } {
  const drop = new Set(g.nodes.filter((n) => (n.kind === 'Endpoints' || n.kind === 'EndpointSlice') && !n.findingIds.length).map((n) => n.id));
  if (!drop.size) return g;
  return { nodes: g.nodes.filter((n) => !drop.has(n.id)), edges: g.edges.filter((e) => !drop.has(e.from) && !drop.has(e.to)) };
}

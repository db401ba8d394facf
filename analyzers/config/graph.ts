/**
 * The config graph the UI draws: Gateway → VirtualService → DestinationRule → Service/ServiceEntry →
 * Endpoints/EndpointSlice → Pod, plus the policies (AuthorizationPolicy, PeerAuthentication,
 * RequestAuthentication, Sidecar, Telemetry, EnvoyFilter, WasmPlugin) linked to the pods they select
 * or the namespace they cover. Hosts that resolve to nothing appear as `missing` host nodes. Each node
 * and edge carries the ids of the findings about it (a node: findings naming its resource; an edge:
 * findings naming both ends).
 */
import { resourceKey, resourceRef, type Resource, type ResourceRef } from '../model/k8s.js';
import type { Finding, Severity } from '../model/finding.js';
import { matchesLabels } from './labels.js';
import { nsOf } from './kinds/common.js';
import { drExportTo, drHost } from './kinds/destinationrule.js';
import { endpointAddresses, endpointsServiceName } from './kinds/endpoints.js';
import { gatewaySelector, isKubernetesGateway } from './kinds/gateway.js';
import { annotationsOf, labelsOf } from './kinds/common.js';
import { policySelector, policyTargetRefs } from './kinds/policy.js';
import { meshRole } from './kinds/pod.js';
import { allDestinations, vsExportTo, vsGateways } from './kinds/virtualservice.js';
import type { SharedIndexes } from './view.js';

export type EdgeType =
  | 'binds' // Gateway → VirtualService
  | 'routes-to' // VirtualService → Service/ServiceEntry (or a missing host)
  | 'subset-of' // VirtualService → DestinationRule (destination uses the rule's host)
  | 'configures' // DestinationRule → Service/ServiceEntry
  | 'endpoints' // Service → Endpoints/EndpointSlice
  | 'selects' // Service/Endpoints/Gateway → Pod
  | 'applies-to' // policy → Pod or Namespace
  | 'captures' // ztunnel Pod → the ambient Pods on its node (ambient.istio.io/redirection: enabled)
  | 'waypoint-for'; // waypoint (Gateway of class istio-waypoint, or its Pod) → the Services (or Pods) that use it

export interface GraphNode {
  id: string;
  ref: ResourceRef;
  /** `Host` nodes stand for a destination that resolved to nothing. */
  missing?: boolean;
  file?: string;
  line?: number;
  findingIds: string[];
  /** Worst severity among the node's findings. */
  severity?: Severity;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  type: EdgeType;
  /** e.g. `reviews:9080 subset v2`, or the selector. */
  label?: string;
  findingIds: string[];
}

export interface ConfigGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const POLICY_KINDS = ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Sidecar', 'Telemetry', 'EnvoyFilter', 'WasmPlugin'];
const RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Node id: kind (with the API group for Gateway API Gateways), namespace and name. */
export function nodeId(r: Pick<Resource, 'kind' | 'namespace' | 'name'> & { apiVersion?: string }): string {
  const kind = r.kind === 'Gateway' && r.apiVersion && isKubernetesGateway(r as Resource) ? 'gateway.networking.k8s.io/Gateway' : r.kind;
  return `${kind}:${r.namespace ?? ''}/${r.name}`;
}

export function buildConfigGraph(resources: readonly Resource[], idx: SharedIndexes, findings: readonly Finding[]): ConfigGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const of = (kind: string) => resources.filter((r) => r.kind === kind);
  const node = (r: Resource) => {
    const id = nodeId(r);
    if (!nodes.has(id)) nodes.set(id, { id, ref: resourceRef(r), file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}), findingIds: [] });
    return id;
  };
  const missingHost = (ns: string, host: string) => {
    const id = `Host:${ns}/${host}`;
    if (!nodes.has(id)) nodes.set(id, { id, ref: { kind: 'Host', namespace: ns, name: host }, missing: true, findingIds: [] });
    return id;
  };
  const edge = (from: string, to: string, type: EdgeType, label?: string) => {
    const id = `${type}:${from}->${to}${label ? `#${label}` : ''}`;
    if (!edges.has(id)) edges.set(id, { id, from, to, type, ...(label ? { label } : {}), findingIds: [] });
  };

  const reg = idx.registry();
  const istioGateways = new Map(of('Gateway').filter((g) => !isKubernetesGateway(g)).map((g) => [`${nsOf(g)}/${g.name}`, g]));
  const drs = of('DestinationRule');

  for (const vs of of('VirtualService')) {
    const v = node(vs);
    const ns = nsOf(vs);
    for (const gw of vsGateways(vs)) {
      if (gw === 'mesh') continue;
      const full = gw.includes('/') ? gw : `${ns}/${gw}`;
      const g = istioGateways.get(full);
      if (g) edge(node(g), v, 'binds');
    }
    for (const d of allDestinations(vs)) {
      if (!d.destination.host) continue;
      const hit = reg.lookup(ns, vsExportTo(vs), d.destination.host);
      const label = `${d.destination.host}${d.destination.port ? `:${d.destination.port}` : ''}${d.destination.subset ? ` subset ${d.destination.subset}` : ''}`;
      edge(v, hit ? node(hit.resource) : missingHost(ns, d.destination.host), 'routes-to', label);
      if (!hit) continue;
      for (const dr of drs) {
        const drHit = reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr));
        if (drHit?.resource === hit.resource) edge(v, node(dr), 'subset-of', d.destination.subset);
      }
    }
  }
  for (const dr of drs) {
    const hit = reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr));
    edge(node(dr), hit ? node(hit.resource) : missingHost(nsOf(dr), drHost(dr)), 'configures');
  }
  const services = new Map(of('Service').map((s) => [`${nsOf(s)}/${s.name}`, s]));
  const pods = new Map(of('Pod').map((p) => [`${nsOf(p)}/${p.name}`, p]));
  for (const ep of [...of('Endpoints'), ...of('EndpointSlice')]) {
    const svc = services.get(`${nsOf(ep)}/${endpointsServiceName(ep) ?? ''}`);
    if (!svc) continue;
    const e = node(ep);
    edge(node(svc), e, 'endpoints');
    for (const a of endpointAddresses(ep)) {
      const pod = a.pod && pods.get(`${a.pod.namespace ?? nsOf(ep)}/${a.pod.name}`);
      if (pod) edge(e, node(pod), 'selects', a.ready ? 'ready' : 'not ready');
    }
  }
  for (const [pod, svcs] of idx.servicesByPod()) for (const s of svcs) edge(node(s), node(pod), 'selects');
  for (const g of istioGateways.values()) {
    const sel = gatewaySelector(g);
    for (const pod of pods.values()) if (matchesLabels(sel, labelsOf(pod))) edge(node(g), node(pod), 'selects');
  }
  const namespaces = new Map(of('Namespace').map((n) => [n.name, n]));
  const byNs = idx.podsByNamespace();
  for (const p of POLICY_KINDS.flatMap(of)) {
    if (policyTargetRefs(p).length) continue;
    const sel = policySelector(p);
    if (sel && Object.keys(sel).length) {
      for (const pod of byNs.get(nsOf(p)) ?? []) if (matchesLabels(sel, labelsOf(pod))) edge(node(p), node(pod), 'applies-to');
    } else {
      const ns = namespaces.get(nsOf(p));
      if (ns) edge(node(p), node(ns), 'applies-to');
    }
  }

  ambientEdges(resources, pods, node, edge);

  const byRef = new Map<string, GraphNode[]>();
  for (const n of nodes.values()) {
    const k = resourceKey(n.ref);
    byRef.set(k, [...(byRef.get(k) ?? []), n]);
  }
  const edgesByNode = new Map<string, GraphEdge[]>();
  for (const e of edges.values()) {
    edgesByNode.set(e.from, [...(edgesByNode.get(e.from) ?? []), e]);
  }
  for (const f of findings) {
    const touched = new Set<string>();
    for (const ref of f.resources) {
      for (const n of byRef.get(resourceKey(ref)) ?? []) {
        n.findingIds.push(f.id);
        touched.add(n.id);
        if (!n.severity || RANK[f.severity] < RANK[n.severity]) n.severity = f.severity;
      }
    }
    for (const from of touched) for (const e of edgesByNode.get(from) ?? []) if (touched.has(e.to)) e.findingIds.push(f.id);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NS = 'istio.io/use-waypoint-namespace';
const FOR_SERVICE_ACCOUNT = 'istio.io/for-service-account';
const WAYPOINT_CLASS = 'istio-waypoint';
const WAYPOINT_FOR = 'istio.io/waypoint-for';

/**
 * The ambient data plane: each ztunnel Pod captures the ambient Pods scheduled on its node; each waypoint
 * serves the Services labelled `istio.io/use-waypoint: <name>` (or every Service of a namespace so labelled,
 * Istio 1.22+), or, for the Istio 1.18–1.21 waypoints, the Pods of the service account named in the
 * Gateway's `istio.io/for-service-account` annotation (the whole namespace without it). A waypoint is its
 * Gateway (class `istio-waypoint`) when the bundle has it, else its Pods.
 */
function ambientEdges(resources: readonly Resource[], pods: ReadonlyMap<string, Resource>, node: (r: Resource) => string, edge: (from: string, to: string, type: EdgeType, label?: string) => void): void {
  const roles = new Map([...pods.values()].map((p) => [p, meshRole(p)]));
  const nodeName = (p: Resource) => (typeof p.obj.spec?.nodeName === 'string' ? p.obj.spec.nodeName : undefined);
  const ztunnels = [...roles].filter(([, r]) => r === 'ztunnel').map(([p]) => p);
  for (const [pod, role] of roles) {
    if (role !== 'ambient') continue;
    for (const z of ztunnels) if (nodeName(z) && nodeName(z) === nodeName(pod)) edge(node(z), node(pod), 'captures', nodeName(pod));
  }
  const waypointGateways = new Map(resources.filter((r) => r.kind === 'Gateway' && isKubernetesGateway(r) && r.obj.spec?.gatewayClassName === WAYPOINT_CLASS).map((g) => [`${nsOf(g)}/${g.name}`, g]));
  const waypointPods = new Map<string, Resource[]>();
  for (const [p, role] of roles) {
    if (role !== 'waypoint') continue;
    const l = labelsOf(p);
    const name = l['gateway.networking.k8s.io/gateway-name'] ?? l['istio.io/gateway-name'];
    if (name) waypointPods.set(`${nsOf(p)}/${name}`, [...(waypointPods.get(`${nsOf(p)}/${name}`) ?? []), p]);
  }
  const waypointNodes = (key: string): string[] => {
    const g = waypointGateways.get(key);
    return g ? [node(g)] : (waypointPods.get(key) ?? []).map(node);
  };
  const namespaces = new Map(resources.filter((r) => r.kind === 'Namespace').map((n) => [n.name, labelsOf(n)]));
  for (const svc of resources.filter((r) => r.kind === 'Service')) {
    const l = labelsOf(svc);
    const nsl = namespaces.get(nsOf(svc)) ?? {};
    const name = l[USE_WAYPOINT] ?? nsl[USE_WAYPOINT];
    if (!name || name === 'none') continue;
    const key = `${l[USE_WAYPOINT_NS] ?? nsl[USE_WAYPOINT_NS] ?? nsOf(svc)}/${name}`;
    for (const w of waypointNodes(key)) edge(w, node(svc), 'waypoint-for');
  }
  // Istio 1.18–1.21 waypoints (no `istio.io/waypoint-for` label): per service account, or the whole namespace
  for (const [key, g] of waypointGateways) {
    if (labelsOf(g)[WAYPOINT_FOR] !== undefined) continue;
    const sa = annotationsOf(g)[FOR_SERVICE_ACCOUNT];
    for (const [p, role] of roles) {
      if (role !== 'ambient' || nsOf(p) !== key.slice(0, key.indexOf('/'))) continue;
      if (sa === undefined || p.obj.spec?.serviceAccountName === sa) edge(node(g), node(p), 'waypoint-for', sa ? `service account ${sa}` : 'namespace');
    }
  }
}

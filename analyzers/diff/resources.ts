/**
 * Semantic, field-level diff of the Kubernetes and Istio resources of two bundles.
 *
 * `resourceDigest` keeps, per configuration resource, a normalized copy of the object: no `status` (state is
 * compared through findings and the state at capture), no server-side bookkeeping (`resourceVersion`,
 * `managedFields`, `generation`, `uid`, `creationTimestamp`, `selfLink`, `ownerReferences`, the
 * `kubectl.kubernetes.io/last-applied-configuration` and `deployment.kubernetes.io/revision` annotations,
 * webhook `caBundle`s that rotate), arrays of named items keyed by name (`spec.subsets[v2]`, route destinations
 * by position, named by their destination), string lists as sets (but `command` and `args`), and ConfigMap values that are YAML/JSON documents (the `istio`
 * ConfigMap's `mesh`) parsed, so a change reads `data.mesh.defaultConfig.holdApplicationUntilProxyStarts`.
 * Kinds that are state rather than configuration (Pods, ReplicaSets, Endpoints, Events, Leases, Nodes,
 * CSRs) and Secrets (never kept) are left out.
 *
 * `diffResources` matches resources by kind, namespace and name and compares the normalized objects with
 * microdiff (docs/diff.md says why that library).
 */
import diff from 'microdiff';
import { parse as parseYaml } from 'yaml';
import type { Resource } from '../model/k8s.js';

/** A resource as the diff sees it: identity, where it was read, and its normalized body. */
export interface ResourceDigestEntry {
  kind: string;
  namespace?: string;
  name: string;
  file: string;
  line?: number;
  body: Record<string, unknown>;
}

export type FieldChangeType = 'added' | 'removed' | 'changed';

/** One field that differs; `path` is dotted with `[key]` for keyed array items (`spec.subsets[v2].labels.version`). */
export interface FieldChange {
  path: string;
  type: FieldChangeType;
  before?: unknown;
  after?: unknown;
  /** The change in an engineer's words when the field is a well-known one ("subset v2 label version"). */
  what?: string;
}

export interface ResourceChange {
  kind: string;
  namespace?: string;
  name: string;
  change: FieldChangeType;
  /** Where the resource was read in each bundle. */
  before?: { file: string; line?: number };
  after?: { file: string; line?: number };
  /** Field changes (for `changed`). */
  fields: FieldChange[];
}

/** Kinds that describe state or churn with every rollout, not configuration; Secrets are never kept. */
const STATE_KINDS = new Set([
  'Pod', 'ReplicaSet', 'Endpoints', 'EndpointSlice', 'Event', 'Lease', 'ControllerRevision', 'Node', 'CertificateSigningRequest',
  'CertificateRequest', 'Order', 'Challenge', 'Secret', 'CustomResourceDefinition', 'ComponentStatus', 'PodMetrics', 'NodeMetrics',
  'VolumeAttachment', 'CSINode', 'Job',
  // CNI and IPAM bookkeeping, one object per pod, node or address block
  'CiliumEndpoint', 'CiliumEndpointSlice', 'CiliumIdentity', 'CiliumNode', 'BlockAffinity', 'IPAMBlock', 'IPAMHandle', 'IPPool',
]);
const META_DROP = new Set(['resourceVersion', 'managedFields', 'generation', 'uid', 'creationTimestamp', 'selfLink', 'ownerReferences', 'deletionGracePeriodSeconds', 'finalizers', 'generateName']);
const ANNOTATION_DROP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'deprecated.daemonset.template.generation',
  'meta.helm.sh/release-name', 'meta.helm.sh/release-namespace',
  // ConfigMap/Endpoints-based leader election rewrites this every renewal
  'control-plane.alpha.kubernetes.io/leader',
]);
/** Lists whose order is their meaning: never compared as sets. */
const ORDERED_KEYS = new Set(['command', 'args']);
const KEY_DROP = new Set(['caBundle']);
/** Longest string kept whole; longer ones are kept as a length and a short digest so a change still shows. */
const MAX_STRING = 2000;

/** The resources worth comparing, normalized. Pure; the input is not modified. */
export function resourceDigest(resources: readonly Resource[]): ResourceDigestEntry[] {
  const out: ResourceDigestEntry[] = [];
  for (const r of resources) {
    if (STATE_KINDS.has(r.kind)) continue;
    const { status: _status, metadata, ...rest } = r.obj;
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(metadata ?? {})) {
      if (META_DROP.has(k) || k === 'name' || k === 'namespace') continue;
      if (k === 'annotations' && v && typeof v === 'object') {
        const kept = Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([a]) => !ANNOTATION_DROP.has(a)));
        if (Object.keys(kept).length) meta[k] = kept;
      } else meta[k] = v;
    }
    const body: Record<string, unknown> = { ...(Object.keys(meta).length ? { metadata: meta } : {}) };
    for (const [k, v] of Object.entries(rest)) {
      if (k === 'apiVersion' || k === 'kind') continue;
      body[k] = r.kind === 'ConfigMap' && k === 'data' ? configMapData(v) : v;
    }
    out.push({ kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name, file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}), body: normalize(body) as Record<string, unknown> });
  }
  return out;
}

/** ConfigMap values that are YAML or JSON mappings (mesh config, values) become objects; other values stay strings. */
function configMapData(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (typeof v === 'string' && v.includes(':') && !v.includes('{{')) {
      try {
        const parsed: unknown = parseYaml(v);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) { out[k] = parsed; continue; }
      } catch { /* not YAML: compared as a string */ }
    }
    out[k] = v;
  }
  return out;
}

/**
 * How an array item names itself: its `name`, a port number, a mount path. Route destinations keep their
 * position (a subset or host change is then a field change, not a removal and an addition); `describeField`
 * names them by their destination.
 */
function itemKey(x: unknown): string | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const o = x as Record<string, any>;
  if (typeof o.name === 'string' && o.name) return o.name;
  if (typeof o.containerPort === 'number') return String(o.containerPort);
  if (typeof o.port === 'number') return String(o.port);
  if (o.port && typeof o.port === 'object' && typeof o.port.number === 'number') return String(o.port.number);
  if (typeof o.mountPath === 'string') return o.mountPath;
  return undefined;
}

/** Keyed arrays become `{ "[key]": item }`; string arrays become sets; noise keys and nulls go. */
function normalize(v: unknown, ordered = false): unknown {
  if (typeof v === 'string') {
    // PEM blocks (root certificates in ConfigMaps, CA bundles) compare by digest: their text says nothing readable
    if (v.includes('-----BEGIN ')) return `(PEM, ${(v.match(/-----BEGIN /g) ?? []).length} block(s), digest ${fnv(v)})`;
    return v.length > MAX_STRING ? `(${v.length} characters, digest ${fnv(v)})` : v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x));
    if (!ordered && items.length > 0 && items.every((x) => typeof x === 'string') && new Set(items).size === items.length) return Object.fromEntries((items as string[]).map((s) => [`[${s}]`, true]));
    const keys = v.map(itemKey);
    if (keys.length > 0 && keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) return Object.fromEntries(keys.map((k, i) => [`[${k}]`, items[i]]));
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (KEY_DROP.has(k) || x === null || x === undefined) continue;
    out[k] = normalize(x, ORDERED_KEYS.has(k));
  }
  return out;
}

/** FNV-1a 32-bit, hex: a short digest so that two long strings compare without being printed. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const idOf = (r: { kind: string; namespace?: string; name: string }) => `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}`;

/** Path segments as an engineer reads them: `spec.http[reviews-route].route[reviews/v2].weight`. */
export function fieldPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (s.startsWith('[')) out += s;
    else out += out ? `.${s}` : s;
  }
  return out;
}

/** A set member (`[value]: true`) added or removed reads as the value, not as `true`. */
function setMember(path: ReadonlyArray<string | number>, v: unknown): boolean {
  const last = path[path.length - 1];
  return v === true && typeof last === 'string' && last.startsWith('[');
}

/** Resources added, removed and changed between two digests, sorted by kind, namespace, name. */
export function diffResources(before: readonly ResourceDigestEntry[], after: readonly ResourceDigestEntry[]): ResourceChange[] {
  const a = new Map(before.map((r) => [idOf(r), r]));
  const b = new Map(after.map((r) => [idOf(r), r]));
  const out: ResourceChange[] = [];
  const at = (r: ResourceDigestEntry) => ({ file: r.file, ...(r.line ? { line: r.line } : {}) });
  const ident = (r: ResourceDigestEntry) => ({ kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name });
  for (const [id, r] of a) {
    const n = b.get(id);
    if (!n) { out.push({ ...ident(r), change: 'removed', before: at(r), fields: [] }); continue; }
    const fields: FieldChange[] = diff(r.body, n.body).map((d) => {
      const path = fieldPath(d.path);
      const type: FieldChangeType = d.type === 'CREATE' ? 'added' : d.type === 'REMOVE' ? 'removed' : 'changed';
      const fc: FieldChange = { path, type };
      if (d.type !== 'CREATE' && !setMember(d.path, d.oldValue)) fc.before = d.oldValue;
      if (d.type !== 'REMOVE' && !setMember(d.path, (d as { value?: unknown }).value)) fc.after = (d as { value?: unknown }).value;
      const what = describeField(r.kind, path, d.type === 'REMOVE' ? r.body : n.body);
      if (what) fc.what = what;
      return fc;
    });
    if (fields.length) out.push({ ...ident(r), change: 'changed', before: at(r), after: at(n), fields });
  }
  for (const [id, r] of b) if (!a.has(id)) out.push({ ...ident(r), change: 'added', after: at(r), fields: [] });
  return out.sort((x, y) => x.kind.localeCompare(y.kind) || (x.namespace ?? '').localeCompare(y.namespace ?? '') || x.name.localeCompare(y.name));
}

/** Well-known fields, named as an engineer reads them. The first matching pattern wins. */
const FIELD_WORDS: Array<{ kinds: readonly string[]; re: RegExp; say: (m: RegExpExecArray, body: Record<string, unknown> | undefined) => string }> = [
  { kinds: ['VirtualService'], re: /^spec\.(http|tcp|tls)\[([^\]]+)\]\.route\[(\d+)\]\.weight$/, say: (m, b) => `weight of ${m[1]} route ${m[2]} to ${destination(b, m)}` },
  { kinds: ['VirtualService'], re: /^spec\.(http|tcp|tls)\[([^\]]+)\]\.route\[(\d+)\]\.destination\.(host|subset|port\.number)$/, say: (m, b) => `${m[4] === 'port.number' ? 'port' : m[4]} of ${m[1]} route ${m[2]} destination ${Number(m[3]) + 1} (now ${destination(b, m)})` },
  { kinds: ['VirtualService'], re: /^spec\.(http|tcp|tls)\[([^\]]+)\]\.route\[(\d+)\]$/, say: (m, b) => `${m[1]} route ${m[2]} destination ${Number(m[3]) + 1}${destination(b, m) !== '?' ? ` (${destination(b, m)})` : ''}` },
  { kinds: ['VirtualService'], re: /^spec\.(http|tcp|tls)\[([^\]]+)\]\.(timeout|retries.*|fault.*|mirror.*)$/, say: (m) => `${m[1]} route ${m[2]} ${m[3]}` },
  { kinds: ['DestinationRule'], re: /^spec\.subsets\[([^\]]+)\]\.labels\.(.+)$/, say: (m) => `subset ${m[1]} label ${m[2]}` },
  { kinds: ['DestinationRule'], re: /^spec\.subsets\[([^\]]+)\]$/, say: (m) => `subset ${m[1]}` },
  { kinds: ['DestinationRule'], re: /^spec\.(?:subsets\[([^\]]+)\]\.)?trafficPolicy\.tls\.mode$/, say: (m) => `TLS mode${m[1] ? ` of subset ${m[1]}` : ''}` },
  { kinds: ['DestinationRule'], re: /^spec\.(?:subsets\[([^\]]+)\]\.)?trafficPolicy\.connectionPool\.(.+)$/, say: (m) => `connection pool ${m[2]}${m[1] ? ` of subset ${m[1]}` : ''}` },
  { kinds: ['DestinationRule'], re: /^spec\.(?:subsets\[([^\]]+)\]\.)?trafficPolicy\.outlierDetection\.(.+)$/, say: (m) => `outlier detection ${m[2]}${m[1] ? ` of subset ${m[1]}` : ''}` },
  { kinds: ['PeerAuthentication'], re: /^spec\.mtls\.mode$/, say: () => 'mTLS mode' },
  { kinds: ['PeerAuthentication'], re: /^spec\.portLevelMtls\[([^\]]+)\]\.mode$/, say: (m) => `mTLS mode on port ${m[1]}` },
  { kinds: ['AuthorizationPolicy'], re: /^spec\.action$/, say: () => 'action' },
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], re: /^spec\.replicas$/, say: () => 'replicas' },
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], re: /^spec\.template\.spec\.(?:initContainers|containers)\[([^\]]+)\]\.image$/, say: (m) => `image of container ${m[1]}` },
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], re: /^spec\.template\.spec\.(?:initContainers|containers)\[([^\]]+)\]\.resources\.(limits|requests)\.(\w+)$/, say: (m) => `${m[3]} ${m[2] === 'limits' ? 'limit' : 'request'} of container ${m[1]}` },
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], re: /^spec\.template\.spec\.(?:initContainers|containers)\[([^\]]+)\]\.env\[([^\]]+)\]\.value$/, say: (m) => `env ${m[2]} of container ${m[1]}` },
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'], re: /^spec\.template\.metadata\.annotations\.kubectl\.kubernetes\.io\/restartedAt$/, say: () => 'rollout restart (kubectl rollout restart)' },
  { kinds: ['ConfigMap'], re: /^data\.mesh\.(.+)$/, say: (m) => `meshConfig ${m[1]}` },
  { kinds: ['Namespace'], re: /^metadata\.labels\.(istio-injection|istio\.io\/rev|istio\.io\/dataplane-mode)$/, say: (m) => `namespace label ${m[1]}` },
];

/** `reviews subset v2 port 9080` for the route destination the match names (m[1] http|tcp|tls, m[2] route key, m[3] index), in `body`. */
function destination(body: Record<string, unknown> | undefined, m: RegExpExecArray): string {
  const routes = (body?.spec as Record<string, any> | undefined)?.[m[1]!];
  const route = routes?.[/^\d+$/.test(m[2]!) && Array.isArray(routes) ? Number(m[2]) : `[${m[2]}]`];
  const d = route?.route?.[Number(m[3])]?.destination;
  if (!d || typeof d.host !== 'string') return '?';
  return `${d.host}${d.subset ? ` subset ${d.subset}` : ''}${d.port?.number !== undefined ? ` port ${d.port.number}` : ''}`;
}

/**
 * The engineer's name for a changed field of `kind` at `path` (as `fieldPath` prints it), or undefined when it
 * has none beyond its path. `body` is the normalized object the path points into (to name route destinations).
 */
export function describeField(kind: string, path: string, body?: Record<string, unknown>): string | undefined {
  for (const w of FIELD_WORDS) {
    if (!w.kinds.includes(kind)) continue;
    const m = w.re.exec(path);
    if (m) return w.say(m, body);
  }
  return undefined;
}

/**
 * Istio mesh config (`istio.mesh.v1alpha1.MeshConfig`) as the analyzers need it: read from the
 * ConfigMap `<istioNamespace>/istio` (or `istio-<revision>`), key `mesh` (YAML), or from istiod's
 * `debug/mesh` endpoint (JSON), and merged over Istio's defaults (`mesh.DefaultMeshConfig()`).
 */
import { load } from 'js-yaml';
import type { Resource } from '../model/k8s.js';
import type { MeshConfigView } from '../rules/define.js';

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** Istio's defaults for the fields the analyzers read. */
export function defaultMeshConfig(): Record<string, unknown> {
  return {
    rootNamespace: DEFAULT_ISTIO_NAMESPACE,
    ingressService: 'istio-ingressgateway',
    ingressControllerMode: 'STRICT',
    ingressClass: 'istio',
    enableAutoMtls: true,
    trustDomain: 'cluster.local',
    defaultConfig: { proxyMetadata: {} },
    outboundTrafficPolicy: { mode: 'ALLOW_ANY' },
    extensionProviders: [
      { name: 'prometheus', prometheus: {} },
      { name: 'stackdriver', stackdriver: {} },
      { name: 'envoy', envoyFileAccessLog: { path: '/dev/stdout' } },
    ],
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of `over` onto `base` for mappings; lists and scalars replace (as proto merge of a YAML overlay does for these fields). */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isRecord(v) && isRecord(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** The typed view over a raw (already merged) mesh config. */
export function meshView(raw: Record<string, unknown>): MeshConfigView {
  const str = (k: string, d: string) => (typeof raw[k] === 'string' && raw[k] ? (raw[k] as string) : d);
  return {
    rootNamespace: str('rootNamespace', DEFAULT_ISTIO_NAMESPACE),
    ingressService: str('ingressService', 'istio-ingressgateway'),
    ingressControllerMode: str('ingressControllerMode', 'STRICT'),
    raw,
  };
}

/**
 * Parses a mesh config document (YAML or JSON; `debug/mesh` JSON works too) and merges it over the
 * defaults. Returns the defaults and an error message when the text does not parse to a mapping.
 */
export function parseMeshConfig(text: string): { mesh: MeshConfigView; error?: string } {
  let doc: unknown;
  try {
    doc = load(text, { maxDepth: 50, maxAliases: 50 } as never);
  } catch (e) {
    return { mesh: meshView(defaultMeshConfig()), error: `mesh config not parsed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` };
  }
  if (doc === null || doc === undefined) return { mesh: meshView(defaultMeshConfig()) };
  if (!isRecord(doc)) return { mesh: meshView(defaultMeshConfig()), error: 'mesh config is not a mapping; used the defaults' };
  return { mesh: meshView(merge(defaultMeshConfig(), doc)) };
}

/**
 * The mesh-config ConfigMap among `resources`: `istio` in `istioNamespace` first, then `istio` in any
 * namespace, then `istio-<revision>` in `istioNamespace`. Undefined when there is none with a `mesh` key.
 */
export function findMeshConfigMap(resources: readonly Resource[], istioNamespace = DEFAULT_ISTIO_NAMESPACE): Resource | undefined {
  const cms = resources.filter((r) => r.kind === 'ConfigMap' && typeof r.obj.data?.mesh === 'string');
  return (
    cms.find((r) => r.name === 'istio' && r.namespace === istioNamespace) ??
    cms.find((r) => r.name === 'istio') ??
    cms.find((r) => r.name.startsWith('istio-') && r.namespace === istioNamespace)
  );
}

/** `meshNetworks` from the same ConfigMap (key `meshNetworks`), parsed; undefined when absent or unparsable. */
export function meshNetworksFrom(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const doc = load(text, { maxDepth: 50, maxAliases: 50 } as never);
    return isRecord(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** `defaultConfig.proxyMetadata` of the mesh config, as strings. */
export function proxyMetadata(mesh: MeshConfigView): Record<string, string> {
  const dc = mesh.raw.defaultConfig;
  const pm = isRecord(dc) ? dc.proxyMetadata : undefined;
  const out: Record<string, string> = {};
  if (isRecord(pm)) for (const [k, v] of Object.entries(pm)) out[k] = String(v);
  return out;
}

/** A record field of the raw mesh config, or `{}`. */
export function meshRecord(mesh: MeshConfigView, key: string): Record<string, unknown> {
  const v = mesh.raw[key];
  return isRecord(v) ? v : {};
}

/** A list field of the raw mesh config, or `[]`. */
export function meshList(mesh: MeshConfigView, key: string): unknown[] {
  const v = mesh.raw[key];
  return Array.isArray(v) ? v : [];
}

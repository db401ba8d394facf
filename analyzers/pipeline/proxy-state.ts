/**
 * Collects the proxy and istiod state files (`proxies/<ns>/<pod>/{config_dump,clusters,certs,stats,…}`,
 * `istio/<ns>/<istiod>/{debug/syncz,debug/push_status,debug/mesh,metrics}`, and istioctl's own
 * `analyze/…` output) while the loader streams the bundle,
 * parsing each file as it arrives so only the parsed views are kept, never the raw bytes of every dump.
 * Then joins them with what the config says (memory limits, Sidecar scoping, expected route destinations,
 * ambient pods) into the input of the proxy analyzers.
 */
import type { BundleModel } from '../model/bundle.js';
import type { Resource } from '../model/k8s.js';
import { buildControlPlaneSnapshot, buildProxySnapshot, PROXY_FILE_KINDS, type ControlPlaneSnapshot, type CpFileKind, type ExpectedDestination, type ProxyAnalysisInput, type ProxyFileKind, type ProxySnapshot } from '../proxy/snapshot.js';
import { allDestinations } from '../config/kinds/virtualservice.js';
import { toFqdn } from '../config/hosts.js';
import type { Owner } from '../ingest/classify.js';

const CP_KINDS: ReadonlySet<string> = new Set<CpFileKind>(['debug/syncz', 'debug/push_status', 'metrics']);

export class ProxyStateCollector {
  private readonly proxies = new Map<string, ProxySnapshot>();
  private readonly istiods = new Map<string, ControlPlaneSnapshot>();

  /** istiod's `debug/mesh` (the mesh config it runs with), the first one met. */
  meshConfig?: { text: string; file: string };
  /** istioctl's own `analyze` output in the bug-report. */
  istioctlAnalyze?: { text: string; file: string };

  /** For the loader: a consumer of the whole file for state files the engine reads, else undefined. */
  consumer(path: string, file: { role: string; owner?: Owner }): ((bytes: Uint8Array) => void) | undefined {
    const { owner } = file;
    if (file.role === 'istioctl-analyze') return (bytes) => { this.istioctlAnalyze ??= { text: new TextDecoder().decode(bytes), file: path }; };
    if (!owner) return undefined;
    if (owner.group === 'control-plane' && owner.key === 'debug/mesh') return (bytes) => { this.meshConfig ??= { text: new TextDecoder().decode(bytes), file: path }; };
    if (owner.group === 'proxy' && owner.key in PROXY_FILE_KINDS) {
      const kind = owner.key as ProxyFileKind;
      return (bytes) => mergeInto(this.proxies, buildProxySnapshot(owner.namespace, owner.pod, { [kind]: bytes }, { [kind]: path }));
    }
    if (owner.group === 'control-plane' && CP_KINDS.has(owner.key)) {
      const kind = owner.key as CpFileKind;
      return (bytes) => mergeInto(this.istiods, buildControlPlaneSnapshot(owner.namespace, owner.pod, { [kind]: bytes }, { [kind]: path }));
    }
    return undefined;
  }

  /** The proxy-analyzer input, with config facts joined in. */
  analysisInput(model: BundleModel): ProxyAnalysisInput {
    const pods = new Map(model.resources.filter((r) => r.kind === 'Pod').map((p) => [`${p.namespace}/${p.name}`, p]));
    const sidecars = model.resources.filter((r) => r.kind === 'Sidecar');
    const proxies = [...this.proxies.values()];
    for (const p of proxies) {
      const pod = pods.get(`${p.namespace}/${p.pod}`);
      if (!pod) continue;
      const limit = proxyMemoryLimit(pod);
      if (limit !== undefined) p.memoryLimitBytes = limit;
      p.scopedBySidecar = sidecars.some((s) => sidecarApplies(s, pod));
    }
    const controlPlane = [...this.istiods.values()];
    const istiodVersion = model.versions?.controlPlane[0];
    for (const c of controlPlane) if (!c.version && istiodVersion) c.version = istiodVersion;
    return {
      proxies, controlPlane,
      ...(model.capturedAt ? { capturedAt: model.capturedAt } : {}),
      expectedDestinations: expectedDestinations(model.resources),
      ambientPods: ambientPods(model.resources),
    };
  }

  /** Parse problems met in state files, for the report's warnings. */
  warnings(): Array<{ file?: string; message: string }> {
    return [...this.proxies.values(), ...this.istiods.values()].flatMap((s) => s.warnings);
  }
}

/** Fold a one-file snapshot into the pod's snapshot: files and warnings accumulate, parsed views are set. */
function mergeInto<S extends { namespace: string; pod: string; files: object; warnings: Array<{ file?: string; message: string }> }>(into: Map<string, S>, part: S): void {
  const key = `${part.namespace}/${part.pod}`;
  const have = into.get(key);
  if (!have) return void into.set(key, part);
  const { files, warnings, ...views } = part;
  Object.assign(have.files, files);
  have.warnings.push(...warnings);
  for (const [k, v] of Object.entries(views)) if (v !== undefined) (have as Record<string, unknown>)[k] = v;
}

const UNITS: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1 };

/** Kubernetes memory quantity (`1Gi`, `512Mi`, `1G`, `1073741824`) in bytes, or undefined. */
export function parseQuantityBytes(q: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?$/.exec(String(q ?? '').trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2] ?? '']) : undefined;
}

function proxyMemoryLimit(pod: Resource): number | undefined {
  const spec = pod.obj.spec ?? {};
  const all = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])];
  const proxy = all.find((c: any) => c?.name === 'istio-proxy');
  return parseQuantityBytes(proxy?.resources?.limits?.memory);
}

function sidecarApplies(sidecar: Resource, pod: Resource): boolean {
  const selector = sidecar.obj.spec?.workloadSelector?.labels as Record<string, string> | undefined;
  const rootNs = 'istio-system';
  if (!selector) return sidecar.namespace === pod.namespace || sidecar.namespace === rootNs;
  const labels = pod.obj.metadata.labels ?? {};
  return sidecar.namespace === pod.namespace && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Every VirtualService route destination, with its host made a FQDN in the VirtualService's namespace. */
export function expectedDestinations(resources: readonly Resource[]): ExpectedDestination[] {
  const out: ExpectedDestination[] = [];
  for (const vs of resources) {
    if (vs.kind !== 'VirtualService') continue;
    const ns = vs.namespace ?? 'default';
    for (const d of allDestinations(vs)) {
      if (!d.destination.host) continue;
      out.push({
        host: toFqdn(ns, d.destination.host),
        ...(d.destination.subset ? { subset: d.destination.subset } : {}),
        ...(d.destination.port ? { port: d.destination.port } : {}),
        source: { kind: 'VirtualService', namespace: ns, name: vs.name, file: vs.source.file, ...(vs.source.line ? { line: vs.source.line } : {}), path: `${d.path}.host` },
      });
    }
  }
  return out;
}

function ambientPods(resources: readonly Resource[]): ProxyAnalysisInput['ambientPods'] {
  const ambientNs = new Set(resources.filter((r) => r.kind === 'Namespace' && r.obj.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient').map((r) => r.name));
  return resources
    .filter((r) => r.kind === 'Pod' && r.namespace && (ambientNs.has(r.namespace) || r.obj.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient'))
    .filter((r) => r.obj.metadata.labels?.['istio.io/dataplane-mode'] !== 'none' && r.obj.status?.phase === 'Running')
    .map((r) => ({ namespace: r.namespace!, name: r.name, ...(r.obj.status?.podIP ? { ip: r.obj.status.podIP } : {}), file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}) }));
}

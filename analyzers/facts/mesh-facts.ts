/**
 * Builds `report.meshFacts` (model/facts.ts) from a loaded bundle: the settings `meshlens fleet` compares for
 * drift. Reads resources only (Deployments, HPAs, PDBs, the `istio` ConfigMap, PeerAuthentications,
 * DestinationRules, Pods) and the versions file; CA mode and istiod replicas come from the cause models'
 * ClusterView so that drift and exposure agree. Pure; never throws on odd objects (a field of the wrong type
 * is skipped).
 */
import { load } from 'js-yaml';
import type { BundleModel } from '../model/bundle.js';
import type { Evidence } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import type { MeshFacts } from '../model/facts.js';
import { ClusterView, resourceEvidence } from '../correlate/cluster-view.js';
import { isRecord, labelsOf, listOf } from '../config/kinds/common.js';
import { containers, podTemplate } from '../config/kinds/pod.js';
import { matchesLabels } from '../config/labels.js';
import { DEFAULT_ISTIO_NAMESPACE } from '../config/mesh.js';

/** Most meshConfig fields kept (a mesh config with hundreds of extension providers stays compact). */
const MAX_MESH_FIELDS = 150;
/** istiod environment variables that say how certificates are signed or how long requests wait. */
const CA_ENV = /^(ENABLE_CA_SERVER|EXTERNAL_CA|K8S_SIGNER|CA_ADDR|CA_PROVIDER|PILOT_CERT_PROVIDER|.*TIMEOUT.*)$/;

export interface MeshFactsInput {
  model: BundleModel;
  /** The debug/mesh text when istiod's debug endpoints are in the bundle (used when no `istio` ConfigMap is). */
  meshConfig?: { text: string; file: string };
}

export function meshFacts(input: MeshFactsInput): MeshFacts {
  const { model } = input;
  const view = new ClusterView({ model, findings: [] });
  const istiod = view.istiodDeployments();
  const ext = view.externalCa();
  const root = DEFAULT_ISTIO_NAMESPACE;
  const discovery = istiod.flatMap((d) => containers(podTemplate(d).spec).filter((c) => c.name === 'discovery').map((c) => ({ c, d })))[0];
  const env: Record<string, string> = {};
  for (const e of view.istiodEnv()) if (CA_ENV.test(e.name)) env[e.name] = e.value ?? '(from a reference)';
  const hpa = view.list('HorizontalPodAutoscaler').find((h) => istiod.some((d) => d.namespace === h.namespace && h.obj.spec?.scaleTargetRef?.name === d.name));
  // istiod's pod labels: its Deployments' templates, else its pods (samples and trimmed dumps omit the template's)
  const istiodLabels = [...istiod.map((d) => podTemplate(d).labels), ...view.istiodPods().map(labelsOf)].filter((l) => Object.keys(l).length > 0);
  const pdb = view.list('PodDisruptionBudget').some((p) => istiod.some((d) => d.namespace === p.namespace) && isRecord(p.obj.spec?.selector?.matchLabels)
    && Object.keys(p.obj.spec.selector.matchLabels).length > 0 && istiodLabels.some((l) => matchesLabels(p.obj.spec.selector.matchLabels, l)));
  const kubelets = [...new Set(view.list('Node').map((n) => n.obj.status?.nodeInfo?.kubeletVersion).filter((v): v is string => typeof v === 'string'))].sort();
  const kubernetes = model.versions?.kubernetes ?? kubelets[0];

  return {
    ...(kubernetes ? { kubernetes } : {}),
    ca: { mode: istiod.length === 0 && ext.length === 0 ? 'unknown' : ext.length > 0 ? 'external' : 'istiod', evidence: ext.slice(0, 5) },
    istiod: {
      replicas: view.istiodReplicas(),
      ...(hpa && typeof hpa.obj.spec?.maxReplicas === 'number' ? { autoscale: {
        ...(typeof hpa.obj.spec.minReplicas === 'number' ? { min: hpa.obj.spec.minReplicas } : {}), max: hpa.obj.spec.maxReplicas, evidence: resourceEvidence(hpa) } } : {}),
      ...(discovery ? { resources: { value: resourcesText(discovery.c.resources), evidence: resourceEvidence(discovery.d, 'discovery container resources') } } : {}),
      env,
      pdb,
      ...(istiod[0] ? { evidence: resourceEvidence(istiod[0]) } : {}),
    },
    ...meshConfigFacts(view, input.meshConfig),
    peerAuthentication: peerAuth(view.list('PeerAuthentication'), root),
    destinationRules: {
      meshWide: view.list('DestinationRule').filter((d) => d.namespace === root && !isRecord(d.obj.spec?.workloadSelector)).slice(0, 10).map((d) => ({
        host: String(d.obj.spec?.host ?? ''),
        ...(typeof d.obj.spec?.trafficPolicy?.tls?.mode === 'string' ? { tls: d.obj.spec.trafficPolicy.tls.mode as string } : {}),
        evidence: resourceEvidence(d),
      })),
      total: view.list('DestinationRule').length,
    },
    sidecarResources: sidecarResources(view.list('Pod')),
  };
}

/** `requests cpu=100m memory=128Mi; limits cpu=2 memory=1Gi`, `none` when the container sets neither. */
export function resourcesText(res: unknown): string {
  if (!isRecord(res)) return 'none';
  const part = (k: 'requests' | 'limits') => (isRecord(res[k]) && Object.keys(res[k]).length
    ? `${k} ${Object.entries(res[k] as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([n, v]) => `${n}=${String(v)}`).join(' ')}` : '');
  return [part('requests'), part('limits')].filter(Boolean).join('; ') || 'none';
}

function meshConfigFacts(view: ClusterView, debugMesh: MeshFactsInput['meshConfig']): Pick<MeshFacts, 'meshConfig'> {
  const cm = view.list('ConfigMap').find((c) => (c.name === 'istio' || /^istio-[a-z0-9-]+$/.test(c.name)) && c.namespace === DEFAULT_ISTIO_NAMESPACE && typeof c.obj.data?.mesh === 'string')
    ?? view.list('ConfigMap').find((c) => c.name === 'istio' && typeof c.obj.data?.mesh === 'string');
  const text = cm ? String(cm.obj.data!.mesh) : debugMesh?.text;
  if (text === undefined) return {};
  let doc: unknown;
  try {
    doc = load(text, { json: true });
  } catch {
    return {};
  }
  if (!isRecord(doc)) return {};
  const fields: Record<string, string> = {};
  let n = 0;
  const walk = (v: unknown, path: string): void => {
    if (isRecord(v) && Object.keys(v).length > 0) {
      for (const k of Object.keys(v).sort()) walk(v[k], path ? `${path}.${k}` : k);
      return;
    }
    if (n++ < MAX_MESH_FIELDS) fields[path] = JSON.stringify(v) ?? 'null';
  };
  walk(doc, '');
  const evidence: Evidence = cm ? resourceEvidence(cm, `ConfigMap ${cm.namespace}/${cm.name} key mesh`) : { file: debugMesh!.file, excerpt: 'istiod debug/mesh' };
  return { meshConfig: { fields, evidence, ...(n > MAX_MESH_FIELDS ? { truncated: true } : {}) } };
}

function peerAuth(pas: readonly Resource[], root: string): MeshFacts['peerAuthentication'] {
  const wide = pas.filter((p) => !isRecord(p.obj.spec?.selector) || Object.keys(p.obj.spec.selector.matchLabels ?? {}).length === 0);
  const mesh = wide.find((p) => p.namespace === root);
  const namespaces: Record<string, number> = {};
  for (const p of wide) {
    if (p === mesh) continue;
    const mode = String(p.obj.spec?.mtls?.mode ?? 'UNSET');
    namespaces[mode] = (namespaces[mode] ?? 0) + 1;
  }
  return { ...(mesh ? { meshWide: { value: String(mesh.obj.spec?.mtls?.mode ?? 'UNSET'), evidence: resourceEvidence(mesh) } } : {}), namespaces };
}

function sidecarResources(pods: readonly Resource[]): MeshFacts['sidecarResources'] {
  const counts = new Map<string, number>();
  for (const p of pods) {
    const spec = isRecord(p.obj.spec) ? p.obj.spec : {};
    const proxy = [...listOf(spec.containers), ...listOf(spec.initContainers)].find((c) => isRecord(c) && c.name === 'istio-proxy');
    if (!proxy) continue;
    const v = resourcesText(proxy.resources);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([value, n]) => ({ value, pods: n }));
}

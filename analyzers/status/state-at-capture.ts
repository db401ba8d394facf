/**
 * `report.stateAtCapture`: the mesh as it stood when the bundle was taken. Data-plane mode from the pods
 * (istio-proxy containers or native sidecars; ztunnel and ambient labels), pods Ready or not with the reason their
 * status gives, the control-plane pods (istiod and the node agents istio-cni and ztunnel), proxies SYNCED per
 * istiod's `debug/syncz` (the same states as `meshlens proxy-status`), and the proxies' certificates from their
 * `certs` files. Everything comes from the bundle; nothing is assumed when an input is missing (`unknown`).
 */
import type { BundleModel } from '../model/bundle.js';
import type { StateAtCapture } from '../model/diagnosis.js';
import type { Resource } from '../model/k8s.js';
import type { ControlPlaneSnapshot, ProxySnapshot } from '../proxy/snapshot.js';
import { xdsState } from '../proxy/proxy-status.js';
import type { XdsType } from '../parse/envoy/istiod.js';
import { isIstiodPod, ms } from './common.js';

/** Not-ready pods listed by name at most; the count is `total − ready`. */
const MAX_NOT_READY = 100;
const XDS_TYPES: XdsType[] = ['cluster', 'listener', 'endpoint', 'route', 'extensionconfig'];
const XDS_NAMES: Record<string, string> = { cluster: 'CDS', listener: 'LDS', endpoint: 'EDS', route: 'RDS', extensionconfig: 'ECDS' };

/** A control-plane or node-agent pod: istiod, istio-cni-node, ztunnel. */
export function isMeshInfraPod(p: { name: string; workload: string }): boolean {
  return isIstiodPod(p.name) || /^istio-cni(-node)?$/.test(p.workload) || p.workload === 'ztunnel';
}

/** Gateways run istio-proxy as `router`; they are not sidecars. */
function isGateway(pod: Resource): boolean {
  const labels = pod.obj.metadata.labels ?? {};
  if (labels['istio'] === 'ingressgateway' || labels['istio'] === 'egressgateway' || labels['gateway.networking.k8s.io/gateway-name'] || labels['istio.io/gateway-name']) return true;
  const proxy = (Array.isArray(pod.obj.spec?.containers) ? pod.obj.spec.containers : []).find((c: any) => c?.name === 'istio-proxy');
  return Array.isArray(proxy?.args) && proxy.args.includes('router');
}

function dataPlaneMode(model: BundleModel): StateAtCapture['dataPlaneMode'] {
  const podObjects = new Map(model.resources.filter((r) => r.kind === 'Pod').map((r) => [`${r.namespace}/${r.name}`, r]));
  const sidecar = model.pods.some((p) => {
    if (!p.hasSidecar || isMeshInfraPod(p)) return false; // ztunnel's container is also named istio-proxy
    const obj = podObjects.get(`${p.namespace}/${p.name}`);
    return !obj || !isGateway(obj);
  });
  const ambientNs = new Set(model.resources.filter((r) => r.kind === 'Namespace' && r.obj.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient').map((r) => r.name));
  const ambient = ambientNs.size > 0
    || model.resources.some((r) => (r.kind === 'DaemonSet' && r.name === 'ztunnel') || (r.kind === 'Pod' && (r.obj.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient' || r.obj.metadata.annotations?.['ambient.istio.io/redirection'] === 'enabled')))
    || model.pods.some((p) => p.workload === 'ztunnel');
  return sidecar && ambient ? 'mixed' : sidecar ? 'sidecar' : ambient ? 'ambient' : 'none';
}

function proxiesState(model: BundleModel, controlPlane: readonly ControlPlaneSnapshot[]): StateAtCapture['proxies'] {
  const known = new Map<string, { namespace: string; name: string; status?: string }>();
  for (const p of model.pods) if (p.hasSidecar && p.phase !== 'Succeeded') known.set(`${p.name}.${p.namespace}`, { namespace: p.namespace, name: p.name });
  let synced = 0;
  const notSynced: StateAtCapture['proxies']['notSynced'] = [];
  const seen = new Set<string>();
  for (const cp of controlPlane) {
    for (const s of cp.syncz ?? []) {
      if (seen.has(s.proxy)) continue;
      seen.add(s.proxy);
      const dot = s.proxy.lastIndexOf('.');
      const entry = { namespace: dot > 0 ? s.proxy.slice(dot + 1) : '', name: dot > 0 ? s.proxy.slice(0, dot) : s.proxy };
      known.set(s.proxy, entry);
      const bad = XDS_TYPES.map((t) => [t, xdsState(s, t)] as const).find(([, st]) => st === 'ERROR' || st.startsWith('STALE'));
      if (bad) notSynced.push({ ...entry, status: `${bad[1]} (${XDS_NAMES[bad[0]]})` });
      else synced++;
    }
  }
  return { total: known.size, synced, notSynced, unknown: [...known.keys()].filter((k) => !seen.has(k)).length };
}

function certificates(proxies: readonly ProxySnapshot[], capturedAt: string | undefined): StateAtCapture['certificates'] {
  const cap = ms(capturedAt);
  let checked = 0;
  let expired = 0;
  let earliest: string | undefined;
  for (const p of proxies) {
    for (const c of p.certs ?? []) {
      const t = ms(c.expiration);
      if (Number.isNaN(t)) continue;
      checked++;
      if (t < cap) expired++;
      if (earliest === undefined || t < ms(earliest)) earliest = new Date(t).toISOString().replace('.000Z', 'Z');
    }
  }
  return { checked, expired, ...(earliest ? { earliestExpiry: earliest } : {}) };
}

/**
 * The state at capture. `proxies` and `controlPlane` are the parsed proxy and istiod snapshots
 * (`ProxyStateCollector.analysisInput`): their `certs` and `syncz` views. Pods that completed (phase Succeeded)
 * are left out of the pod counts.
 */
export function stateAtCapture(model: BundleModel, snapshots: { proxies: readonly ProxySnapshot[]; controlPlane: readonly ControlPlaneSnapshot[] }): StateAtCapture {
  const running = model.pods.filter((p) => p.phase !== 'Succeeded');
  const notReady = running.filter((p) => !p.ready);
  const infra = running.filter(isMeshInfraPod);
  return {
    ...(model.capturedAt ? { at: model.capturedAt } : {}),
    dataPlaneMode: dataPlaneMode(model),
    pods: {
      total: running.length, ready: running.length - notReady.length,
      notReady: notReady.slice(0, MAX_NOT_READY).map((p) => ({ namespace: p.namespace, name: p.name, ...(p.notReadyReason ? { reason: p.notReadyReason } : {}) })),
    },
    controlPlane: { total: infra.length, ready: infra.filter((p) => p.ready).length, pods: infra.map((p) => ({ namespace: p.namespace, name: p.name, ready: p.ready })) },
    proxies: proxiesState(model, snapshots.controlPlane),
    certificates: certificates(snapshots.proxies, model.capturedAt),
  };
}

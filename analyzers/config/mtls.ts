/**
 * Effective PeerAuthentication mTLS mode of a workload (istio `authn` policy applier): the
 * workload-level policy (selector matching the pod, oldest first) overrides the namespace-level one,
 * which overrides the mesh-level one (root namespace, no selector); UNSET inherits; port-level modes
 * of a workload policy override for their port. With no policy the mode is PERMISSIVE.
 */
import type { Resource } from '../model/k8s.js';
import { labelsOf, nsOf } from './kinds/common.js';
import { peerAuthModes, policySelector } from './kinds/policy.js';
import { matchesLabels } from './labels.js';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface EffectiveMtls {
  mode: MtlsMode;
  /** The PeerAuthentication that decided the mode (undefined: Istio's default). */
  source?: Resource;
  scope: 'workload' | 'namespace' | 'mesh' | 'default';
  /** Port-level modes (container/target ports) of the workload policy, with their PeerAuthentication. */
  ports: Array<{ port: number; mode: MtlsMode; source: Resource }>;
}

const created = (r: Resource) => String(r.obj.metadata?.creationTimestamp ?? '');

function oldestFirst(list: readonly Resource[]): Resource[] {
  return [...list].sort((a, b) => created(a).localeCompare(created(b)) || a.name.localeCompare(b.name));
}

/** Splits PeerAuthentications into mesh-level, namespace-level (by ns) and workload-level (by ns). */
export class PeerAuthIndex {
  private readonly mesh: Resource[] = [];
  private readonly nsLevel = new Map<string, Resource[]>();
  private readonly workload = new Map<string, Resource[]>();

  constructor(pas: readonly Resource[], private readonly rootNamespace: string) {
    for (const pa of oldestFirst(pas)) {
      const sel = policySelector(pa);
      const hasSel = !!sel && Object.keys(sel).length > 0;
      const ns = nsOf(pa);
      if (!hasSel && ns === rootNamespace) this.mesh.push(pa);
      else if (!hasSel) this.nsLevel.set(ns, [...(this.nsLevel.get(ns) ?? []), pa]);
      else this.workload.set(ns, [...(this.workload.get(ns) ?? []), pa]);
    }
  }

  /** The mesh-wide policy (oldest), if any. */
  meshPolicy(): Resource | undefined {
    return this.mesh[0];
  }

  /** Effective mode for a pod (by its namespace and labels). */
  forPod(pod: Resource): EffectiveMtls {
    let out: EffectiveMtls = { mode: 'PERMISSIVE', scope: 'default', ports: [] };
    const apply = (pa: Resource | undefined, scope: EffectiveMtls['scope']) => {
      if (!pa) return;
      const m = peerAuthModes(pa).mode;
      if (m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE') out = { mode: m, source: pa, scope, ports: [] };
    };
    apply(this.mesh[0], 'mesh');
    apply(this.nsLevel.get(nsOf(pod))?.[0], 'namespace');
    const labels = labelsOf(pod);
    const wl = (this.workload.get(nsOf(pod)) ?? []).find((pa) => matchesLabels(policySelector(pa), labels));
    if (wl) {
      apply(wl, 'workload');
      const ports = peerAuthModes(wl).ports.filter((p): p is { port: number; mode: MtlsMode } => p.mode === 'STRICT' || p.mode === 'PERMISSIVE' || p.mode === 'DISABLE');
      out = { ...out, ports: ports.map((p) => ({ ...p, source: wl })) };
    }
    return out;
  }
}

/**
 * Evidence, from config alone, that a pod calls a Service: its containers' env values or args name
 * the service host (`reviews.default`, `reviews.default.svc.cluster.local`, or within the namespace
 * `http://reviews` / `reviews:9080`), or a Kubernetes Ingress routes to the Service. Pods are indexed
 * once by the host tokens they mention, so a lookup per Service is a map access.
 */
import type { Resource } from '../model/k8s.js';
import { isRecord, listOf, nsOf, specOf, str } from './kinds/common.js';
import { containers, initContainers, podTemplate } from './kinds/pod.js';

export interface CallEvidence {
  pod: Resource;
  /** Where the reference is (`env REVIEWS_URL=http://reviews:9080 of container app`). */
  where: string;
}

const MAX_SHOWN = 120;
const clip = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);
/** Dotted host names (`a.b`, `a.b.svc.cluster.local`) anywhere in a string. */
const DOTTED = /(?<![a-z0-9.-])([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(?![a-z0-9-])/g;
/** Bare names in URL or host:port position (`http://reviews`, `user@reviews`, `reviews:9080`). */
const BARE = /(?:(?:\/\/|@)([a-z0-9]([a-z0-9-]*[a-z0-9])?)(?=$|[:/])|(?<![a-z0-9.-])([a-z0-9]([a-z0-9-]*[a-z0-9])?):\d+)/g;

/** Pods indexed by the host tokens their env values and args mention. */
export class CallIndex {
  private readonly byToken = new Map<string, Map<Resource, string>>();

  constructor(pods: readonly Resource[]) {
    for (const pod of pods) {
      const spec = podTemplate(pod).spec;
      for (const c of [...containers(spec), ...initContainers(spec)]) {
        for (const e of c.env ?? []) {
          const v = isRecord(e) ? str(e.value) : undefined;
          if (v) this.add(pod, v.toLowerCase(), `env ${e.name}=${clip(v)} of container ${c.name}`);
        }
        for (const field of ['args', 'command'] as const) {
          for (const a of listOf((c as Record<string, unknown>)[field]).map(String)) this.add(pod, a.toLowerCase(), `${field} "${clip(a)}" of container ${c.name}`);
        }
      }
    }
  }

  private add(pod: Resource, s: string, where: string): void {
    const put = (token: string) => {
      const m = this.byToken.get(token) ?? new Map<Resource, string>();
      if (!m.has(pod)) m.set(pod, where);
      this.byToken.set(token, m);
    };
    for (const m of s.matchAll(DOTTED)) put(m[1]);
    for (const m of s.matchAll(BARE)) put(`bare:${m[1] ?? m[3]}`);
  }

  /** Pods whose env or args name Service `svc` (short names count only from the Service's namespace). */
  callers(svc: Resource, clusterDomain: string): CallEvidence[] {
    const name = svc.name.toLowerCase();
    const ns = nsOf(svc).toLowerCase();
    const out = new Map<Resource, string>();
    for (const t of [`${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.${clusterDomain}`]) for (const [p, w] of this.byToken.get(t) ?? []) if (!out.has(p)) out.set(p, w);
    for (const [p, w] of this.byToken.get(`bare:${name}`) ?? []) if (nsOf(p) === nsOf(svc) && !out.has(p)) out.set(p, w);
    return [...out].map(([pod, where]) => ({ pod, where }));
  }
}

/** Service names a Kubernetes Ingress routes to (networking.k8s.io/v1 `backend.service.name`, v1beta1 `serviceName`). */
export function ingressBackends(ing: Resource): string[] {
  const spec = specOf(ing);
  const out = new Set<string>();
  const add = (b: unknown) => {
    if (!isRecord(b)) return;
    const n = isRecord(b.service) ? str(b.service.name) : str(b.serviceName);
    if (n) out.add(n);
  };
  add(spec.defaultBackend ?? spec.backend);
  for (const r of listOf(spec.rules)) {
    if (!isRecord(r) || !isRecord(r.http)) continue;
    for (const p of listOf(r.http.paths)) if (isRecord(p)) add(p.backend);
  }
  return [...out];
}

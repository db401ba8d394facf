/**
 * Evidence, from config alone, that a pod calls a Service: its containers' env values or args name
 * the service host (`reviews.default`, `reviews.default.svc.cluster.local`, or within the namespace
 * `http://reviews` / `reviews:9080`), or a Kubernetes Ingress routes to the Service.
 */
import type { Resource } from '../model/k8s.js';
import { isRecord, listOf, nsOf, specOf, str } from './kinds/common.js';
import { containers, initContainers, podTemplate } from './kinds/pod.js';

export interface CallEvidence {
  /** Where the reference is (`env REVIEWS_URL=http://reviews:9080`, `args`). */
  where: string;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Patterns that name Service `name` in namespace `ns`, for a caller in `callerNs`. */
function hostPatterns(name: string, ns: string, callerNs: string, clusterDomain: string): RegExp[] {
  const out = [new RegExp(`(^|[^a-z0-9.-])${esc(`${name}.${ns}`)}(\\.svc(\\.${esc(clusterDomain)})?)?($|[^a-z0-9-])`)];
  if (callerNs === ns) out.push(new RegExp(`(://|@)${esc(name)}($|[:/])|(^|[^a-z0-9.-])${esc(name)}:\\d+`));
  return out;
}

/** The first env value or argument of `pod` that names the Service, or undefined. */
export function callEvidence(pod: Resource, svc: Resource, clusterDomain: string): CallEvidence | undefined {
  const pats = hostPatterns(svc.name, nsOf(svc), nsOf(pod), clusterDomain);
  const spec = podTemplate(pod).spec;
  for (const c of [...containers(spec), ...initContainers(spec)]) {
    for (const e of c.env ?? []) {
      const v = isRecord(e) ? str(e.value) : undefined;
      if (v && pats.some((p) => p.test(v))) return { where: `env ${e.name}=${v.length > 120 ? `${v.slice(0, 120)}…` : v} of container ${c.name}` };
    }
    for (const field of ['args', 'command'] as const) {
      for (const a of listOf((c as Record<string, unknown>)[field]).map(String)) {
        if (pats.some((p) => p.test(a))) return { where: `${field} "${a.length > 120 ? `${a.slice(0, 120)}…` : a}" of container ${c.name}` };
      }
    }
  }
  return undefined;
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

import { ingressBackends } from '../../config/callers.js';
import { fullName, nsOf } from '../../config/kinds/common.js';
import { hasIstioProxy, podInAmbient, podTemplate } from '../../config/kinds/pod.js';
import { PeerAuthIndex } from '../../config/mtls.js';
import type { Resource } from '../../model/k8s.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * STRICT mTLS (PeerAuthentication at mesh, namespace, workload or port level) on a workload that a
 * sidecar-less client calls: the server's sidecar refuses plaintext, so those calls fail with
 * `connection reset by peer`. A caller is a pod without istio-proxy (and not in ambient mode) whose
 * env or args name the Service, or a Kubernetes Ingress routing to it (its controller sends
 * plaintext unless it is in the mesh).
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/mtls-strict-caller-without-sidecar',
    code: 'MSH1010',
    category: 'security',
    severity: 'error',
    description: 'STRICT mTLS on a workload that a client without a sidecar calls',
    inputs: ['PeerAuthentication', 'Pod', 'Service'],
    optionalInputs: ['Ingress'],
    messages: {
      podCaller: 'STRICT mTLS ({{scope}}-level, PeerAuthentication {{policy}}) on Service {{service}}, but pod {{caller}} has no sidecar and calls it ({{where}}): its plaintext requests are reset.',
      ingressCaller: 'STRICT mTLS ({{scope}}-level, PeerAuthentication {{policy}}) on Service {{service}}, which Ingress {{caller}} routes to: unless the ingress controller runs with a sidecar, its plaintext requests are reset.',
    },
    docs: 'docs/analyzers/mesh/mtls-strict-caller-without-sidecar.md',
    remediation: 'Inject the caller (or the ingress controller), or set the PeerAuthentication to PERMISSIVE for that port/workload until every client is in the mesh.',
    rootCauses: ['mtls-mode-conflict'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const pa = new PeerAuthIndex(ctx.list('PeerAuthentication'), ctx.mesh.rootNamespace);
    const outside = new Set(
      ctx.list('Pod').filter((p) => {
        const t = podTemplate(p);
        return !hasIstioProxy(t.spec) && !podInAmbient(p) && t.spec.hostNetwork !== true;
      }),
    );
    const ingresses = ctx.list('Ingress');
    for (const svc of ctx.list('Service')) {
      const pods = cfg.podsForService(svc);
      const strict = pods.map((p) => pa.forPod(p)).find((m) => m.mode === 'STRICT' || m.ports.some((x) => x.mode === 'STRICT'));
      if (!strict) continue;
      const policy: Resource = strict.mode === 'STRICT' ? strict.source! : strict.ports.find((x) => x.mode === 'STRICT')!.source;
      const scope = strict.mode === 'STRICT' ? strict.scope : 'port';
      const base = { scope, policy: fullName(policy), service: fullName(svc) };
      for (const { pod: caller, where } of cfg.callersOf(svc)) {
        if (!outside.has(caller) || pods.includes(caller)) continue;
        ctx.report({ messageId: 'podCaller', resource: policy, path: 'spec', data: { ...base, caller: fullName(caller), where }, related: [svc, caller] });
      }
      for (const ing of ingresses) {
        if (nsOf(ing) === nsOf(svc) && ingressBackends(ing).includes(svc.name)) ctx.report({ messageId: 'ingressCaller', resource: policy, path: 'spec', data: { ...base, caller: fullName(ing) }, related: [svc, ing] });
      }
    }
  },
});

import { fullName, labelsOf } from '../../config/kinds/common.js';
import { hasIstioProxy, podTemplate } from '../../config/kinds/pod.js';
import { servicePorts } from '../../config/kinds/service.js';
import { evaluate, policyTypes, selectsPod } from '../../config/netpol.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * NetworkPolicies that block traffic between meshed pods: a meshed pod that calls a Service (its env
 * or args name it) cannot reach the Service's pods on its port (the server's ingress or the caller's
 * egress policy), or the ingress policies on a meshed Service's pods admit no meshed pod at all.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/netpol-blocks-mesh-traffic',
    code: 'MSH1051',
    category: 'data-plane',
    severity: 'error',
    description: 'A NetworkPolicy blocks traffic between meshed pods',
    inputs: ['NetworkPolicy', 'Pod', 'Service', 'Namespace'],
    messages: {
      caller: 'NetworkPolicy blocks {{direction}} from {{caller}} to Service {{service}} (pod {{pod}}, port {{port}}), which {{caller}} calls ({{where}}): requests time out or are reset.',
      noClient: 'NetworkPolicy on the pods of Service {{service}} admits no meshed pod on port {{port}}: no sidecar in the mesh can reach it.',
    },
    docs: 'docs/analyzers/mesh/netpol-blocks-mesh-traffic.md',
    remediation: 'Allow ingress to the service port from the calling namespaces/pods (and egress from the callers).',
    rootCauses: ['network-policy-blocking'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const policies = ctx.list('NetworkPolicy');
    if (!policies.length) return;
    const nsLabels = (ns: string) => {
      const n = cfg.namespace(ns);
      return n ? labelsOf(n) : undefined;
    };
    const meshed = new Set(ctx.list('Pod').filter((p) => hasIstioProxy(podTemplate(p).spec)));
    const egressLimited = new Set([...meshed].filter((p) => policies.some((np) => policyTypes(np).includes('Egress') && selectsPod(np, p))));
    for (const svc of ctx.list('Service')) {
      const servers = cfg.podsForService(svc).filter((p) => meshed.has(p));
      if (!servers.length) continue;
      const server = servers[0];
      const ingressLimited = policies.some((np) => policyTypes(np).includes('Ingress') && selectsPod(np, server));
      const sp = servicePorts(svc)[0];
      if (!sp) continue;
      const port = typeof sp.targetPort === 'number' && sp.targetPort ? sp.targetPort : sp.port;
      let reported = false;
      for (const { pod: c, where } of cfg.callersOf(svc)) {
        if (!meshed.has(c) || servers.includes(c) || (!ingressLimited && !egressLimited.has(c))) continue;
        const ing = evaluate(policies, 'Ingress', server, { pod: c }, port, nsLabels);
        const eg = ing.allowed ? evaluate(policies, 'Egress', c, { pod: server }, port, nsLabels) : ing;
        if (eg.allowed) continue;
        reported = true;
        ctx.report({ messageId: 'caller', resource: eg.blockedBy[0], path: 'spec', data: { direction: ing.allowed ? 'egress' : 'ingress', caller: fullName(c), service: fullName(svc), pod: fullName(server), port, where }, related: [svc, c] });
      }
      if (reported || !ingressLimited) continue;
      let first: ReturnType<typeof evaluate> | undefined;
      let anyClient = false;
      for (const c of meshed) {
        if (servers.includes(c)) continue;
        anyClient = true;
        const v = evaluate(policies, 'Ingress', server, { pod: c }, port, nsLabels);
        if (v.allowed) {
          first = undefined;
          break;
        }
        first ??= v;
      }
      if (anyClient && first) ctx.report({ messageId: 'noClient', resource: first.blockedBy[0], path: 'spec.ingress', data: { service: fullName(svc), port }, related: [svc, server] });
    }
  },
});

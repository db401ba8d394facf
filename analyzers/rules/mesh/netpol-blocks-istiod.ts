import { fullName, labelsOf } from '../../config/kinds/common.js';
import { hasIstioProxy, podTemplate } from '../../config/kinds/pod.js';
import { evaluate } from '../../config/netpol.js';
import type { Resource } from '../../model/k8s.js';
import { configOf, defineAnalyzer } from '../define.js';

const XDS_PORT = 15012;
const WEBHOOK_PORT = 15017;

const isIstiod = (p: Resource) => labelsOf(p).app === 'istiod' || labelsOf(p).istio === 'pilot';

/**
 * NetworkPolicies that cut the mesh off from istiod: sidecars that cannot reach istiod on 15012
 * (xDS and certificates) never get config or certificates, and an API server that cannot reach
 * istiod on 15017 fails every injection and validation webhook call.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/netpol-blocks-istiod',
    code: 'MSH1050',
    category: 'control-plane',
    severity: 'error',
    description: 'A NetworkPolicy blocks traffic to istiod on 15012 (xDS/CA) or 15017 (webhooks)',
    inputs: ['NetworkPolicy', 'Pod', 'Namespace'],
    messages: {
      xds: 'NetworkPolicy blocks {{direction}} traffic from {{count}} sidecar pod(s) (e.g. {{pod}}) to istiod {{istiod}} on port 15012: they get no xDS config or certificates.',
      webhook: 'NetworkPolicy blocks ingress to istiod {{istiod}} on port 15017 from outside the pod network: the API server cannot call the injection and validation webhooks.',
    },
    docs: 'docs/analyzers/mesh/netpol-blocks-istiod.md',
    remediation: 'Allow egress from meshed namespaces to istiod on TCP 15012 (and 15017 ingress from the API server, e.g. an ipBlock for the control-plane CIDR).',
    rootCauses: ['network-policy-blocking'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const policies = ctx.list('NetworkPolicy');
    if (!policies.length) return;
    const pods = ctx.list('Pod');
    const istiod = pods.find(isIstiod);
    if (!istiod) return;
    const nsLabels = (ns: string) => {
      const n = cfg.namespace(ns);
      return n ? labelsOf(n) : undefined;
    };
    const blocked = new Map<Resource, { direction: string; pods: Resource[] }>();
    for (const pod of pods) {
      if (pod === istiod || isIstiod(pod) || !hasIstioProxy(podTemplate(pod).spec)) continue;
      for (const [dir, subject, peer] of [['Egress', pod, istiod], ['Ingress', istiod, pod]] as const) {
        const v = evaluate(policies, dir, subject, { pod: peer }, XDS_PORT, nsLabels);
        if (v.allowed) continue;
        const np = v.blockedBy[0];
        const g = blocked.get(np) ?? { direction: dir.toLowerCase(), pods: [] };
        g.pods.push(pod);
        blocked.set(np, g);
        break;
      }
    }
    for (const [np, g] of blocked) {
      ctx.report({ messageId: 'xds', resource: np, path: 'spec', data: { direction: g.direction, count: g.pods.length, pod: fullName(g.pods[0]), istiod: fullName(istiod) }, related: [istiod, g.pods[0]] });
    }
    const hook = evaluate(policies, 'Ingress', istiod, { external: true }, WEBHOOK_PORT, nsLabels);
    if (!hook.allowed) ctx.report({ messageId: 'webhook', resource: hook.blockedBy[0], path: 'spec.ingress', data: { istiod: fullName(istiod) }, related: [istiod] });
  },
});

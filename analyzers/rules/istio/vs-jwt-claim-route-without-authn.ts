import { matchesLabels } from '../../config/labels.js';
import { isRecord, labelsOf, nsOf } from '../../config/kinds/common.js';
import { findGateway, gatewaySelector, isKubernetesGateway } from '../../config/kinds/gateway.js';
import { policySelector } from '../../config/kinds/policy.js';
import { MESH_GATEWAY, rules, vsGateways } from '../../config/kinds/virtualservice.js';
import { defineAnalyzer } from '../define.js';

const JWT_CLAIM_HEADER = '@request.auth.claims';

function claimKey(vs: Parameters<typeof rules>[0]): string | undefined {
  for (const r of rules(vs, 'http')) {
    for (const m of Array.isArray(r.match) ? r.match : []) {
      if (!isRecord(m)) continue;
      for (const field of ['headers', 'withoutHeaders']) {
        if (isRecord(m[field])) {
          const k = Object.keys(m[field]).find((h) => h.startsWith(JWT_CLAIM_HEADER));
          if (k) return k;
        }
      }
    }
  }
  return undefined;
}

/** Istio `virtualservice.JWTClaimRouteAnalyzer`: JWT-claim routing at a gateway needs a RequestAuthentication on the gateway pods. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-jwt-claim-route-without-authn',
    code: 'IST0149',
    category: 'security',
    severity: 'error',
    description: 'A VirtualService routes on JWT claims at a gateway whose pods no RequestAuthentication covers',
    inputs: ['VirtualService', 'RequestAuthentication', 'Gateway', 'Pod'],
    messages: {
      noAuthn: 'The virtual service uses the JWT claim based routing (key: {{key}}) but found no request authentication for the gateway ({{gateway}}) pod ({{pod}}). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    },
    docs: 'docs/analyzers/istio/vs-jwt-claim-route-without-authn.md',
    remediation: 'Apply a RequestAuthentication that selects the gateway pods (in istio-system or the gateway pod namespace).',
    istioAnalyzer: ['virtualservice.JWTClaimRouteAnalyzer'],
  },
  analyze(ctx) {
    const raByNs = new Map<string, Array<Record<string, string>>>();
    for (const ra of ctx.list('RequestAuthentication')) raByNs.set(nsOf(ra), [...(raByNs.get(nsOf(ra)) ?? []), policySelector(ra) ?? {}]);
    const gateways = ctx.list('Gateway');
    const pods = ctx.list('Pod');
    for (const vs of ctx.list('VirtualService')) {
      const key = claimKey(vs);
      if (!key) continue;
      for (const ref of vsGateways(vs)) {
        if (ref === MESH_GATEWAY) continue;
        const gw = findGateway(gateways, nsOf(vs), ref);
        if (!gw || isKubernetesGateway(gw)) continue;
        const sel = gatewaySelector(gw);
        for (const pod of pods) {
          const l = labelsOf(pod);
          if (!matchesLabels(sel, l)) continue;
          const sels = [...(raByNs.get('istio-system') ?? []), ...(raByNs.get(nsOf(pod)) ?? [])];
          if (!sels.some((s) => matchesLabels(s, l))) {
            ctx.report({ messageId: 'noAuthn', resource: vs, data: { key, gateway: gw.namespace ? `${gw.namespace}/${gw.name}` : gw.name, pod: pod.name }, related: [gw, pod] });
          }
        }
      }
    }
  },
});

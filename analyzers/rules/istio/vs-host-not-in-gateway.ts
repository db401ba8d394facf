import { hostMatches, namesForNamespace, sanitizeServerHosts } from '../../config/hosts.js';
import { nsOf } from '../../config/kinds/common.js';
import { findGateway, gatewayRefName, gatewayServers, isInternalGatewayReference, isKubernetesGateway, k8sGatewayListenerHostnames } from '../../config/kinds/gateway.js';
import { MESH_GATEWAY, vsGateways, vsHosts } from '../../config/kinds/virtualservice.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

function hostsInGateway(gw: Resource | undefined, vsHostList: readonly string[], vsNamespace: string): boolean {
  if (!gw) return false;
  if (isKubernetesGateway(gw)) {
    const names = k8sGatewayListenerHostnames(gw);
    if (names.some((n) => n === undefined)) return true;
    return names.some((g) => vsHostList.some((h) => hostMatches(g!, h)));
  }
  const gwHosts = gatewayServers(gw).flatMap((s) => sanitizeServerHosts(s.hosts, nsOf(gw)));
  return namesForNamespace(gwHosts, vsNamespace).some((g) => vsHostList.some((h) => hostMatches(g, h)));
}

/** Istio `virtualservice.GatewayAnalyzer` (hosts): a VirtualService host must be served by each gateway it binds to. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-host-not-in-gateway',
    code: 'IST0132',
    category: 'gateway',
    severity: 'warning',
    description: 'None of a VirtualService\'s hosts is among the hosts of a Gateway it is bound to',
    inputs: ['VirtualService', 'Gateway'],
    messages: {
      hostNotInGateway: 'one or more host [{{hosts}}] defined in VirtualService {{virtualService}} not found in Gateway {{gateway}}.',
    },
    docs: 'docs/analyzers/istio/vs-host-not-in-gateway.md',
    remediation: 'Add the host to a server of the Gateway (with a namespace prefix that lets the VirtualService namespace in), or fix the VirtualService hosts.',
    rootCauses: ['gateway-misconfigured'],
    istioAnalyzer: ['virtualservice.GatewayAnalyzer'],
  },
  analyze(ctx) {
    const gateways = ctx.list('Gateway');
    for (const vs of ctx.list('VirtualService')) {
      const ns = nsOf(vs);
      vsGateways(vs).forEach((ref, i) => {
        if (ref === MESH_GATEWAY || isInternalGatewayReference(ref)) return;
        const { namespace, name } = gatewayRefName(ns, ref);
        const gw = findGateway(gateways, ns, ref);
        if (!hostsInGateway(gw, vsHosts(vs), ns)) {
          ctx.report({
            messageId: 'hostNotInGateway',
            resource: vs,
            path: `spec.gateways[${i}]`,
            data: { hosts: vsHosts(vs).join(' '), virtualService: vs.namespace ? `${vs.namespace}/${vs.name}` : vs.name, gateway: namespace ? `${namespace}/${name}` : name },
            related: gw ? [gw] : [],
          });
        }
      });
    }
  },
});

import { fullName } from '../../config/kinds/common.js';
import { routeDestinations, vsGateways, vsHosts } from '../../config/kinds/virtualservice.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `virtualservice.DestinationHostAnalyzer` (IngressRouteRulesNotAffected): a gateway-bound
 * VirtualService routes to a host without a subset while another VirtualService splits that host
 * by subset; the ingress traffic bypasses the subset routing.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-ingress-subset-no-effect',
    code: 'IST0140',
    category: 'routing',
    severity: 'warning',
    description: 'Subset routing in one VirtualService has no effect on requests entering through a gateway-bound VirtualService',
    inputs: ['VirtualService'],
    messages: {
      noEffect: 'Subset in virtual service {{subsetVirtualService}} has no effect on ingress gateway {{virtualService}} requests',
    },
    docs: 'docs/analyzers/istio/vs-ingress-subset-no-effect.md',
    remediation: 'Route to the subsets in the gateway-bound VirtualService too, or bind the subset VirtualService to the gateway.',
    istioAnalyzer: ['virtualservice.DestinationHostAnalyzer'],
  },
  analyze(ctx) {
    const withSubsets: Array<{ vs: Resource; host: string }> = [];
    for (const vs of ctx.list('VirtualService')) {
      const hosts = vsHosts(vs);
      for (const d of routeDestinations(vs)) {
        if (d.kind === 'http' && d.destination.subset && hosts.includes(d.destination.host)) withSubsets.push({ vs, host: d.destination.host });
      }
    }
    for (const vs of ctx.list('VirtualService')) {
      if (vsGateways(vs).length === 0) continue;
      for (const d of routeDestinations(vs)) {
        if (d.kind !== 'http' || d.destination.subset) continue;
        for (const w of withSubsets) {
          if (w.host === d.destination.host) {
            ctx.report({ messageId: 'noEffect', resource: vs, path: `${d.path}.host`, data: { subsetVirtualService: fullName(w.vs), virtualService: fullName(vs) }, related: w.vs === vs ? [] : [w.vs] });
          }
        }
      }
    }
  },
});

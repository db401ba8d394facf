import { resourceNameFromHost } from '../../config/hosts.js';
import { nsOf } from '../../config/kinds/common.js';
import { mirrorDestinations, routeDestinations } from '../../config/kinds/virtualservice.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `virtualservice.DestinationRuleAnalyzer`: a destination subset must be defined by a DestinationRule for that host. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-subset-not-found',
    code: 'IST0101',
    category: 'routing',
    severity: 'error',
    description: 'A VirtualService routes to a subset that no DestinationRule defines for that host',
    inputs: ['VirtualService', 'DestinationRule'],
    messages: {
      subsetNotFound: 'Referenced host+subset in destinationrule not found: "{{host}}+{{subset}}" (subsets defined for this host: {{defined}})',
      mirrorSubsetNotFound: 'Referenced mirror+subset in destinationrule not found: "{{host}}+{{subset}}" (subsets defined for this host: {{defined}})',
    },
    docs: 'docs/analyzers/istio/vs-subset-not-found.md',
    remediation: 'Define the subset in the DestinationRule for this host (same host after short-name resolution), or fix the subset name in the VirtualService.',
    rootCauses: ['vs-subset-not-found'],
    istioAnalyzer: ['virtualservice.DestinationRuleAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const subsets = cfg.subsetsByHost();
    for (const vs of ctx.list('VirtualService')) {
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        const subset = d.destination.subset;
        if (!subset) continue;
        const h = resourceNameFromHost(nsOf(vs), d.destination.host, cfg.clusterDomain);
        const defined = subsets.get(`${h.namespace}/${h.name}`);
        if (defined?.has(subset)) continue;
        const mirror = d.kind.startsWith('http.mirror');
        ctx.report({
          messageId: mirror ? 'mirrorSubsetNotFound' : 'subsetNotFound',
          resource: vs,
          path: `${d.path}.subset`,
          data: { host: d.destination.host, subset, defined: defined && defined.size ? [...defined].sort().join(', ') : 'none' },
        });
      }
    }
  },
});

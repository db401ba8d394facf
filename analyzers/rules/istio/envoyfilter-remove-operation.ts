import { envoyFilterIssues } from '../../config/kinds/envoyfilter.js';
import { defineAnalyzer } from '../define.js';

/** Istio `envoyfilter.EnvoyPatchAnalyzer` (EnvoyFilterUsesRemoveOperationIncorrectly). */
export default defineAnalyzer({
  meta: {
    id: 'istio/envoyfilter-remove-operation',
    code: 'IST0154',
    category: 'data-plane',
    severity: 'error',
    description: 'An EnvoyFilter uses REMOVE on a route configuration or HTTP route, where it is ignored',
    inputs: ['EnvoyFilter'],
    messages: { remove: 'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE. (configPatches {{patches}})' },
    docs: 'docs/analyzers/istio/envoyfilter-remove-operation.md',
    remediation: 'Remove the route through the VirtualService instead, or patch a VIRTUAL_HOST.',
    istioAnalyzer: ['envoyfilter.EnvoyPatchAnalyzer'],
  },
  analyze(ctx) {
    for (const [ef, issues] of envoyFilterIssues(ctx.list('EnvoyFilter'))) {
      const hits = issues.filter((i) => i.issue === 'remove').map((i) => i.index);
      if (hits.length) ctx.report({ messageId: 'remove', resource: ef, path: `spec.configPatches[${hits[0]}]`, data: { patches: hits.join(', ') } });
    }
  },
});

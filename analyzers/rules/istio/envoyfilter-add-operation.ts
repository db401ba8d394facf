import { envoyFilterIssues } from '../../config/kinds/envoyfilter.js';
import { defineAnalyzer } from '../define.js';

/** Istio `envoyfilter.EnvoyPatchAnalyzer` (EnvoyFilterUsesAddOperationIncorrectly). */
export default defineAnalyzer({
  meta: {
    id: 'istio/envoyfilter-add-operation',
    code: 'IST0153',
    category: 'data-plane',
    severity: 'error',
    description: 'An EnvoyFilter uses ADD on a route configuration or HTTP route, where it is ignored',
    inputs: ['EnvoyFilter'],
    messages: { add: 'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE. (configPatches {{patches}})' },
    docs: 'docs/analyzers/istio/envoyfilter-add-operation.md',
    remediation: 'Use MERGE for route configuration, or target a VIRTUAL_HOST.',
    istioAnalyzer: ['envoyfilter.EnvoyPatchAnalyzer'],
  },
  analyze(ctx) {
    for (const [ef, issues] of envoyFilterIssues(ctx.list('EnvoyFilter'))) {
      const hits = issues.filter((i) => i.issue === 'add').map((i) => i.index);
      if (hits.length) ctx.report({ messageId: 'add', resource: ef, path: `spec.configPatches[${hits[0]}]`, data: { patches: hits.join(', ') } });
    }
  },
});

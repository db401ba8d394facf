import { envoyFilterIssues } from '../../config/kinds/envoyfilter.js';
import { defineAnalyzer } from '../define.js';

/** Istio `envoyfilter.EnvoyPatchAnalyzer` (EnvoyFilterUsesReplaceOperationIncorrectly). */
export default defineAnalyzer({
  meta: {
    id: 'istio/envoyfilter-replace-operation',
    code: 'IST0152',
    category: 'data-plane',
    severity: 'error',
    description: 'An EnvoyFilter uses REPLACE on something other than an HTTP or network filter',
    inputs: ['EnvoyFilter'],
    messages: { replace: 'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER. (configPatches {{patches}})' },
    docs: 'docs/analyzers/istio/envoyfilter-replace-operation.md',
    remediation: 'Use MERGE, or target an HTTP_FILTER or NETWORK_FILTER.',
    istioAnalyzer: ['envoyfilter.EnvoyPatchAnalyzer'],
  },
  analyze(ctx) {
    for (const [ef, issues] of envoyFilterIssues(ctx.list('EnvoyFilter'))) {
      const hits = issues.filter((i) => i.issue === 'replace').map((i) => i.index);
      if (hits.length) ctx.report({ messageId: 'replace', resource: ef, path: `spec.configPatches[${hits[0]}]`, data: { patches: hits.join(', ') } });
    }
  },
});

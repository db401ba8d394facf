import { envoyFilterIssues } from '../../config/kinds/envoyfilter.js';
import { defineAnalyzer } from '../define.js';

/** Istio `envoyfilter.EnvoyPatchAnalyzer` (EnvoyFilterUsesRelativeOperation). */
export default defineAnalyzer({
  meta: {
    id: 'istio/envoyfilter-relative-operation',
    code: 'IST0151',
    category: 'data-plane',
    severity: 'warning',
    description: 'An EnvoyFilter uses a relative patch operation without a priority',
    inputs: ['EnvoyFilter'],
    messages: { relative: 'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly. (configPatches {{patches}})' },
    docs: 'docs/analyzers/istio/envoyfilter-relative-operation.md',
    remediation: 'Set spec.priority, or use INSERT_FIRST/ADD.',
    istioAnalyzer: ['envoyfilter.EnvoyPatchAnalyzer'],
  },
  analyze(ctx) {
    for (const [ef, issues] of envoyFilterIssues(ctx.list('EnvoyFilter'))) {
      const hits = issues.filter((i) => i.issue === 'relative').map((i) => i.index);
      if (hits.length) ctx.report({ messageId: 'relative', resource: ef, path: `spec.configPatches[${hits[0]}]`, data: { patches: hits.join(', ') } });
    }
  },
});

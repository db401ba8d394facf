import { envoyFilterIssues } from '../../config/kinds/envoyfilter.js';
import { defineAnalyzer } from '../define.js';

/** Istio `envoyfilter.EnvoyPatchAnalyzer` (EnvoyFilterUsesRelativeOperationWithProxyVersion). */
export default defineAnalyzer({
  meta: {
    id: 'istio/envoyfilter-relative-with-proxy-version',
    code: 'IST0155',
    category: 'data-plane',
    severity: 'warning',
    description: 'An EnvoyFilter uses a relative patch operation without a priority on a filter another patch pins to a proxyVersion',
    inputs: ['EnvoyFilter'],
    messages: { relativeWithProxyVersion: 'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly. (configPatches {{patches}})' },
    docs: 'docs/analyzers/istio/envoyfilter-relative-with-proxy-version.md',
    remediation: 'Set spec.priority, or use INSERT_FIRST/ADD, so the patch survives proxy upgrades.',
    istioAnalyzer: ['envoyfilter.EnvoyPatchAnalyzer'],
  },
  analyze(ctx) {
    for (const [ef, issues] of envoyFilterIssues(ctx.list('EnvoyFilter'))) {
      const hits = issues.filter((i) => i.issue === 'relative-proxy-version').map((i) => i.index);
      if (hits.length) ctx.report({ messageId: 'relativeWithProxyVersion', resource: ef, path: `spec.configPatches[${hits[0]}]`, data: { patches: hits.join(', ') } });
    }
  },
});

import { specOf, listOf } from '../../config/kinds/common.js';
import { analyzeRoutes } from '../../config/vs-matches.js';
import { defineAnalyzer } from '../define.js';

/** Istio schema validation of VirtualService (VirtualServiceUnreachableRule): a rule no request can reach. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-unreachable-rule',
    code: 'IST0130',
    category: 'routing',
    severity: 'warning',
    description: 'A VirtualService rule can never match: an earlier catch-all or earlier rules take all its requests',
    inputs: ['VirtualService'],
    messages: { unreachable: 'VirtualService rule {{ruleno}} not used ({{reason}}).' },
    docs: 'docs/analyzers/istio/vs-unreachable-rule.md',
    remediation: 'Reorder the rules (specific matches first, the catch-all last) or remove the dead rule.',
    istioAnalyzer: ['schema.ValidationAnalyzer.VirtualService'],
  },
  analyze(ctx) {
    for (const vs of ctx.list('VirtualService')) {
      for (const kind of ['http', 'tcp', 'tls'] as const) {
        for (const u of analyzeRoutes(kind, listOf(specOf(vs)[kind])).unreachable) {
          ctx.report({ messageId: 'unreachable', resource: vs, path: `spec.${kind}[${u.rule}]`, data: { ruleno: u.ruleno, reason: u.reason } });
        }
      }
    }
  },
});

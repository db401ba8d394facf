import { specOf, listOf } from '../../config/kinds/common.js';
import { analyzeRoutes } from '../../config/vs-matches.js';
import { defineAnalyzer } from '../define.js';

/** Istio schema validation of VirtualService (VirtualServiceIneffectiveMatch): a match an earlier one already takes. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-ineffective-match',
    code: 'IST0131',
    category: 'routing',
    severity: 'info',
    description: 'A VirtualService match duplicates or is covered by an earlier match',
    inputs: ['VirtualService'],
    messages: { ineffective: 'VirtualService rule {{ruleno}} match {{matchno}} is not used (duplicate/overlapping match in rule {{dupno}}).' },
    docs: 'docs/analyzers/istio/vs-ineffective-match.md',
    remediation: 'Remove the duplicate match, or move the more specific prefix before the broader one.',
    istioAnalyzer: ['schema.ValidationAnalyzer.VirtualService'],
  },
  analyze(ctx) {
    for (const vs of ctx.list('VirtualService')) {
      for (const kind of ['http', 'tcp', 'tls'] as const) {
        for (const m of analyzeRoutes(kind, listOf(specOf(vs)[kind])).ineffective) {
          ctx.report({ messageId: 'ineffective', resource: vs, path: `spec.${kind}[${m.rule}]`, data: { ruleno: m.ruleno, matchno: m.matchno, dupno: m.dupno } });
        }
      }
    }
  },
});

import { policySelector } from '../../config/kinds/policy.js';
import { selectorString } from '../../config/labels.js';
import { selectPods } from '../../config/selection.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `telemetry.SelectorAnalyzer` (selector): a Telemetry whose selector matches no pod in its namespace. */
export default defineAnalyzer({
  meta: {
    id: 'istio/telemetry-selector-no-workload',
    code: 'IST0101',
    category: 'config',
    severity: 'error',
    description: 'A Telemetry selector matches no pod in its namespace',
    inputs: ['Telemetry', 'Pod'],
    messages: { noWorkload: 'Referenced selector not found: "{{selector}}"' },
    docs: 'docs/analyzers/istio/telemetry-selector-no-workload.md',
    remediation: 'Fix the selector labels, or delete the Telemetry if the workload is gone.',
    istioAnalyzer: ['telemetry.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const t of selectPods(ctx.list('Telemetry'), (ns) => cfg.podsIn(ns)).unmatched) {
      ctx.report({ messageId: 'noWorkload', resource: t, path: 'spec.selector', data: { selector: selectorString(policySelector(t)) } });
    }
  },
});

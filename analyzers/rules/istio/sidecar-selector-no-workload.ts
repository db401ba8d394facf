import { policySelector } from '../../config/kinds/policy.js';
import { selectorString } from '../../config/labels.js';
import { selectPods } from '../../config/selection.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `sidecar.SelectorAnalyzer` (selector): a Sidecar whose workloadSelector matches no pod in its namespace. */
export default defineAnalyzer({
  meta: {
    id: 'istio/sidecar-selector-no-workload',
    code: 'IST0101',
    category: 'config',
    severity: 'error',
    description: 'A Sidecar workloadSelector matches no pod in its namespace',
    inputs: ['Sidecar', 'Pod'],
    messages: { noWorkload: 'Referenced selector not found: "{{selector}}"' },
    docs: 'docs/analyzers/istio/sidecar-selector-no-workload.md',
    remediation: 'Fix the workloadSelector labels, or delete the Sidecar if the workload is gone.',
    istioAnalyzer: ['sidecar.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const sc of selectPods(ctx.list('Sidecar'), (ns) => cfg.podsIn(ns)).unmatched) {
      ctx.report({ messageId: 'noWorkload', resource: sc, path: 'spec.workloadSelector', data: { selector: selectorString(policySelector(sc)) } });
    }
  },
});

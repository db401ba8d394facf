import { fullName } from '../../config/kinds/common.js';
import { namespaceInAmbient } from '../../config/kinds/namespace.js';
import { selectPods } from '../../config/selection.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `sidecar.SelectorAnalyzer` (MultipleSidecarsWithoutWorkloadSelectors): more than one namespace-wide Sidecar. */
export default defineAnalyzer({
  meta: {
    id: 'istio/multiple-sidecars-without-selector',
    code: 'IST0111',
    category: 'config',
    severity: 'error',
    description: 'A namespace has more than one Sidecar without a workloadSelector',
    inputs: ['Sidecar', 'Pod', 'Namespace'],
    messages: { multiple: 'The Sidecars [{{sidecars}}] in namespace "{{namespace}}" have no workload selector, which can lead to undefined behavior.' },
    docs: 'docs/analyzers/istio/multiple-sidecars-without-selector.md',
    remediation: 'Keep one namespace-wide Sidecar per namespace; give the others a workloadSelector.',
    istioAnalyzer: ['sidecar.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const [ns, list] of selectPods(ctx.list('Sidecar'), (n) => cfg.podsIn(n)).namespaceWide) {
      if (list.length < 2 || namespaceInAmbient(cfg.namespace(ns))) continue;
      for (const sc of list) ctx.report({ messageId: 'multiple', resource: sc, path: 'metadata.name', data: { sidecars: list.map(fullName).join(' '), namespace: ns } });
    }
  },
});

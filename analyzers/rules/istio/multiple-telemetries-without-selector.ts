import { fullName, nsOf } from '../../config/kinds/common.js';
import { policySelector, policyTargetRefs } from '../../config/kinds/policy.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

/** Istio `telemetry.DefaultSelectorAnalyzer`: more than one namespace-wide Telemetry in a namespace. */
export default defineAnalyzer({
  meta: {
    id: 'istio/multiple-telemetries-without-selector',
    code: 'IST0160',
    category: 'config',
    severity: 'error',
    description: 'A namespace has more than one Telemetry without a selector',
    inputs: ['Telemetry'],
    messages: { multiple: 'The Telemetries [{{telemetries}}] in namespace "{{namespace}}" have no workload selector, which can lead to undefined behavior.' },
    docs: 'docs/analyzers/istio/multiple-telemetries-without-selector.md',
    remediation: 'Keep one namespace-wide Telemetry per namespace; give the others a selector.',
    istioAnalyzer: ['telemetry.DefaultSelectorAnalyzer'],
  },
  analyze(ctx) {
    const byNs = new Map<string, Resource[]>();
    for (const t of ctx.list('Telemetry')) {
      if (policySelector(t) !== undefined || policyTargetRefs(t).length) continue;
      byNs.set(nsOf(t), [...(byNs.get(nsOf(t)) ?? []), t]);
    }
    for (const [ns, list] of byNs) {
      if (list.length < 2) continue;
      for (const t of list) ctx.report({ messageId: 'multiple', resource: t, path: 'metadata.name', data: { telemetries: list.map(fullName).join(' '), namespace: ns } });
    }
  },
});

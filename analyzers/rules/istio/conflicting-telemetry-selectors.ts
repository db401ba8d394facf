import { fullName, nsOf } from '../../config/kinds/common.js';
import { selectPods } from '../../config/selection.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `telemetry.SelectorAnalyzer` (ConflictingTelemetryWorkloadSelectors): two Telemetries select the same pod. */
export default defineAnalyzer({
  meta: {
    id: 'istio/conflicting-telemetry-selectors',
    code: 'IST0159',
    category: 'config',
    severity: 'error',
    description: 'Several Telemetry resources select the same pod',
    inputs: ['Telemetry', 'Pod'],
    messages: { conflict: 'The Telemetries [{{telemetries}}] in namespace "{{namespace}}" select the same workload pod "{{pod}}", which can lead to undefined behavior.' },
    docs: 'docs/analyzers/istio/conflicting-telemetry-selectors.md',
    remediation: 'Make the selectors disjoint so each pod gets one workload-level Telemetry.',
    istioAnalyzer: ['telemetry.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const [pod, list] of selectPods(ctx.list('Telemetry'), (ns) => cfg.podsIn(ns)).byPod) {
      if (list.length < 2) continue;
      for (const t of list) ctx.report({ messageId: 'conflict', resource: t, path: 'metadata.name', data: { telemetries: list.map(fullName).join(' '), namespace: nsOf(pod), pod: pod.name }, related: [pod] });
    }
  },
});

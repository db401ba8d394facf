import { fullName, nsOf } from '../../config/kinds/common.js';
import { podInAmbient } from '../../config/kinds/pod.js';
import { selectPods } from '../../config/selection.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `sidecar.SelectorAnalyzer` (ConflictingSidecarWorkloadSelectors): two Sidecars select the same pod. */
export default defineAnalyzer({
  meta: {
    id: 'istio/conflicting-sidecar-selectors',
    code: 'IST0110',
    category: 'config',
    severity: 'error',
    description: 'Several Sidecar resources select the same pod',
    inputs: ['Sidecar', 'Pod'],
    messages: { conflict: 'The Sidecars [{{sidecars}}] in namespace "{{namespace}}" select the same workload pod "{{pod}}", which can lead to undefined behavior.' },
    docs: 'docs/analyzers/istio/conflicting-sidecar-selectors.md',
    remediation: 'Make the workloadSelectors disjoint so each pod gets one Sidecar.',
    istioAnalyzer: ['sidecar.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const [pod, list] of selectPods(ctx.list('Sidecar'), (ns) => cfg.podsIn(ns)).byPod) {
      if (list.length < 2 || podInAmbient(pod)) continue;
      for (const sc of list) {
        ctx.report({ messageId: 'conflict', resource: sc, path: 'metadata.name', data: { sidecars: list.map(fullName).join(' '), namespace: nsOf(pod), pod: pod.name }, related: [pod] });
      }
    }
  },
});

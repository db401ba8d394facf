import { namespaceInAmbient } from '../../config/kinds/namespace.js';
import { podInAmbient } from '../../config/kinds/pod.js';
import { selectPods } from '../../config/selection.js';
import type { Resource } from '../../model/k8s.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `sidecar.SelectorAnalyzer` (IneffectivePolicy): a Sidecar applying to ambient workloads, which have no sidecar. */
export default defineAnalyzer({
  meta: {
    id: 'istio/sidecar-ineffective-ambient',
    code: 'IST0167',
    category: 'config',
    severity: 'warning',
    description: 'A Sidecar selects workloads in ambient mode, where it has no effect',
    inputs: ['Sidecar', 'Pod', 'Namespace'],
    messages: {
      ambientPod: 'The policy has no impact: selected workload is in ambient mode, the policy has no impact.',
      ambientNamespace: 'The policy has no impact: namespace is in ambient mode, the policy has no impact.',
    },
    docs: 'docs/analyzers/istio/sidecar-ineffective-ambient.md',
    remediation: 'Remove the Sidecar, or configure the ambient equivalent (waypoint, AuthorizationPolicy with targetRef).',
    istioAnalyzer: ['sidecar.SelectorAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const sel = selectPods(ctx.list('Sidecar'), (ns) => cfg.podsIn(ns));
    const reported = new Set<Resource>();
    for (const [pod, list] of sel.byPod) {
      if (!podInAmbient(pod)) continue;
      for (const sc of list) {
        if (reported.has(sc)) continue;
        reported.add(sc);
        ctx.report({ messageId: 'ambientPod', resource: sc, path: 'spec.workloadSelector', related: [pod] });
      }
    }
    for (const [ns, list] of sel.namespaceWide) {
      if (!namespaceInAmbient(cfg.namespace(ns))) continue;
      for (const sc of list) {
        if (reported.has(sc)) continue;
        reported.add(sc);
        ctx.report({ messageId: 'ambientNamespace', resource: sc, path: 'metadata.name' });
      }
    }
  },
});

import { labelsOf, nsOf } from '../../config/kinds/common.js';
import { inMesh, podInAmbient, podTemplate } from '../../config/kinds/pod.js';
import { policySelector, policyTargetRefs } from '../../config/kinds/policy.js';
import { matchesLabels, selectorString, type Labels } from '../../config/labels.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * Istio `auth.AuthorizationPoliciesAnalyzer` (NoMatchingWorkloadsFound): an AuthorizationPolicy
 * whose selector matches no in-mesh pod (sidecar or ambient), or a namespace-wide one in a namespace
 * without any. In the root namespace the selector is matched across the mesh.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/authz-no-matching-workloads',
    code: 'IST0127',
    category: 'security',
    severity: 'warning',
    description: 'An AuthorizationPolicy selects no workload in the mesh',
    inputs: ['AuthorizationPolicy', 'Namespace', 'Pod'],
    messages: { noWorkloads: 'No matching workloads for this resource with the following labels: {{labels}}' },
    docs: 'docs/analyzers/istio/authz-no-matching-workloads.md',
    remediation: 'Fix the selector labels (or namespace) so the policy selects the intended pods, or delete it.',
    istioAnalyzer: ['auth.AuthorizationPoliciesAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const meshPods = new Map<string, Labels[]>();
    for (const [ns, pods] of cfg.podsByNamespace()) {
      const n = cfg.namespace(ns);
      const list: Labels[] = [];
      for (const p of pods) {
        if (inMesh(podTemplate(p), n)) list.push(labelsOf(p));
        if (podInAmbient(p)) list.push(labelsOf(p));
      }
      meshPods.set(ns, list);
    }
    for (const ap of ctx.list('AuthorizationPolicy')) {
      if (policyTargetRefs(ap).length) continue;
      const ns = nsOf(ap);
      const sel = policySelector(ap);
      if (ns === ctx.mesh.rootNamespace) {
        if (sel && ![...meshPods.values()].some((l) => l.some((x) => matchesLabels(sel, x)))) {
          ctx.report({ messageId: 'noWorkloads', resource: ap, path: 'spec.selector', data: { labels: selectorString(sel) } });
        }
        continue;
      }
      if (!sel) {
        if ((meshPods.get(ns) ?? []).length === 0) ctx.report({ messageId: 'noWorkloads', resource: ap, path: 'metadata.namespace', data: { labels: '' } });
        continue;
      }
      if (!(meshPods.get(ns) ?? []).some((l) => matchesLabels(sel, l))) {
        ctx.report({ messageId: 'noWorkloads', resource: ap, path: 'spec.selector', data: { labels: selectorString(sel) } });
      }
    }
  },
});

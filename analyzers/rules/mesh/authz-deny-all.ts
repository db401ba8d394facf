import { fullName, labelsOf, nsOf } from '../../config/kinds/common.js';
import { authzAction, authzHasRulesField, authzRules, policySelector, policyTargetRefs } from '../../config/kinds/policy.js';
import { matchesLabels } from '../../config/labels.js';
import type { Resource } from '../../model/k8s.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Does the policy apply to the pod (mesh-wide in the root namespace, namespace-wide, or by selector)? */
function appliesTo(ap: Resource, pod: Resource, root: string): boolean {
  if (policyTargetRefs(ap).length) return false;
  const sel = policySelector(ap);
  if (nsOf(ap) !== root && nsOf(ap) !== nsOf(pod)) return false;
  return !sel || matchesLabels(sel, labelsOf(pod));
}

const isDenyAll = (ap: Resource) => authzAction(ap) === 'DENY' && authzRules(ap).some((r) => Object.keys(r).length === 0);
const isAllowNothing = (ap: Resource) => authzAction(ap) === 'ALLOW' && authzRules(ap).length === 0;

/**
 * A workload that receives traffic (a Service selects it) but whose AuthorizationPolicies reject
 * every request: a DENY policy with an empty rule, or only ALLOW policies without rules (which match
 * nothing, so nothing is allowed). Clients get `403 RBAC: access denied`.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/authz-deny-all',
    code: 'MSH1021',
    category: 'security',
    severity: 'error',
    description: 'AuthorizationPolicies deny every request to a workload that serves traffic',
    inputs: ['AuthorizationPolicy', 'Pod', 'Service'],
    messages: {
      denyAll: 'DENY policy with an empty rule applies to pod {{pod}} (behind Service {{service}}): every request is denied (403 RBAC: access denied).',
      allowNothing: 'The only ALLOW policies on pod {{pod}} (behind Service {{service}}) have no rules{{others}}: nothing is allowed, so every request is denied (403 RBAC: access denied).',
    },
    docs: 'docs/analyzers/mesh/authz-deny-all.md',
    remediation: 'Add ALLOW rules for the callers that need access, or narrow the DENY policy with from/to/when conditions.',
    rootCauses: ['authz-denied'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const root = ctx.mesh.rootNamespace;
    const policies = ctx.list('AuthorizationPolicy').filter((ap) => authzHasRulesField(ap) || authzAction(ap) !== 'CUSTOM');
    const reported = new Set<string>();
    for (const svc of ctx.list('Service')) {
      for (const pod of cfg.podsForService(svc)) {
        const applied = policies.filter((ap) => appliesTo(ap, pod, root));
        const deny = applied.find(isDenyAll);
        const allows = applied.filter((ap) => authzAction(ap) === 'ALLOW');
        const target = deny ?? (allows.length && allows.every(isAllowNothing) ? allows[0] : undefined);
        if (!target) continue;
        const k = `${fullName(target)}\u001f${fullName(svc)}`;
        if (reported.has(k)) continue;
        reported.add(k);
        const data = { pod: fullName(pod), service: fullName(svc), others: allows.length > 1 ? ` (${allows.map(fullName).join(', ')})` : '' };
        ctx.report({ messageId: deny ? 'denyAll' : 'allowNothing', resource: target, path: deny ? 'spec.rules' : 'spec', data: deny ? { pod: data.pod, service: data.service } : data, related: [svc, pod] });
      }
    }
  },
});

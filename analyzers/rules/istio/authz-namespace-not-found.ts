import { isRecord, listOf, strList } from '../../config/kinds/common.js';
import { authzRules } from '../../config/kinds/policy.js';
import { defineAnalyzer } from '../define.js';

/** Istio `namespaceMatch`: `*`, `prefix*`, `*suffix` or an exact (case-insensitive) name. */
function namespaceMatch(ns: string, exp: string): boolean {
  if (exp === '*') return true;
  if (exp.startsWith('*')) return ns.endsWith(exp.slice(1));
  if (exp.endsWith('*')) return ns.startsWith(exp.slice(0, -1));
  return ns.toLowerCase() === exp.toLowerCase();
}

/** Istio `auth.AuthorizationPoliciesAnalyzer` (namespace): `source.namespaces`/`notNamespaces` naming no existing namespace. */
export default defineAnalyzer({
  meta: {
    id: 'istio/authz-namespace-not-found',
    code: 'IST0101',
    category: 'security',
    severity: 'error',
    description: 'An AuthorizationPolicy rule names a source namespace that does not exist',
    inputs: ['AuthorizationPolicy', 'Namespace'],
    messages: { namespaceNotFound: 'Referenced namespace not found: "{{namespace}}"' },
    docs: 'docs/analyzers/istio/authz-namespace-not-found.md',
    remediation: 'Fix the namespace name (or pattern) in the rule.',
    rootCauses: ['authz-denied'],
    istioAnalyzer: ['auth.AuthorizationPoliciesAnalyzer'],
  },
  analyze(ctx) {
    const names = ctx.list('Namespace').map((n) => n.name);
    for (const ap of ctx.list('AuthorizationPolicy')) {
      authzRules(ap).forEach((rule, i) => {
        listOf(rule.from).forEach((from, j) => {
          const src = isRecord(from) && isRecord(from.source) ? from.source : {};
          for (const field of ['namespaces', 'notNamespaces'] as const) {
            strList(src[field]).forEach((ns, k) => {
              if (!names.some((n) => namespaceMatch(n, ns))) {
                ctx.report({ messageId: 'namespaceNotFound', resource: ap, path: `spec.rules[${i}].from[${j}].source.${field}[${k}]`, data: { namespace: ns } });
              }
            });
          }
        });
      });
    }
  },
});

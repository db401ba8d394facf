import { isRecord, listOf, strList } from '../../config/kinds/common.js';
import { authzAction, authzRules } from '../../config/kinds/policy.js';
import { defineAnalyzer } from '../define.js';

/**
 * An ALLOW AuthorizationPolicy that allows everything: an empty rule (`rules: [{}]` matches every
 * request) or `principals: ["*"]` (any authenticated identity). Since ALLOW policies combine by OR,
 * it voids every other ALLOW policy on the same workloads. A risk, not an outage cause.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/authz-allow-all',
    code: 'MSH1020',
    category: 'security',
    severity: 'warning',
    description: 'An ALLOW AuthorizationPolicy allows every request or every identity',
    inputs: ['AuthorizationPolicy'],
    messages: {
      emptyRule: 'ALLOW rule #{{rule}} is empty, so it matches every request: this policy allows all traffic to the workloads it selects and overrides narrower ALLOW policies.',
      anyPrincipal: 'ALLOW rule #{{rule}} accepts principals ["*"]: any workload with a mesh identity is allowed, whatever its namespace or service account.',
    },
    docs: 'docs/analyzers/mesh/authz-allow-all.md',
    remediation: 'List the principals or namespaces that need access; for "authenticated only", prefer namespaces or specific service accounts.',
  },
  analyze(ctx) {
    for (const ap of ctx.list('AuthorizationPolicy')) {
      if (authzAction(ap) !== 'ALLOW') continue;
      authzRules(ap).forEach((rule, i) => {
        if (Object.keys(rule).length === 0) {
          ctx.report({ messageId: 'emptyRule', resource: ap, path: `spec.rules[${i}]`, data: { rule: i } });
          return;
        }
        listOf(rule.from).forEach((f, j) => {
          const src = isRecord(f) && isRecord(f.source) ? f.source : {};
          if (strList(src.principals).includes('*')) ctx.report({ messageId: 'anyPrincipal', resource: ap, path: `spec.rules[${i}].from[${j}].source.principals`, data: { rule: i } });
        });
      });
    }
  },
});

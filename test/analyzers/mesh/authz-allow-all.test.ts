import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/authz-allow-all.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { authorizationPolicy, yaml } from '../fixtures.js';

const ap = (spec: Record<string, unknown>) => yaml(authorizationPolicy('default', 'reviews', spec));

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'specific principals', yaml: ap({ selector: { matchLabels: { app: 'reviews' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }] }] }) },
    { name: 'DENY with an empty rule is another check', yaml: ap({ action: 'DENY', rules: [{}] }) },
    { name: 'ALLOW nothing (no rules)', yaml: ap({ selector: { matchLabels: { app: 'reviews' } } }) },
  ],
  invalid: [
    { name: 'empty rule', yaml: ap({ rules: [{}] }), errors: [{ messageId: 'emptyRule', resource: 'AuthorizationPolicy default/reviews', data: { rule: 0 } }] },
    { name: 'any principal', yaml: ap({ action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'] } }] }, { from: [{ source: { principals: ['*'] } }] }] }), errors: [{ messageId: 'anyPrincipal', data: { rule: 1 } }] },
  ],
});

import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/authz-deny-all.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { authorizationPolicy, pod, reviews, yaml } from '../fixtures.js';

const sel = { matchLabels: { app: 'reviews' } };

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'allow-nothing baseline plus a real ALLOW', yaml: yaml(...reviews(), authorizationPolicy('default', 'allow-nothing', { selector: sel }), authorizationPolicy('default', 'allow-pp', { selector: sel, rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }] }] })) },
    { name: 'DENY with conditions', yaml: yaml(...reviews(), authorizationPolicy('default', 'deny-post', { selector: sel, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })) },
    { name: 'deny-all on a pod no Service selects', yaml: yaml(pod('default', 'worker', { labels: { app: 'worker' }, sidecar: true }), authorizationPolicy('default', 'deny', { selector: { matchLabels: { app: 'worker' } }, action: 'DENY', rules: [{}] })) },
  ],
  invalid: [
    {
      name: 'namespace-wide DENY with an empty rule',
      yaml: yaml(...reviews(), authorizationPolicy('default', 'deny-all', { action: 'DENY', rules: [{}] })),
      errors: [{ messageId: 'denyAll', resource: 'AuthorizationPolicy default/deny-all', data: { pod: 'default/reviews-v1-abc', service: 'default/reviews' } }],
    },
    {
      name: 'only an allow-nothing policy',
      yaml: yaml(...reviews(), authorizationPolicy('default', 'allow-nothing', { selector: sel })),
      errors: [{ messageId: 'allowNothing', resource: 'AuthorizationPolicy default/allow-nothing', data: { pod: 'default/reviews-v1-abc', service: 'default/reviews', others: '' } }],
    },
  ],
});

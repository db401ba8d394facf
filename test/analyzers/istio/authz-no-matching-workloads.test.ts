import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/istio/authz-no-matching-workloads.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { authorizationPolicy, namespace, pod, yaml } from '../fixtures.js';

const meshed = pod('shop', 'cart-1', { labels: { app: 'cart' }, sidecar: true });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'selector matches an injected pod', yaml: yaml(namespace('shop'), meshed, authorizationPolicy('shop', 'cart', { selector: { matchLabels: { app: 'cart' } } })) },
    { name: 'namespace-wide policy with meshed pods', yaml: yaml(namespace('shop'), meshed, authorizationPolicy('shop', 'all', {})) },
  ],
  invalid: [
    { name: 'selector typo', yaml: yaml(namespace('shop'), meshed, authorizationPolicy('shop', 'cart', { selector: { matchLabels: { app: 'carts' } } })), errors: [{ messageId: 'noWorkloads', resource: 'AuthorizationPolicy shop/cart', data: { labels: 'app=carts' } }] },
    { name: 'selected pod has no sidecar', yaml: yaml(namespace('shop'), pod('shop', 'cart-1', { labels: { app: 'cart' } }), authorizationPolicy('shop', 'cart', { selector: { matchLabels: { app: 'cart' } } })), errors: [{ messageId: 'noWorkloads', data: { labels: 'app=cart' } }] },
  ],
});

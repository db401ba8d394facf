import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/revision-namespace-pod-without-sidecar.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { namespace, pod, yaml } from '../fixtures.js';

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'injected pod in a revision namespace', yaml: yaml(namespace('shop', { 'istio.io/rev': 'stable' }), pod('shop', 'cart-1', { sidecar: true })) },
    { name: 'injection opted out', yaml: yaml(namespace('shop', { 'istio.io/rev': 'stable' }), pod('shop', 'job-1', { labels: { 'sidecar.istio.io/inject': 'false' } })) },
    { name: 'istio-injection label is IST0103 territory', yaml: yaml(namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'cart-1')) },
  ],
  invalid: [
    {
      name: 'pod without sidecar in a revision namespace',
      yaml: yaml(namespace('shop', { 'istio.io/rev': 'canary' }), pod('shop', 'cart-1')),
      errors: [{ messageId: 'noSidecar', resource: 'Pod shop/cart-1', data: { pod: 'shop/cart-1', namespace: 'shop', revision: 'canary' } }],
    },
  ],
});

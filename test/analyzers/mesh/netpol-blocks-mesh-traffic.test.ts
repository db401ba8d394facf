import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/netpol-blocks-mesh-traffic.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { namespace, networkPolicy, pod, service, yaml } from '../fixtures.js';

const base = [
  namespace('shop', { team: 'shop' }),
  namespace('web', { team: 'web' }),
  service('shop', 'cart', { app: 'cart' }, [{ name: 'http', port: 8080, targetPort: 8080 }]),
  pod('shop', 'cart-1', { labels: { app: 'cart' }, sidecar: true, containerPort: 8080 }),
  pod('web', 'frontend-1', { labels: { app: 'frontend' }, sidecar: true, env: { CART_URL: 'http://cart.shop.svc.cluster.local:8080' } }),
];

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'no policies', yaml: yaml(...base) },
    { name: 'ingress allows the caller namespace on the port', yaml: yaml(...base, networkPolicy('shop', 'cart', { podSelector: { matchLabels: { app: 'cart' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }], ports: [{ port: 8080 }] }] })) },
  ],
  invalid: [
    {
      name: 'same-namespace-only ingress blocks the known caller',
      yaml: yaml(...base, networkPolicy('shop', 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })),
      errors: [{ messageId: 'caller', resource: 'NetworkPolicy shop/same-ns', data: { direction: 'ingress', caller: 'web/frontend-1', service: 'shop/cart', pod: 'shop/cart-1', port: 8080, where: 'env CART_URL=http://cart.shop.svc.cluster.local:8080 of container app' } }],
    },
    {
      name: 'wrong port allowed, no known caller: admits no meshed pod',
      yaml: yaml(...base.slice(0, 4), pod('web', 'other-1', { sidecar: true }), networkPolicy('shop', 'metrics-only', { podSelector: {}, ingress: [{ ports: [{ port: 15090 }] }] })),
      errors: [{ messageId: 'noClient', resource: 'NetworkPolicy shop/metrics-only', data: { service: 'shop/cart', port: 8080 } }],
    },
  ],
});

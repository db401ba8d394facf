import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/netpol-blocks-istiod.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { namespace, networkPolicy, pod, yaml } from '../fixtures.js';

const base = [
  namespace('istio-system', { 'kubernetes.io/metadata.name': 'istio-system' }),
  namespace('shop', { 'kubernetes.io/metadata.name': 'shop' }),
  pod('istio-system', 'istiod-1', { labels: { app: 'istiod', istio: 'pilot' }, podIP: '10.0.0.5' }),
  pod('shop', 'cart-1', { labels: { app: 'cart' }, sidecar: true, podIP: '10.0.1.7' }),
];
const denyEgress = networkPolicy('shop', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'no policies', yaml: yaml(...base) },
    {
      name: 'egress deny with an allowance for istiod',
      yaml: yaml(...base, networkPolicy('shop', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }], ports: [{ port: 15012 }] }] })),
    },
    {
      name: 'istiod ingress open to pods and to the API server by CIDR',
      yaml: yaml(...base, networkPolicy('istio-system', 'istiod', { podSelector: { matchLabels: { app: 'istiod' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 15012 }] }, { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 15017 }] }] })),
    },
  ],
  invalid: [
    {
      name: 'namespace egress lockdown without istiod',
      yaml: yaml(...base, denyEgress),
      errors: [{ messageId: 'xds', resource: 'NetworkPolicy shop/deny-egress', data: { direction: 'egress', count: 1, pod: 'shop/cart-1', istiod: 'istio-system/istiod-1' } }],
    },
    {
      name: 'istiod ingress allows only its own namespace',
      yaml: yaml(...base, networkPolicy('istio-system', 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })),
      errors: [
        { messageId: 'xds', resource: 'NetworkPolicy istio-system/same-ns', data: { direction: 'ingress', count: 1, pod: 'shop/cart-1', istiod: 'istio-system/istiod-1' } },
        { messageId: 'webhook', resource: 'NetworkPolicy istio-system/same-ns', data: { istiod: 'istio-system/istiod-1' } },
      ],
    },
  ],
});

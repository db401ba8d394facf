import { describe, it } from 'vitest';
import applicationUid from '../../../analyzers/rules/istio/application-uid.js';
import podMissingProxy from '../../../analyzers/rules/istio/pod-missing-proxy.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { namespace, pod, yaml } from '../fixtures.js';

testAnalyzer({ describe, it }, applicationUid, {
  valid: [
    { name: 'app runs as another UID', yaml: yaml(pod('shop', 'cart', { spec: { securityContext: { runAsUser: 1000 } } })) },
    { name: 'control-plane pods are exempt', yaml: yaml(pod('istio-system', 'gw', { labels: { istio: 'ingressgateway' }, spec: { securityContext: { runAsUser: 1337 } } })) },
  ],
  invalid: [
    { name: 'pod-level UID 1337', yaml: yaml(pod('shop', 'cart', { spec: { securityContext: { runAsUser: 1337 } } })), errors: [{ messageId: 'reservedUid', resource: 'Pod shop/cart', data: { where: 'the pod securityContext' } }] },
    {
      name: 'container-level UID 1337 on a Deployment',
      yaml: yaml({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'cart' } }, template: { metadata: { labels: { app: 'cart' } }, spec: { containers: [{ name: 'cart', image: 'x', securityContext: { runAsUser: 1337 } }] } } } }),
      errors: [{ messageId: 'reservedUid', resource: 'Deployment shop/cart', data: { where: 'container cart' } }],
    },
  ],
});

testAnalyzer({ describe, it }, podMissingProxy, {
  valid: [
    { name: 'injected pod', yaml: yaml(namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'cart', { sidecar: true })) },
    { name: 'injection disabled on the pod', yaml: yaml(namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'job', { annotations: { 'sidecar.istio.io/inject': 'false' } })) },
    { name: 'namespace not labelled', yaml: yaml(namespace('shop'), pod('shop', 'cart')) },
  ],
  invalid: [{ name: 'pod created without the sidecar', yaml: yaml(namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'cart')), errors: [{ messageId: 'missingProxy', resource: 'Pod shop/cart', data: { pod: 'shop/cart' } }] }],
});

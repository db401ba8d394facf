import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/mtls-strict-caller-without-sidecar.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { peerAuthentication, pod, reviews, yaml } from '../fixtures.js';

const strictNs = peerAuthentication('default', 'default', { mtls: { mode: 'STRICT' } });
const legacy = (env: Record<string, string>, sidecar = false) => pod('legacy', 'client-1', { labels: { app: 'client' }, sidecar, env });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'caller has a sidecar', yaml: yaml(...reviews(), strictNs, legacy({ REVIEWS_URL: 'http://reviews.default:9080' }, true)) },
    { name: 'PERMISSIVE accepts plaintext', yaml: yaml(...reviews(), peerAuthentication('default', 'default', { mtls: { mode: 'PERMISSIVE' } }), legacy({ REVIEWS_URL: 'http://reviews.default:9080' })) },
    { name: 'sidecar-less pod that does not call the service', yaml: yaml(...reviews(), strictNs, legacy({ RATINGS_URL: 'http://ratings.default:9080' })) },
  ],
  invalid: [
    {
      name: 'namespace-level STRICT, caller in another namespace without sidecar',
      yaml: yaml(...reviews(), strictNs, legacy({ REVIEWS_URL: 'http://reviews.default:9080/reviews' })),
      errors: [{ messageId: 'podCaller', resource: 'PeerAuthentication default/default', data: { scope: 'namespace', policy: 'default/default', service: 'default/reviews', caller: 'legacy/client-1', where: 'env REVIEWS_URL=http://reviews.default:9080/reviews of container app' } }],
    },
    {
      name: 'mesh-level STRICT in the root namespace, same-namespace caller by short name',
      yaml: yaml(...reviews(), peerAuthentication('istio-system', 'default', { mtls: { mode: 'STRICT' } }), pod('default', 'batch-job', { env: { TARGET: 'reviews:9080' } })),
      errors: [{ messageId: 'podCaller', resource: 'PeerAuthentication istio-system/default', data: { scope: 'mesh', policy: 'istio-system/default', service: 'default/reviews', caller: 'default/batch-job', where: 'env TARGET=reviews:9080 of container app' } }],
    },
    {
      name: 'port-level STRICT and an Ingress routing to the service',
      yaml: yaml(
        ...reviews(),
        peerAuthentication('default', 'reviews', { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { '9080': { mode: 'STRICT' } } }),
        { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'reviews', port: { number: 9080 } } } }] } }] } },
      ),
      errors: [{ messageId: 'ingressCaller', resource: 'PeerAuthentication default/reviews', data: { scope: 'port', policy: 'default/reviews', service: 'default/reviews', caller: 'default/web' } }],
    },
  ],
});

import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/dr-tls-conflicts-strict.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, peerAuthentication, reviews, yaml } from '../fixtures.js';

const strict = peerAuthentication('default', 'default', { mtls: { mode: 'STRICT' } });
const dr = (tls: Record<string, unknown>) => destinationRule('default', 'reviews', { host: 'reviews.default.svc.cluster.local', trafficPolicy: { tls } });

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'ISTIO_MUTUAL toward STRICT', yaml: yaml(...reviews(), strict, dr({ mode: 'ISTIO_MUTUAL' })) },
    { name: 'DISABLE toward PERMISSIVE', yaml: yaml(...reviews(), dr({ mode: 'DISABLE' })) },
    {
      name: 'DISABLE on a port the workload policy leaves PERMISSIVE',
      yaml: yaml(...reviews(), peerAuthentication('default', 'reviews', { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '9080': { mode: 'PERMISSIVE' } } }), destinationRule('default', 'reviews', { host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'DISABLE' } }] } })),
    },
  ],
  invalid: [
    {
      name: 'DISABLE toward a STRICT namespace',
      yaml: yaml(...reviews(), strict, dr({ mode: 'DISABLE' })),
      errors: [{ messageId: 'conflict', resource: 'DestinationRule default/reviews', data: { mode: 'DISABLE', where: 'spec.trafficPolicy', host: 'reviews.default.svc.cluster.local', policy: 'default/default', pod: 'default/reviews-v1-abc', port: ' on port 9080' } }],
    },
    {
      name: 'SIMPLE on one subset toward STRICT workload-level policy',
      yaml: yaml(...reviews(), peerAuthentication('default', 'reviews-strict', { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' } }), destinationRule('default', 'reviews', { host: 'reviews', subsets: [{ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: { mode: 'SIMPLE' } } }] })),
      errors: [{ messageId: 'conflict', data: { mode: 'SIMPLE', where: 'spec.subsets[0].trafficPolicy', host: 'reviews', policy: 'default/reviews-strict', pod: 'default/reviews-v2-def', port: ' on port 9080' } }],
    },
  ],
});

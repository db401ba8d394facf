import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/connection-pool-tiny.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, yaml } from '../fixtures.js';

const dr = (connectionPool: Record<string, unknown>) => yaml(destinationRule('default', 'reviews', { host: 'reviews', trafficPolicy: { connectionPool } }));

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'sized limits', yaml: dr({ tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 1024, http2MaxRequests: 1000 } }) },
    { name: 'one request per connection is a keepalive choice, not a limit', yaml: dr({ http: { maxRequestsPerConnection: 1 } }) },
  ],
  invalid: [
    {
      name: 'the circuit-breaker demo values',
      yaml: dr({ tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } }),
      errors: [
        { messageId: 'tiny', resource: 'DestinationRule default/reviews', data: { group: 'tcp', field: 'maxConnections', value: 1, where: 'spec.trafficPolicy' } },
        { messageId: 'tiny', data: { group: 'http', field: 'http1MaxPendingRequests', value: 1, where: 'spec.trafficPolicy' } },
      ],
    },
    {
      name: 'port-level http2MaxRequests',
      yaml: yaml(destinationRule('default', 'reviews', { host: 'reviews', trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, connectionPool: { http: { http2MaxRequests: 5 } } }] } })),
      errors: [{ messageId: 'tiny', data: { group: 'http', field: 'http2MaxRequests', value: 5, where: 'spec.trafficPolicy.portLevelSettings[0]' } }],
    },
  ],
});

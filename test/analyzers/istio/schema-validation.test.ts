import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/istio/schema-validation.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { destinationRule, gateway, peerAuthentication, virtualService, yaml } from '../fixtures.js';

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'well-formed routing', yaml: yaml(virtualService('default', 'r', { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' } }] }] }), destinationRule('default', 'r', { host: 'r', subsets: [{ name: 'v1', labels: { v: '1' } }] })) },
    { name: 'Gateway API Gateway is not an Istio Gateway', yaml: yaml({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'default' }, spec: { gatewayClassName: 'istio', listeners: [] } }) },
  ],
  invalid: [
    { name: 'VirtualService without hosts', yaml: yaml(virtualService('default', 'r', { http: [{ route: [{ destination: { host: 'r' } }] }] })), errors: [{ messageId: 'invalid', resource: 'VirtualService default/r', data: { error: 'virtual service must have at least one host' } }] },
    { name: 'duplicate subset names', yaml: yaml(destinationRule('default', 'r', { host: 'r', subsets: [{ name: 'v1' }, { name: 'v1' }] })), errors: [{ messageId: 'invalid', data: { error: 'duplicate subset names: v1' } }] },
    { name: 'gateway server without port', yaml: yaml(gateway('default', 'g', { servers: [{ hosts: ['*'] }] })), errors: [{ messageId: 'invalid', data: { error: 'port number must be in the range 1..65535' } }] },
    { name: 'unknown mTLS mode', yaml: yaml(peerAuthentication('default', 'p', { mtls: { mode: 'STRICTEST' } })), errors: [{ messageId: 'invalid', data: { error: 'invalid mTLS mode "STRICTEST"' } }] },
  ],
});

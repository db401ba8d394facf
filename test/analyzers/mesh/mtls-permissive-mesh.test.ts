import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/mtls-permissive-mesh.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { namespace, peerAuthentication, yaml } from '../fixtures.js';

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'mesh-wide STRICT', yaml: yaml(namespace('istio-system'), peerAuthentication('istio-system', 'default', { mtls: { mode: 'STRICT' } })) },
    { name: 'custom root namespace with STRICT', yaml: yaml(namespace('mesh-root'), peerAuthentication('mesh-root', 'default', { mtls: { mode: 'STRICT' } })), mesh: 'rootNamespace: mesh-root' },
    { name: 'no root namespace in the bundle', yaml: yaml(namespace('default')) },
  ],
  invalid: [
    { name: 'no mesh-wide policy', yaml: yaml(namespace('istio-system'), peerAuthentication('default', 'ns-strict', { mtls: { mode: 'STRICT' } })), errors: [{ messageId: 'noPolicy', resource: 'Namespace istio-system', data: { root: 'istio-system' } }] },
    { name: 'explicit PERMISSIVE', yaml: yaml(namespace('istio-system'), peerAuthentication('istio-system', 'default', { mtls: { mode: 'PERMISSIVE' } })), errors: [{ messageId: 'permissivePolicy', resource: 'PeerAuthentication istio-system/default', data: { policy: 'istio-system/default', mode: 'PERMISSIVE' } }] },
  ],
});

import { gatewayCredentials } from '../../config/kinds/gateway.js';
import { defineAnalyzer } from '../define.js';

/** Istio `gateway.SecretAnalyzer`: a TLS `credentialName` must be a Secret in the namespace of the gateway pods. */
export default defineAnalyzer({
  meta: {
    id: 'istio/gateway-credential-not-found',
    code: 'IST0101',
    category: 'gateway',
    severity: 'error',
    description: 'A Gateway TLS credentialName names a Secret that is not in the gateway pods\' namespace',
    inputs: ['Gateway', 'Pod', 'Secret'],
    messages: { credentialNotFound: 'Referenced credentialName not found: "{{credentialName}}" (looked in namespace {{namespace}})' },
    docs: 'docs/analyzers/istio/gateway-credential-not-found.md',
    remediation: 'Create the TLS Secret in the namespace where the gateway pods run (not the Gateway resource namespace), or fix credentialName.',
    rootCauses: ['gateway-credential-missing'],
    istioAnalyzer: ['gateway.SecretAnalyzer'],
  },
  analyze(ctx) {
    for (const { gw, server, credentialName, ref } of gatewayCredentials(ctx.list('Gateway'), ctx.list('Pod'))) {
      if (ctx.find('Secret', ref.namespace || undefined, ref.name)) continue;
      ctx.report({ messageId: 'credentialNotFound', resource: gw, path: `spec.servers[${server.index}].tls.credentialName`, data: { credentialName, namespace: ref.namespace || '(none)' } });
    }
  },
});

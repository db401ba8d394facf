import { isRecord, nsOf } from '../../config/kinds/common.js';
import { drHost, drTrafficPolicy, drWorkloadSelector } from '../../config/kinds/destinationrule.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `destinationrule.CaCertificateAnalyzer` (destination level): TLS origination (SIMPLE or
 * MUTUAL) without caCertificates does not verify the server. A credentialName counts as a CA source
 * only when the rule has a workloadSelector (on gateways).
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/dr-no-ca-certificate',
    code: 'IST0128',
    category: 'security',
    severity: 'warning',
    description: 'A DestinationRule originates TLS without a CA to verify the server',
    inputs: ['DestinationRule'],
    messages: { noCa: 'DestinationRule {{name}} in namespace {{namespace}} has TLS mode set to {{mode}} but no caCertificates are set to validate server identity for host: {{host}}' },
    docs: 'docs/analyzers/istio/dr-no-ca-certificate.md',
    remediation: 'Set tls.caCertificates (or credentialName with a workloadSelector on a gateway) so the server certificate is verified.',
    istioAnalyzer: ['destinationrule.CaCertificateAnalyzer'],
  },
  analyze(ctx) {
    for (const dr of ctx.list('DestinationRule')) {
      const tls = drTrafficPolicy(dr)?.tls;
      if (!isRecord(tls) || (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL')) continue;
      if (tls.caCertificates || (tls.credentialName && drWorkloadSelector(dr))) continue;
      ctx.report({ messageId: 'noCa', resource: dr, path: 'spec.trafficPolicy.tls', data: { name: dr.namespace ? `${dr.namespace}/${dr.name}` : dr.name, namespace: nsOf(dr), mode: tls.mode, host: drHost(dr) } });
    }
  },
});

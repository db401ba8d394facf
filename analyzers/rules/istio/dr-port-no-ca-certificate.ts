import { isRecord, listOf, nsOf } from '../../config/kinds/common.js';
import { drHost, drTrafficPolicy, drWorkloadSelector } from '../../config/kinds/destinationrule.js';
import { defineAnalyzer } from '../define.js';

/** Istio `destinationrule.CaCertificateAnalyzer` (port level): port-level TLS origination without caCertificates. */
export default defineAnalyzer({
  meta: {
    id: 'istio/dr-port-no-ca-certificate',
    code: 'IST0129',
    category: 'security',
    severity: 'warning',
    description: 'A DestinationRule port-level setting originates TLS without a CA to verify the server',
    inputs: ['DestinationRule'],
    messages: { noCa: 'DestinationRule {{name}} in namespace {{namespace}} has TLS mode set to {{mode}} but no caCertificates are set to validate server identity for host: {{host}} at port {{port}}' },
    docs: 'docs/analyzers/istio/dr-port-no-ca-certificate.md',
    remediation: 'Set tls.caCertificates in the port-level setting (or credentialName with a workloadSelector on a gateway).',
    istioAnalyzer: ['destinationrule.CaCertificateAnalyzer'],
  },
  analyze(ctx) {
    for (const dr of ctx.list('DestinationRule')) {
      listOf(drTrafficPolicy(dr)?.portLevelSettings).forEach((pls, i) => {
        const tls = isRecord(pls) ? pls.tls : undefined;
        if (!isRecord(tls) || (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL')) return;
        if (tls.caCertificates || (tls.credentialName && drWorkloadSelector(dr))) return;
        const port = isRecord(pls.port) ? `number:${pls.port.number}` : '';
        ctx.report({ messageId: 'noCa', resource: dr, path: `spec.trafficPolicy.portLevelSettings[${i}].tls`, data: { name: dr.namespace ? `${dr.namespace}/${dr.name}` : dr.name, namespace: nsOf(dr), mode: tls.mode, host: drHost(dr), port } });
      });
    }
  },
});

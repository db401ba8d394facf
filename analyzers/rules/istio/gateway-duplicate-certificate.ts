import { fullName } from '../../config/kinds/common.js';
import { gatewaySelector, gatewayServers, isIstioGateway } from '../../config/kinds/gateway.js';
import { defineAnalyzer } from '../define.js';

/** Istio `selectorSubset`: every pair of `x` is in `y`. */
function subsetOf(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.entries(x).every(([k, v]) => y[k] === v);
}

/** Same credentialName, or (without credentialName) the same serverCertificate and privateKey files. */
function sameCertificate(a: Record<string, any>, b: Record<string, any>): boolean {
  const ca = typeof a.credentialName === 'string' ? a.credentialName : '';
  const cb = typeof b.credentialName === 'string' ? b.credentialName : '';
  if (ca && cb) return ca === cb;
  if (ca || cb) return false;
  return !!a.serverCertificate && a.serverCertificate === b.serverCertificate && !!a.privateKey && a.privateKey === b.privateKey;
}

/** Istio `gateway.CertificateAnalyzer`: Gateways on overlapping workloads that serve the same certificate. */
export default defineAnalyzer({
  meta: {
    id: 'istio/gateway-duplicate-certificate',
    code: 'IST0138',
    category: 'gateway',
    severity: 'warning',
    description: 'Several Gateways on the same workload use the same TLS certificate',
    inputs: ['Gateway'],
    messages: { duplicate: 'Duplicate certificate in multiple gateways [{{gateways}}] may cause 404s if clients re-use HTTP2 connections.' },
    docs: 'docs/analyzers/istio/gateway-duplicate-certificate.md',
    remediation: 'Serve the hosts that share a certificate from one Gateway, or use distinct certificates.',
    istioAnalyzer: ['gateway.CertificateAnalyzer'],
  },
  analyze(ctx) {
    const gateways = ctx.list('Gateway').filter(isIstioGateway);
    for (const gw of gateways) {
      const sel = gatewaySelector(gw);
      for (const other of gateways) {
        if (other === gw) continue;
        if (Object.keys(sel).length && !subsetOf(sel, gatewaySelector(other))) continue;
        for (const s of gatewayServers(gw)) {
          for (const o of gatewayServers(other)) {
            if (!s.tls || !o.tls || !sameCertificate(s.tls, o.tls)) continue;
            ctx.report({ messageId: 'duplicate', resource: gw, path: 'metadata.name', data: { gateways: `${fullName(gw)} ${fullName(other)}` }, related: [other] });
          }
        }
      }
    }
  },
});

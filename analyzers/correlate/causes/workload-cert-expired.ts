import { defineCause } from './define.js';
import { countWhere } from '../context.js';

export default defineCause({
  id: 'workload-cert-expired', area: 'security', title: 'Workload or root certificate expired or not yet valid',
  defining: [
    { says: 'a certificate in a proxy\'s dump (certs, SDS secrets) is expired or not yet valid', test: (ep) => ep.code('proxy/cert-expired', 'MSH6010', 'proxy/cert-not-yet-valid', 'MSH6011') },
    { says: 'logs say a certificate in use expired or is not yet valid (x509 … expired, CERTIFICATE_EXPIRED)', test: (ep) => [...ep.code('SIG-TLS-002'), ...ep.code('SIG-ZT-006').filter((f) => countWhere(f, 'reason', /EXPIRED/i) > 0)] },
  ],
  supporting: [
    { says: 'TLS between workloads failed certificate verification', test: (ep) => ep.code('SIG-TLS-001').filter((f) => countWhere(f, 'tlsError', /CERTIFICATE_VERIFY_FAILED/) > 0) },
    { says: 'requests failed upstream with TLS errors', test: (ep) => ep.code('SIG-ACCESS-002').filter((f) => countWhere(f, 'details', /TLS_error|CERTIFICATE/) + countWhere(f, 'transportFailure', /TLS|CERTIFICATE/) > 0) },
    { says: 'other certificates were close to expiry', test: (ep) => ep.code('proxy/cert-expiring', 'MSH6012') },
  ],
  contradicting: [
    {
      says: 'every certificate in the proxies\' dumps was valid at capture and no log line says expired',
      test: (ep, cluster) => {
        if (!ep.atCapture || ep.code('SIG-TLS-002', 'MSH6010', 'MSH6011').length) return undefined;
        return cluster.findings('proxy/cert-expired', 'MSH6010', 'proxy/cert-not-yet-valid', 'MSH6011').length === 0 && cluster.input.model.proxies.some((p) => 'certs' in p.files || 'config_dump' in p.files);
      },
    },
  ],
  explains: ['upstream-connect-failure', 'root-cert-mismatch', 'mtls-mode-conflict', 'istiod-unavailable', 'xds-push-stale'],
  preconditions: [
    { says: 'a root or workload certificate in the dumps expires within the warning window', test: (cluster) => cluster.findings('proxy/cert-expiring', 'MSH6012') },
  ],
  remediation: [
    'Check the root (cacerts / istio-ca-secret) and workload certificate validity; rotate the root if it expired.',
    'Check node clock skew.',
    'Restart proxies to pick up new certificates once the CA is fixed.',
  ],
  docs: 'docs/root-causes/workload-cert-expired.md',
});

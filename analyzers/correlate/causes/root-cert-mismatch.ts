import { defineCause } from './define.js';
import { countWhere, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';

export default defineCause({
  id: 'root-cert-mismatch', area: 'security', title: 'Proxies trust different root certificates',
  defining: [
    { says: 'proxies\' dumps hold different root CAs', test: (ep) => ep.code('proxy/root-cert-mismatch', 'MSH6013') },
    {
      says: 'peers rejected each other\'s certificate as signed by an unknown authority',
      test: (ep) => [...ep.code('SIG-TLS-003', 'SIG-CA-008'), ...ep.code('SIG-ZT-006').filter((f) => countWhere(f, 'reason', /UNKNOWN_CA|unable to get issuer/i) > 0)],
    },
  ],
  supporting: [
    { says: 'callers aborted TLS handshakes with istiod (unknown certificate authority)', test: (ep) => ep.code('SIG-INJ-004').filter((f) => /unknown/.test(String(f.data?.['alert'] ?? ''))) },
    { says: 'TLS between workloads failed certificate verification', test: (ep) => ep.code('SIG-TLS-001').filter((f) => countWhere(f, 'tlsError', /CERTIFICATE_VERIFY_FAILED/) > 0) },
    { says: 'the CA rejected CSRs', test: (ep) => ep.code('SIG-CA-003').filter((f) => /Unauthenticated|PermissionDenied/i.test(String(f.data?.['grpcCode'] ?? ''))) },
  ],
  contradicting: [
    { says: 'certificates had expired (then the expiry is the cause)', test: (ep) => ep.code('SIG-TLS-002', 'MSH6010') },
  ],
  explains: ['mtls-mode-conflict', 'upstream-connect-failure', 'istiod-unavailable'],
  preconditions: [
    {
      says: 'several istiod control planes (revisions or Deployments) that may each hold their own root',
      test: (cluster) => (cluster.istiodDeployments().length > 1 ? shown([], cluster.istiodDeployments().map((d) => resourceEvidence(d))) : undefined),
    },
    {
      says: 'a plugged-in CA (cacerts Secret) next to istiod\'s self-signed istio-ca-secret: a CA migration in progress',
      test: (cluster) => {
        const s = cluster.list('Secret').filter((x) => x.name === 'cacerts' || x.name === 'istio-ca-secret');
        return new Set(s.map((x) => x.name)).size === 2 ? shown([], s.map((x) => resourceEvidence(x))) : undefined;
      },
    },
  ],
  remediation: [
    'Make every istiod serve the same root (plugged-in cacerts, one CA).',
    'During a CA migration, distribute a combined trust bundle before switching the signer.',
  ],
  docs: 'docs/root-causes/root-cert-mismatch.md',
});

import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { Finding } from '../../model/finding.js';

/** `linkerd check` results of the identity category (the output analyzer tags them with this cause). */
const identity = (f: Finding) => (f.rootCauses ?? []).includes('linkerd-identity-failure');

export default defineCause({
  id: 'linkerd-identity-failure', area: 'security', title: 'Linkerd identity certificates expired or mismatched',
  defining: [
    { says: 'Linkerd proxies could not get an identity certificate, or linkerd-identity refused CSRs / its issuer failed validation', test: (ep) => ep.code('SIG-LINKERD-002', 'SIG-LINKERD-003', 'SIG-LINKERD-004') },
    { says: '`linkerd check` failed an identity check (trust anchors or issuer certificate out of their validity period, or not matching)', test: (ep) => ep.code('linkerd/check-failed').filter(identity) },
    { says: 'a Linkerd trust anchor or issuer certificate was expired (or not yet valid) at capture, or the issuer was not issued by any trust anchor', test: (ep) => ep.code('linkerd/identity-cert-expired', 'linkerd/issuer-anchor-mismatch') },
    { says: 'Linkerd proxies held expired identity certificates at capture, or failed to refresh them', test: (ep) => ep.code('linkerd/proxy-cert-expired', 'linkerd/identity-refresh-errors') },
  ],
  supporting: [
    { says: '`linkerd check` warned about identity (a certificate close to expiry)', test: (ep) => ep.code('linkerd/check-warning').filter(identity) },
    { says: 'a Linkerd trust anchor or issuer certificate expires within 60 days of capture', test: (ep) => ep.code('linkerd/identity-cert-expiring') },
    { says: 'Linkerd proxies counted connection errors (TLS detection timeouts, fail-fast) while identity was failing', test: (ep) => ep.code('linkerd/proxy-errors') },
  ],
  contradicting: [],
  explains: [],
  preconditions: [
    {
      says: 'Linkerd\'s identity issuer certificate is managed by hand (no cert-manager Certificate renews it)',
      test: (cluster) => {
        const issuer = cluster.list('Secret').find((s) => s.name === 'linkerd-identity-issuer');
        const renewed = cluster.list('Certificate').some((c) => c.name === 'linkerd-identity-issuer');
        return issuer && !renewed ? shown([], [resourceEvidence(issuer, 'Secret linkerd-identity-issuer without a cert-manager Certificate')]) : undefined;
      },
    },
  ],
  remediation: [
    'Replace the expired or mismatched certificates as linkerd.io "Replacing expired certificates" says: a new trust anchor and an issuer signed by it, installed with `linkerd upgrade --identity-trust-anchors-file … --identity-issuer-certificate-file … --identity-issuer-key-file …`.',
    'Restart the meshed workloads so their proxies get certificates from the new chain, then run `linkerd check --proxy`.',
    'Let cert-manager renew the issuer (and trust-manager distribute the anchor) so it does not expire again.',
  ],
  docs: 'docs/root-causes/linkerd-identity-failure.md',
});

import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';

export default defineCause({
  id: 'linkerd-identity-failure', area: 'security', title: 'Linkerd identity certificates expired or mismatched',
  defining: [
    { says: 'Linkerd proxies could not get an identity certificate, or linkerd-identity refused CSRs / its issuer failed validation', test: (ep) => ep.code('SIG-LINKERD-002', 'SIG-LINKERD-003', 'SIG-LINKERD-004') },
  ],
  supporting: [],
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
  remediation: ['Rotate the Linkerd trust anchor / issuer certificate (linkerd check --proxy), and let cert-manager renew the issuer.'],
  docs: 'docs/root-causes/linkerd-identity-failure.md',
});

import { fullName, labelsOf } from '../../config/kinds/common.js';
import { containers, podTemplate } from '../../config/kinds/pod.js';
import { defineAnalyzer } from '../define.js';

const MAX_NAMES = 5;

/** Istio `authn.BlockedCIDRsAnalyzer`: RequestAuthentications exist but istiod does not restrict where it fetches JWKS from. */
export default defineAnalyzer({
  meta: {
    id: 'istio/jwks-uri-fetch-unrestricted',
    code: 'IST0175',
    category: 'security',
    severity: 'warning',
    description: 'istiod fetches JWKS URIs without BLOCKED_CIDRS_IN_JWKS_URIS while RequestAuthentications exist',
    inputs: ['RequestAuthentication', 'Deployment'],
    messages: { unrestricted: 'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but {{count}} RequestAuthentication resource(s) exist ({{names}}). Consider configuring it to restrict JWKS URI fetches to trusted networks.' },
    docs: 'docs/analyzers/istio/jwks-uri-fetch-unrestricted.md',
    remediation: 'Set the istiod env BLOCKED_CIDRS_IN_JWKS_URIS to the internal ranges istiod must not fetch from.',
    istioAnalyzer: ['authn.BlockedCIDRsAnalyzer'],
  },
  analyze(ctx) {
    const ras = ctx.list('RequestAuthentication').map(fullName);
    if (!ras.length) return;
    const names = ras.length <= MAX_NAMES ? ras.join(', ') : `${ras.slice(0, MAX_NAMES).join(', ')}, and ${ras.length - MAX_NAMES} more`;
    for (const d of ctx.list('Deployment')) {
      if (labelsOf(d).app !== 'istiod') continue;
      const set = containers(podTemplate(d).spec).some((c) => (c.env ?? []).some((e) => e?.name === 'BLOCKED_CIDRS_IN_JWKS_URIS' && !!e.value));
      if (!set) ctx.report({ messageId: 'unrestricted', resource: d, path: 'spec.template.spec.containers', data: { count: ras.length, names } });
    }
  },
});

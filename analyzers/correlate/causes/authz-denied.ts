import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import { flagged } from './signals.js';

const DENIALS = ['SIG-ACCESS-009', 'SIG-ENVOY-006', 'SIG-ZT-003', 'SIG-ACCESS-011'];
const denials = (ep: EpisodeView) => [...ep.code(...DENIALS), ...flagged(ep, 'UAEX')];

function policiesAtDenials(ep: EpisodeView, wanted: boolean) {
  const out = [];
  const evidence = [];
  for (const f of denials(ep)) {
    const pods = ep.podResources([f]);
    const aps = pods.flatMap((p) => ep.cluster.authorizationPoliciesFor(p));
    if (pods.length === 0 || (aps.length > 0) !== wanted) continue;
    out.push(f);
    evidence.push(...aps.slice(0, 2).map((ap) => resourceEvidence(ap, `AuthorizationPolicy ${ap.namespace}/${ap.name} (${ap.obj.spec?.action ?? 'ALLOW'}) applies to ${pods[0]!.namespace}/${pods[0]!.name}`)));
  }
  return shown(out, evidence);
}

export default defineCause({
  id: 'authz-denied', area: 'security', title: 'AuthorizationPolicy denies the traffic',
  defining: [
    { says: 'requests were denied by RBAC (403 rbac_access_denied_matched_policy, RBAC: access denied, policy rejection) at a workload an AuthorizationPolicy applies to', test: (ep) => policiesAtDenials(ep, true) },
  ],
  supporting: [
    { says: 'AuthorizationPolicies deny every request to a workload', test: (ep) => ep.code('mesh/authz-deny-all', 'MSH1021') },
    { says: 'an AuthorizationPolicy names a source namespace that does not exist', test: (ep) => ep.code('istio/authz-namespace-not-found') },
    { says: 'requests were denied by RBAC or external authorization', test: (ep) => denials(ep) },
  ],
  contradicting: [
    { says: 'no AuthorizationPolicy applies to the workloads that logged the denials', test: (ep) => policiesAtDenials(ep, false) },
  ],
  explains: [],
  preconditions: [
    {
      says: 'ALLOW AuthorizationPolicies are in force (every request no rule matches is denied)',
      test: (cluster) => shown([], cluster.list('AuthorizationPolicy').filter((ap) => (ap.obj.spec?.action ?? 'ALLOW') === 'ALLOW').slice(0, 3).map((ap) => resourceEvidence(ap, `ALLOW AuthorizationPolicy ${ap.namespace}/${ap.name}`))),
    },
  ],
  remediation: ['Check the AuthorizationPolicies applying to the workload: a matching DENY, or ALLOW policies none of which match the caller (principal, namespace, path).'],
  docs: 'docs/root-causes/authz-denied.md',
});

import { defineCause } from './define.js';
import { countWhere, excerptMatches, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { gatewayCredentials, isKubernetesGateway } from '../../config/kinds/gateway.js';
import { isRecord, listOf } from '../../config/kinds/common.js';
import type { EpisodeView } from '../context.js';

/** istiod refusing a cross-namespace secret, or a gateway's SDS fetch of a kubernetes(-gateway):// secret that timed out or failed. */
const SECRET_LINES = /attempted to access unauthorized certificates|cross namespace secret reference requires Reference(Policy|Grant)|initial fetch timed out.*kubernetes(-gateway)?:\/\/|kubernetes(-gateway)?:\/\/\S+.*initial fetch timed out|cannot find secret|failed to fetch key and certificate for kubernetes/;

function secretLogLines(ep: EpisodeView) {
  return ep.where((f) => f.analyzer.startsWith('signature/') && (f.rootCauses ?? []).includes('gateway-credential-missing') && excerptMatches(f, SECRET_LINES));
}

/** Listeners whose certificateRefs do not resolve: the evidence engineer's findings, or the Gateways' status at capture. */
function listenerUnresolved(ep: EpisodeView) {
  const fs = ep.code('gateway-api/listener-condition').filter((f) => f.data?.['condition'] === 'ResolvedRefs' && String(f.data?.['status']) !== 'True');
  const status = ep.atCapture ? ep.cluster.gatewayListenerConditions().filter((c) => c.type === 'ResolvedRefs' && c.status === 'False') : [];
  return shown(fs, status.map((c) => c.evidence));
}

export default defineCause({
  id: 'gateway-credential-missing', area: 'security', title: 'Gateway TLS credential secret missing',
  defining: [
    { says: 'a Gateway TLS credentialName names a Secret that is not in the gateway pods\' namespace, or lacks its certificate/key (IST0101/IST0161)', test: (ep) => ep.code('istio/gateway-credential-not-found', 'istio/gateway-credential-invalid') },
    { says: 'a Gateway API listener reports ResolvedRefs=False (its certificateRefs do not resolve)', test: (ep) => listenerUnresolved(ep) },
    { says: 'the gateway could not load the credential (failed to load / cannot find secret, SDS initial fetch timed out, istiod refused an unauthorized cross-namespace secret)', test: (ep) => [...ep.code('SIG-CA-006'), ...secretLogLines(ep)] },
  ],
  supporting: [
    { says: 'SDS failed for a kubernetes:// secret', test: (ep) => ep.code('SIG-CA-005').filter((f) => countWhere(f, 'resource', /kubernetes/) > 0) },
  ],
  contradicting: [
    {
      says: 'every credentialName Secret exists in the gateway pods\' namespace',
      test: (ep, cluster) => {
        if (ep.code('istio/gateway-credential-not-found').length) return undefined;
        const creds = [...gatewayCredentials(cluster.list('Gateway'), cluster.list('Pod'))];
        if (creds.length === 0) return undefined;
        const secrets = cluster.list('Secret');
        const present = creds.filter((c) => secrets.some((s) => s.namespace === c.ref.namespace && s.name === c.ref.name));
        return present.length === creds.length ? shown([], present.slice(0, 2).map((c) => resourceEvidence(secrets.find((s) => s.namespace === c.ref.namespace && s.name === c.ref.name)!, `Secret ${c.ref.namespace}/${c.ref.name} present`))) : undefined;
      },
    },
  ],
  explains: ['gateway-misconfigured'],
  preconditions: [
    {
      says: 'a Gateway API listener references a Secret in another namespace without a ReferenceGrant',
      test: (cluster) => {
        const grants = cluster.list('ReferenceGrant');
        const out = [];
        for (const g of cluster.list('Gateway').filter(isKubernetesGateway)) {
          for (const l of listOf(g.obj.spec?.listeners).filter(isRecord)) {
            for (const ref of listOf(l.tls?.certificateRefs).filter(isRecord)) {
              const ns = typeof ref.namespace === 'string' ? ref.namespace : g.namespace;
              if (ns !== g.namespace && !grants.some((rg) => rg.namespace === ns)) out.push(resourceEvidence(g, `listener ${String(l.name)} → Secret ${ns}/${String(ref.name)} without a ReferenceGrant`));
            }
          }
        }
        return shown([], out);
      },
    },
  ],
  remediation: [
    'Create the credentialName Secret in the gateway pods\' namespace (or fix its name); for Gateway API, add a ReferenceGrant in the Secret\'s namespace.',
  ],
  docs: 'docs/root-causes/gateway-credential-missing.md',
});

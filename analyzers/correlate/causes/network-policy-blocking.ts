import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { Evidence } from '../../model/finding.js';
import { isRefusal, isTimeout, istiodDown } from './signals.js';
import { servicesOf } from './routing.js';

const TO_ISTIOD = ['SIG-XDS-001', 'SIG-CA-001', 'SIG-CA-003', 'SIG-CA-004'];

/** Timed-out dials from pods to istiod (15012) or to upstream Services, where a NetworkPolicy on that path does not allow the port. */
function blockedTimeouts(ep: EpisodeView) {
  const out: Finding[] = [];
  const evidence: Evidence[] = [];
  const istiod = ep.cluster.istiodPods()[0];
  for (const f of ep.code(...TO_ISTIOD, 'SIG-ACCESS-002', 'SIG-ACCESS-007').filter(isTimeout)) {
    for (const pod of ep.podResources([f])) {
      const targets = f.code.startsWith('SIG-ACCESS')
        ? servicesOf(ep, [f]).flatMap((x) => ep.cluster.podsForService(x.svc).slice(0, 1).map((p) => ({ p, port: Number(ep.cluster.targetPortExposed(x.svc, x.cluster.port).target ?? x.cluster.port) })))
        : istiod ? [{ p: istiod, port: 15012 }] : [];
      for (const t of targets) {
        const v = ep.cluster.networkAllows(pod, t.p, Number.isFinite(t.port) ? t.port : 15012);
        if (v.allowed) continue;
        out.push(f);
        evidence.push(...v.blockedBy.slice(0, 2).map((np) => resourceEvidence(np, `NetworkPolicy ${np.namespace}/${np.name} does not let ${pod.namespace}/${pod.name} reach ${t.p.namespace}/${t.p.name}:${t.port}`)));
      }
    }
  }
  return shown(out, evidence);
}

function timeoutsToIstiodOrHbone(ep: EpisodeView) {
  return [...ep.code(...TO_ISTIOD, 'SIG-INJ-001').filter(isTimeout), ...ep.code('SIG-ZT-002')];
}

/** Pods with failures in this incident, none selected by a NetworkPolicy, and no policy selecting istiod either. */
function noPolicyOnPath(ep: EpisodeView) {
  const failing = [...ep.code(...TO_ISTIOD, 'SIG-INJ-001', 'SIG-ZT-002', 'SIG-ACCESS-002', 'SIG-ACCESS-007')];
  const pods = ep.podResources(failing);
  if (failing.length === 0) return undefined;
  const selected = [...pods, ...ep.cluster.istiodPods()].some((p) => ep.cluster.networkPoliciesFor(p).length > 0);
  return selected ? undefined : shown(failing.slice(0, 5), ep.cluster.list('NetworkPolicy').length ? [resourceEvidence(ep.cluster.list('NetworkPolicy')[0]!, `${ep.cluster.list('NetworkPolicy').length} NetworkPolicy(ies) in the bundle; none selects the failing pods or istiod`)] : []);
}

export default defineCause({
  id: 'network-policy-blocking', area: 'security', title: 'Kubernetes NetworkPolicy blocks mesh traffic',
  defining: [
    { says: 'a NetworkPolicy selects the failing pods (or their destination) without allowing the port in use, and connections on that path timed out', test: (ep) => blockedTimeouts(ep) },
    { says: 'a NetworkPolicy blocks traffic to istiod (15012/15017) or between meshed pods, and dials on that path timed out (xDS, CA, webhook, HBONE 15008)', test: (ep) => both(ep.code('mesh/netpol-blocks-istiod', 'MSH1050', 'mesh/netpol-blocks-mesh-traffic', 'MSH1051'), timeoutsToIstiodOrHbone(ep)) },
  ],
  supporting: [
    { says: 'a NetworkPolicy blocks traffic to istiod or between meshed pods', test: (ep) => ep.code('mesh/netpol-blocks-istiod', 'MSH1050', 'mesh/netpol-blocks-mesh-traffic', 'MSH1051') },
    { says: 'dials timed out (i/o timeout, context deadline exceeded, HBONE 15008 timeouts)', test: (ep) => timeoutsToIstiodOrHbone(ep) },
  ],
  contradicting: [
    { says: 'no NetworkPolicy selects the failing pods or istiod (policies elsewhere do not count)', test: (ep) => noPolicyOnPath(ep) },
    { says: 'connections were refused: a port that answers is not dropped by a policy', test: (ep) => { const r = ep.code(...TO_ISTIOD, 'SIG-ACCESS-002').filter(isRefusal); return r.length && !blockedTimeouts(ep) ? r : undefined; } },
    { says: 'istiod itself was down', test: (ep) => istiodDown(ep) },
  ],
  explains: ['istiod-unavailable', 'injection-webhook-failure', 'upstream-connect-failure'],
  preconditions: [
    {
      says: 'a default-deny egress NetworkPolicy in a namespace with meshed pods',
      test: (cluster) => {
        const meshed = new Set(cluster.input.model.pods.filter((p) => p.hasSidecar).map((p) => p.namespace));
        return shown([], cluster.list('NetworkPolicy').filter((np) => meshed.has(np.namespace ?? '') && Object.keys(np.obj.spec?.podSelector ?? {}).length === 0
          && (np.obj.spec?.policyTypes ?? []).includes('Egress') && (np.obj.spec?.egress ?? []).length === 0).map((np) => resourceEvidence(np, `default-deny egress in ${np.namespace}`)));
      },
    },
  ],
  remediation: ['Allow traffic to istiod (15012, 15017) and between meshed pods (app ports, 15008 for HBONE) in the NetworkPolicies that select them.'],
  docs: 'docs/root-causes/network-policy-blocking.md',
});

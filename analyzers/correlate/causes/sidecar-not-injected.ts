import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { eventEvidence, resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import type { Evidence } from '../../model/finding.js';
import { servicesOf } from './routing.js';
import { flagged } from './signals.js';
import { podInAmbient } from '../../config/kinds/pod.js';
import { DATAPLANE_MODE_LABEL } from '../../config/kinds/namespace.js';
import { labelsOf } from '../../config/kinds/common.js';

const MISSING = ['istio/pod-missing-proxy', 'mesh/revision-namespace-pod-without-sidecar'];

/** A pod's workload: its name without the pod-template and pod hashes (`web-5f9d4c7b8-x2k4p` → `web`). */
const workloadOf = (pod: string) => pod.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{6,10}$/, '');

/**
 * Did the workload move to ambient mode (its namespace or pod labelled `istio.io/dataplane-mode=ambient`, or the pod
 * redirected by istio-cni: `ambient.istio.io/redirection: enabled`)? Then a pod without istio-proxy is how it should be.
 */
function ambient(ep: EpisodeView, ns: string, pod: string): boolean {
  if (ep.cluster.ambientNamespaces().has(ns)) return true;
  const r = ep.cluster.list('Pod').find((x) => x.namespace === ns && x.name === pod);
  return (r !== undefined && labelsOf(r)[DATAPLANE_MODE_LABEL] === 'ambient') || podInAmbient(r);
}

/**
 * Workloads whose pods the kubelet stopped with an istio-proxy container (`Killing … spec.containers{istio-proxy}`)
 * in this incident, while their current pods have no sidecar: injection no longer happens for them.
 */
function lostSidecars(ep: EpisodeView): { namespaces: Set<string>; evidence: Evidence[] } {
  const stopped = ep.cluster.events.filter((e) => e.reason === 'Killing' && /\{istio-proxy\}/.test(e.subobject ?? '') && e.object?.kind === 'Pod'
    && ep.inWindow(Date.parse(e.lastSeen ?? e.firstSeen ?? '')));
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  const namespaces = new Set<string>();
  for (const e of stopped) {
    const ns = e.object!.namespace ?? e.namespace ?? '';
    const wl = workloadOf(e.object!.name);
    if (seen.has(`${ns}/${wl}`)) continue;
    const bare = ep.cluster.input.model.pods.filter((p) => p.namespace === ns && workloadOf(p.name) === wl && !p.hasSidecar && !ambient(ep, ns, p.name));
    if (!bare.length) continue;
    seen.add(`${ns}/${wl}`);
    namespaces.add(ns);
    evidence.push(eventEvidence(e), { file: bare[0]!.source.file, ...(bare[0]!.source.line ? { line: bare[0]!.source.line } : {}), excerpt: `${ns}/${bare[0]!.name}: no istio-proxy container` });
  }
  return { namespaces, evidence };
}

export default defineCause({
  id: 'sidecar-not-injected', area: 'data-plane', title: 'Workloads missing their sidecar',
  defining: [
    { says: 'pods in namespaces that should be injected have no istio-proxy, and the injection webhook was failing when they were created', test: (ep) => both(ep.code(...MISSING), ep.code('SIG-INJ-001', 'SIG-INJ-002')) },
    {
      says: 'pods in namespaces that should be injected have no istio-proxy, and requests to their Services fail',
      test: (ep) => {
        const missing = ep.code(...MISSING);
        const bare = new Set(missing.flatMap((f) => f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace}/${r.name}`)));
        const failing = servicesOf(ep, flagged(ep, 'UF', 'UC', 'UH', 'URX', 'NR')).filter((x) => ep.cluster.podsForService(x.svc).some((p) => bare.has(`${p.namespace}/${p.name}`)));
        return both(missing, failing.flatMap((x) => x.findings));
      },
    },
    {
      says: 'pods of a workload ran with istio-proxy before and its new pods have none (the sidecar was lost on a rollout)',
      test: (ep) => shown([], lostSidecars(ep).evidence),
    },
  ],
  supporting: [
    { says: 'pods in namespaces that should be injected have no istio-proxy (IST0103)', test: (ep) => ep.code(...MISSING) },
    {
      says: 'the namespace of those workloads is not labelled for injection (IST0102)',
      test: (ep) => { const { namespaces } = lostSidecars(ep); return ep.code('istio/namespace-not-injected').filter((f) => namespaces.has(String(f.data?.['namespace']))); },
    },
    { says: 'a pod or Deployment still has `image: auto` for istio-proxy (injection never ran)', test: (ep) => ep.code('istio/image-auto-pod', 'istio/image-auto-deployment') },
    { says: 'a namespace carries conflicting injection labels', test: (ep) => ep.code('istio/namespace-multiple-injection-labels') },
  ],
  contradicting: [],
  explains: [],
  preconditions: [
    { says: 'namespaces with conflicting injection labels (istio-injection and istio.io/rev)', test: (cluster) => cluster.findings('istio/namespace-multiple-injection-labels') },
    {
      says: 'a namespace asks for a revision no istiod serves',
      test: (cluster) => {
        const revs = new Set(cluster.istiodEnv().filter((e) => e.name === 'REVISION' && e.value).map((e) => e.value!));
        if (revs.size === 0) return undefined;
        return shown([], cluster.list('Namespace').filter((n) => { const r = n.obj.metadata.labels?.['istio.io/rev']; return r !== undefined && !revs.has(r); })
          .map((n) => resourceEvidence(n, `namespace ${n.name}: istio.io/rev=${n.obj.metadata.labels?.['istio.io/rev']}, istiod serves ${[...revs].join(', ')}`)));
      },
    },
  ],
  remediation: ['Label the namespace for injection (istio-injection=enabled or istio.io/rev) and restart the workloads once the webhook works.'],
  docs: 'docs/root-causes/sidecar-not-injected.md',
});

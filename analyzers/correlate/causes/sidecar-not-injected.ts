import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { servicesOf } from './routing.js';
import { UPSTREAM_FAILURE_CODES } from './signals.js';

const MISSING = ['istio/pod-missing-proxy', 'mesh/revision-namespace-pod-without-sidecar'];

export default defineCause({
  id: 'sidecar-not-injected', area: 'data-plane', title: 'Workloads missing their sidecar',
  defining: [
    { says: 'pods in namespaces that should be injected have no istio-proxy, and the injection webhook was failing when they were created', test: (ep) => both(ep.code(...MISSING), ep.code('SIG-INJ-001', 'SIG-INJ-002')) },
    {
      says: 'pods in namespaces that should be injected have no istio-proxy, and requests to their Services fail',
      test: (ep) => {
        const missing = ep.code(...MISSING);
        const bare = new Set(missing.flatMap((f) => f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace}/${r.name}`)));
        const failing = servicesOf(ep, ep.code(...UPSTREAM_FAILURE_CODES, 'SIG-ACCESS-001')).filter((x) => ep.cluster.podsForService(x.svc).some((p) => bare.has(`${p.namespace}/${p.name}`)));
        return both(missing, failing.flatMap((x) => x.findings));
      },
    },
  ],
  supporting: [
    { says: 'pods in namespaces that should be injected have no istio-proxy (IST0103)', test: (ep) => ep.code(...MISSING) },
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

import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { noHealthyUpstream, servicesOf } from './routing.js';
import type { EpisodeView } from '../context.js';

/** UH to Services whose pods exist but are not Ready (or with no ready endpoint in status or in the proxies' EDS). */
function uhToUnreadyService(ep: EpisodeView) {
  const hits = servicesOf(ep, noHealthyUpstream(ep)).filter((x) => !x.cluster.subset).map((x) => {
    const pods = ep.cluster.podsForService(x.svc);
    return { ...x, pods, ready: pods.filter((p) => ep.cluster.isReady(p)) };
  }).filter((x) => x.pods.length > 0 && x.ready.length === 0);
  return shown(hits.flatMap((h) => h.findings), hits.map((h) => resourceEvidence(h.pods[0]!, `Service ${h.svc.namespace}/${h.svc.name}: ${h.pods.length} pod(s), none Ready`)));
}

export default defineCause({
  id: 'no-healthy-endpoints', area: 'routing', title: 'Service has no ready endpoints',
  defining: [
    { says: 'requests failed UH to a Service whose pods were not Ready', test: (ep) => uhToUnreadyService(ep) },
    {
      says: 'a Service had no ready endpoint (status or the proxies\' EDS) while requests failed UH or "no healthy upstream"',
      test: (ep) => both(ep.code('status/service-no-ready-endpoints', 'MSH5007', 'proxy/no-healthy-endpoints', 'MSH6004'), [...noHealthyUpstream(ep), ...ep.code('SIG-ENVOY-001', 'SIG-LINKERD-001')]),
    },
  ],
  supporting: [
    { says: 'a Service had no ready endpoints', test: (ep) => ep.code('status/service-no-ready-endpoints', 'MSH5007') },
    { says: 'the proxies\' endpoints for a cluster were all unhealthy', test: (ep) => ep.code('proxy/no-healthy-endpoints', 'MSH6004') },
    { says: 'requests failed UH or Envoy logged "no healthy upstream"', test: (ep) => [...noHealthyUpstream(ep), ...ep.code('SIG-ENVOY-001', 'SIG-LINKERD-001')] },
  ],
  contradicting: [
    {
      says: 'the Services requests failed to reach had Ready pods at capture',
      test: (ep) => {
        if (!ep.atCapture) return undefined;
        const fine = servicesOf(ep, noHealthyUpstream(ep)).filter((x) => !x.cluster.subset && ep.cluster.podsForService(x.svc).some((p) => ep.cluster.isReady(p)));
        return fine.length && fine.length === servicesOf(ep, noHealthyUpstream(ep)).length ? shown(fine.flatMap((x) => x.findings)) : undefined;
      },
    },
  ],
  explains: [],
  preconditions: [
    {
      says: 'Services backed by a single-replica Deployment',
      test: (cluster) => shown([], cluster.list('Deployment').filter((d) => Number(d.obj.spec?.replicas ?? 1) === 1 && !/^istiod/.test(d.name))
        .filter((d) => cluster.list('Service').some((s) => s.namespace === d.namespace && Object.keys(s.obj.spec?.selector ?? {}).length > 0 && Object.entries(s.obj.spec.selector).every(([k, v]) => d.obj.spec?.template?.metadata?.labels?.[k] === v)))
        .slice(0, 5).map((d) => resourceEvidence(d, `Deployment ${d.namespace}/${d.name}: 1 replica behind a Service`))),
    },
  ],
  remediation: [
    'Find why the backing pods are not Ready (probes, crashes, scheduling).',
    'Check that the Service selector matches the pods.',
  ],
  docs: 'docs/root-causes/no-healthy-endpoints.md',
});

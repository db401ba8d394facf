import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { noHealthyUpstream, subsetClusters, uhOnEmptySubset } from './routing.js';
import { drSubsets } from '../../config/kinds/destinationrule.js';

const CONFIG = ['istio/dr-subset-no-pods', 'IST0173', 'mesh/dr-subset-no-endpoints', 'MSH1001'];
const EDS_EMPTY = ['proxy/subset-no-endpoints', 'MSH6003'];

export default defineCause({
  id: 'dr-subset-no-endpoints', area: 'routing', title: 'DestinationRule subset selects no pods',
  defining: [
    { says: 'requests failed UH (no healthy upstream) on a subset cluster whose DestinationRule subset exists but whose labels select no Ready pod', test: (ep) => uhOnEmptySubset(ep) },
    { says: 'a DestinationRule subset selects no pods (IST0173) and the proxies\' subset cluster has no endpoints', test: (ep) => both(ep.code(...CONFIG), ep.code(...EDS_EMPTY)) },
  ],
  supporting: [
    { says: 'requests failed UH on a subset cluster', test: (ep) => subsetClusters(ep, noHealthyUpstream(ep)).flatMap((c) => c.findings) },
    { says: 'istioctl analyze: the subset selects no pods', test: (ep) => ep.code(...CONFIG) },
    { says: 'the proxies\' subset cluster has no endpoints', test: (ep) => ep.code(...EDS_EMPTY) },
    { says: 'Envoy logged "no healthy upstream"', test: (ep) => ep.code('SIG-ENVOY-001') },
  ],
  contradicting: [
    {
      says: 'pods carrying the subset\'s labels are Ready',
      test: (ep) => {
        // Only failures whose own cluster names the subset: of the subsets routed to a host, the healthy ones say nothing.
        const ok = subsetClusters(ep, noHealthyUpstream(ep)).filter((c) => !c.inferred && c.dr && c.ready.length > 0);
        return shown(ok.flatMap((c) => c.findings), ok.map((c) => resourceEvidence(c.ready[0]!, `${c.ready.length} Ready pod(s) carry subset ${c.cluster.subset}'s labels`)));
      },
    },
  ],
  explains: ['no-healthy-endpoints', 'upstream-connect-failure'],
  preconditions: [
    {
      says: 'DestinationRule subsets select pods by a label that rollouts change (version, app.kubernetes.io/version)',
      test: (cluster) => shown([], cluster.list('DestinationRule').filter((dr) => drSubsets(dr).some((s) => 'version' in s.labels || 'app.kubernetes.io/version' in s.labels)).slice(0, 3).map((dr) => resourceEvidence(dr, `DestinationRule ${dr.namespace}/${dr.name}: subsets by version label`))),
    },
  ],
  remediation: ['Fix the subset labels so they match the pods (compare with the pod labels), or deploy the missing version.'],
  docs: 'docs/root-causes/dr-subset-no-endpoints.md',
});

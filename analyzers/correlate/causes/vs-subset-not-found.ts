import { defineCause } from './define.js';
import { both, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { noHealthyUpstream, sameHosts, subsetClusters } from './routing.js';
import { flagged } from './signals.js';
import { routeDestinations } from '../../config/kinds/virtualservice.js';

const IST = ['istio/vs-subset-not-found'];
const MISSING_CLUSTER = ['proxy/subset-cluster-missing', 'MSH6001'];

export default defineCause({
  id: 'vs-subset-not-found', area: 'routing', title: 'VirtualService routes to an undefined subset',
  defining: [
    {
      says: 'a VirtualService routes to a subset that no DestinationRule for that host defines (IST0101), and proxies lack that subset cluster or requests to the host fail NC (cluster_not_found)',
      test: (ep) => {
        const j = sameHosts(ep.code(...IST), [...ep.code(...MISSING_CLUSTER), ...flagged(ep, 'NC')]);
        return j.config.length && j.traffic.length ? both(j.config, j.traffic) : undefined;
      },
    },
  ],
  supporting: [
    { says: 'requests failed NC: the route points at a cluster Envoy does not have', test: (ep) => flagged(ep, 'NC') },
    { says: 'proxies have no cluster for the routed subset', test: (ep) => ep.code(...MISSING_CLUSTER) },
    { says: 'istioctl analyze: the subset is not defined (IST0101)', test: (ep) => ep.code(...IST) },
  ],
  contradicting: [
    {
      says: 'the subset the failing requests used is defined by a DestinationRule (then look at dr-subset-no-endpoints)',
      test: (ep) => {
        const defined = subsetClusters(ep, noHealthyUpstream(ep)).filter((c) => !c.inferred && c.dr);
        return shown(defined.flatMap((c) => c.findings), defined.map((c) => resourceEvidence(c.dr!, `subset ${c.cluster.subset} of ${c.cluster.host} is defined`)));
      },
    },
  ],
  explains: ['destination-host-not-found'],
  preconditions: [
    {
      says: 'VirtualServices route by subset (a renamed or removed subset breaks them at once)',
      test: (cluster) => shown([], cluster.list('VirtualService').filter((vs) => routeDestinations(vs).some((d) => d.destination.subset)).slice(0, 3).map((vs) => resourceEvidence(vs, `VirtualService ${vs.namespace}/${vs.name} routes to subsets`))),
    },
  ],
  remediation: ['Define the subset in the DestinationRule for that host, or fix the subset name in the VirtualService.'],
  docs: 'docs/root-causes/vs-subset-not-found.md',
});

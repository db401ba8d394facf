import { defineCause } from './define.js';
import { resourceEvidence } from '../cluster-view.js';
import { shown } from '../context.js';
import { hostsOf } from './routing.js';
import { flagged } from './signals.js';
import { routeDestinations } from '../../config/kinds/virtualservice.js';

export default defineCause({
  id: 'destination-host-not-found', area: 'routing', title: 'Route targets a host that is not in the registry',
  defining: [
    { says: 'a VirtualService routes to a host (or host:port) that no Service or ServiceEntry defines (IST0101)', test: (ep) => ep.code('istio/vs-destination-host-not-found') },
    { says: 'proxies route to a host they have no cluster for', test: (ep) => ep.code('proxy/host-cluster-missing', 'MSH6002') },
  ],
  supporting: [
    { says: 'requests matched no route (404 NR)', test: (ep) => flagged(ep, 'NR') },
    { says: 'requests went to a cluster that does not exist (NC)', test: (ep) => flagged(ep, 'NC') },
    { says: 'a DestinationRule names a host that matches no Service', test: (ep) => ep.code('istio/dr-host-unknown') },
  ],
  contradicting: [
    {
      says: 'the host exists; a subset of it is what is missing (IST0101 subset)',
      test: (ep) => {
        const subsets = ep.code('istio/vs-subset-not-found');
        const hosts = hostsOf(ep.code('istio/vs-destination-host-not-found', 'MSH6002'));
        return subsets.length && ![...hostsOf(subsets)].some((h) => hosts.has(h)) ? shown(subsets) : undefined;
      },
    },
  ],
  explains: [],
  preconditions: [
    {
      says: 'VirtualServices route to hosts in other namespaces (a rename or a move there breaks them)',
      test: (cluster) => shown([], cluster.list('VirtualService').filter((vs) => routeDestinations(vs).some((d) => d.destination.host.includes('.') && !d.destination.host.includes(`.${vs.namespace}`))).slice(0, 3).map((vs) => resourceEvidence(vs, `VirtualService ${vs.namespace}/${vs.name} routes across namespaces`))),
    },
  ],
  remediation: ['Fix the destination host (namespace, typo) or create the Service/ServiceEntry it needs.'],
  docs: 'docs/root-causes/destination-host-not-found.md',
});

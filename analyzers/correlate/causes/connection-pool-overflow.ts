import { defineCause } from './define.js';
import { both, countWhere, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { byCluster, flagged } from './signals.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';

function overflows(ep: EpisodeView): Finding[] {
  return [...flagged(ep, 'UO'), ...ep.code('proxy/connection-pool-overflow', 'MSH6006'), ...ep.code('SIG-ENVOY-002').filter((f) => countWhere(f, 'resetReason', /overflow/) > 0)];
}

/** connectionPool limits on the DestinationRules of the hosts that overflowed (or MSH1004 findings). */
function poolLimits(ep: EpisodeView) {
  const clusters = [...byCluster(overflows(ep)).values(), ...ep.code('MSH6006').map((f) => ({ cluster: { host: String(f.data?.['cluster'] ?? '').split('|')[3] ?? '' } }))];
  const drs = clusters.flatMap((c) => ep.cluster.trafficPolicyField(c.cluster.host, 'connectionPool'));
  return shown(ep.code('mesh/connection-pool-tiny', 'MSH1004'), drs.slice(0, 3).map((d) => resourceEvidence(d.dr, `connectionPool at ${d.where} of DestinationRule ${d.dr.namespace}/${d.dr.name}`)));
}

export default defineCause({
  id: 'connection-pool-overflow', area: 'routing', title: 'DestinationRule connection pool limits too low for the load',
  defining: [
    { says: 'requests overflowed the connection pool (UO, overflow resets or counters) to a host whose DestinationRule sets connectionPool limits', test: (ep) => both(overflows(ep), poolLimits(ep)) },
  ],
  supporting: [
    { says: 'requests failed UO (circuit breaker overflow)', test: (ep) => flagged(ep, 'UO') },
    { says: 'Envoy\'s overflow counters climbed', test: (ep) => ep.code('proxy/connection-pool-overflow', 'MSH6006') },
    { says: 'the DestinationRule\'s connectionPool limits are tiny', test: (ep) => ep.code('mesh/connection-pool-tiny', 'MSH1004') },
  ],
  contradicting: [
    {
      says: 'no DestinationRule sets connectionPool limits for the hosts that overflowed',
      test: (ep) => (overflows(ep).length && !poolLimits(ep) ? overflows(ep) : undefined),
    },
  ],
  explains: [],
  preconditions: [
    { says: 'tiny connectionPool limits (maxConnections, http1MaxPendingRequests of a few)', test: (cluster) => cluster.findings('mesh/connection-pool-tiny', 'MSH1004') },
  ],
  remediation: ['Raise connectionPool limits (http1MaxPendingRequests, maxConnections, http2MaxRequests) to fit the traffic.'],
  docs: 'docs/root-causes/connection-pool-overflow.md',
});

import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { noHealthyUpstream, servicesOf } from './routing.js';
import { byCluster } from './signals.js';
import type { EpisodeView } from '../context.js';

/** UH to hosts whose DestinationRule sets outlierDetection while their pods are Ready. */
function uhWithOutlierAndReadyPods(ep: EpisodeView) {
  const hits = servicesOf(ep, noHealthyUpstream(ep)).map((x) => ({ ...x, od: ep.cluster.trafficPolicyField(x.cluster.host, 'outlierDetection'), ready: ep.cluster.podsForService(x.svc).filter((p) => ep.cluster.isReady(p)) }))
    .filter((x) => x.od.length > 0 && x.ready.length > 0);
  return shown(hits.flatMap((h) => h.findings), hits.map((h) => resourceEvidence(h.od[0]!.dr, `outlierDetection on ${h.cluster.host} (${h.ready.length} pod(s) Ready)`)));
}

export default defineCause({
  id: 'outlier-ejection', area: 'routing', title: 'Outlier detection ejecting too many hosts',
  defining: [
    { says: 'Envoy\'s outlier detection ejected hosts (ejection counters)', test: (ep) => ep.code('proxy/outlier-ejection', 'MSH6005') },
    { says: 'requests failed UH to a host whose DestinationRule sets outlierDetection while its pods were Ready', test: (ep) => uhWithOutlierAndReadyPods(ep) },
  ],
  supporting: [
    { says: 'outlierDetection can eject most hosts of the service (consecutive errors low, maxEjectionPercent high)', test: (ep) => ep.code('mesh/outlier-ejects-most-hosts', 'MSH1003') },
    { says: 'requests failed UH', test: (ep) => noHealthyUpstream(ep) },
  ],
  contradicting: [
    {
      says: 'no DestinationRule of the failing hosts sets outlierDetection',
      test: (ep) => {
        const clusters = [...byCluster(noHealthyUpstream(ep)).values()];
        if (!clusters.length || ep.code('MSH6005').length) return undefined;
        return clusters.every((c) => ep.cluster.trafficPolicyField(c.cluster.host, 'outlierDetection').length === 0) ? clusters.flatMap((c) => c.findings) : undefined;
      },
    },
  ],
  explains: ['no-healthy-endpoints'],
  preconditions: [
    { says: 'aggressive outlier detection (few consecutive errors eject, maxEjectionPercent near 100)', test: (cluster) => cluster.findings('mesh/outlier-ejects-most-hosts', 'MSH1003') },
  ],
  remediation: ['Raise consecutive5xxErrors / lower maxEjectionPercent in the DestinationRule outlierDetection.'],
  docs: 'docs/root-causes/outlier-ejection.md',
});

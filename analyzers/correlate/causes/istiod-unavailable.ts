import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import { caFailures, istiodDown, proxyShare, xdsDials } from './signals.js';
import type { EpisodeView } from '../context.js';
import { timeRange } from '../../model/finding.js';
import { asLabels } from '../../config/labels.js';
import { containers, podTemplate } from '../../config/kinds/pod.js';

/** Dial failures shorter than this are a control-plane restart the proxies rode out (a rolling upgrade), not an outage. */
const OUTAGE_MIN_MS = 5 * 60_000;

/** Dials to istiod (xDS, CA) fail from most of the proxies that were logging at the time (at least two), for minutes. */
function mostProxiesCutOff(ep: EpisodeView) {
  const dials = [...xdsDials(ep), ...ep.code('SIG-CA-001', 'SIG-CA-004')];
  const { failing, logging } = proxyShare(ep, dials);
  const { first, last } = timeRange(dials.flatMap((f) => [f.firstSeen, f.lastSeen]));
  const lasting = first !== undefined && last !== undefined && Date.parse(last) - Date.parse(first) >= OUTAGE_MIN_MS;
  return failing >= 2 && failing * 2 > logging && lasting ? dials : undefined;
}

/** An istiod pod created inside the incident (restarted, rescheduled or reinstalled while proxies waited). */
function istiodReplaced(ep: EpisodeView) {
  const { startMs, endMs } = ep.window;
  const created = ep.cluster.istiodPods().filter((p) => {
    const t = Date.parse(p.obj.metadata.creationTimestamp ?? '');
    return Number.isFinite(t) && t >= startMs - 5 * 60_000 && t <= endMs + 10 * 60_000;
  });
  return shown(ep.code('status/control-plane-reinstall'), created.map((p) => resourceEvidence(p, `istiod pod ${p.namespace}/${p.name} created ${p.obj.metadata.creationTimestamp}`)));
}

export default defineCause({
  id: 'istiod-unavailable', area: 'control-plane', title: 'istiod not ready or not running: injection and xDS fail',
  defining: [
    { says: 'istiod was not Ready, failed readiness, crash-looped, was OOM-killed or had no endpoints', test: (ep) => istiodDown(ep) },
    { says: 'xDS or CA dials to istiod failed from most proxies that were running at the time, for minutes', test: (ep) => mostProxiesCutOff(ep) },
  ],
  supporting: [
    { says: 'some proxies failed to dial istiod for xDS', test: (ep) => xdsDials(ep) },
    { says: 'the API server could not call istiod\'s webhooks (injection or validation)', test: (ep) => ep.code('SIG-INJ-001', 'SIG-INJ-003') },
    { says: 'proxies stayed not ready waiting for their config from istiod', test: (ep) => ep.code('SIG-XDS-006') },
    { says: 'xDS streams to istiod closed and did not reconnect', test: (ep) => ep.code('SIG-XDS-002') },
    { says: 'istiod was restarted or replaced during the incident', test: (ep) => istiodReplaced(ep) },
    { says: 'proxies also failed to get certificates from istiod', test: (ep, cluster) => (cluster.externalCa().length === 0 ? caFailures(ep).filter((f) => f.code === 'SIG-CA-001' || f.code === 'SIG-CA-004') : undefined) },
  ],
  contradicting: [
    {
      says: 'istiod was Ready and only one workload failed to reach it',
      test: (ep, cluster) => {
        const dials = xdsDials(ep);
        const pods = new Set(dials.flatMap((f) => f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace}/${r.name}`)));
        if (pods.size !== 1 || istiodDown(ep)) return undefined;
        const r = cluster.istiodReadiness();
        return r.total > 0 && r.ready === r.total ? dials : undefined;
      },
    },
  ],
  explains: ['injection-webhook-failure', 'xds-push-stale', 'sidecar-not-injected', 'no-healthy-endpoints'],
  preconditions: [
    { says: 'istiod runs a single replica', test: (cluster) => (cluster.istiodDeployments().length > 0 && cluster.istiodReplicas() <= 1 ? shown([], cluster.istiodDeployments().slice(0, 1).map((d) => resourceEvidence(d, 'istiod: 1 replica'))) : undefined) },
    {
      says: 'no PodDisruptionBudget protects istiod',
      test: (cluster) => {
        if (cluster.istiodDeployments().length === 0) return undefined;
        const pdb = cluster.list('PodDisruptionBudget').some((p) => p.namespace === cluster.istiodDeployments()[0]!.namespace && (/istiod/.test(p.name) || Object.values(asLabels(p.obj.spec?.selector?.matchLabels)).some((v) => /istiod|pilot/.test(v))));
        return pdb ? undefined : shown([], cluster.istiodDeployments().slice(0, 1).map((d) => resourceEvidence(d, 'no PodDisruptionBudget selects istiod')));
      },
    },
    {
      says: 'istiod has no resource requests',
      test: (cluster) => shown([], cluster.istiodDeployments().filter((d) => containers(podTemplate(d).spec).every((c) => !c.resources?.requests || Object.keys(c.resources.requests).length === 0)).map((d) => resourceEvidence(d, 'istiod container without resources.requests'))),
    },
  ],
  remediation: [
    'Check istiod pods (kubectl -n istio-system get pods,events) for crashes, OOMKilled or failing readiness.',
    'Make sure the istiod Service has ready endpoints, resolves in DNS, and that ports 15012/15017 are reachable from workloads and the API server.',
    'Restart workloads that started while istiod was down so they get injected and configured.',
  ],
  docs: 'docs/root-causes/istiod-unavailable.md',
});

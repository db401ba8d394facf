import { defineCause } from './define.js';
import { shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import { onAmbientProxy } from './signals.js';

/** ztunnel or istio-cni node agents not Ready at capture (the current pods, not replaced ones). */
function nodeAgentsDown(ep: EpisodeView) {
  if (!ep.atCapture || ep.cluster.ambientNamespaces().size === 0) return undefined;
  const down = ep.cluster.list('Pod').filter((p) => /^(ztunnel|istio-cni-node)-/.test(p.name) && !ep.cluster.isReady(p));
  return shown([], down.slice(0, 3).map((p) => resourceEvidence(p, `${p.namespace}/${p.name} not Ready at capture`)));
}

/**
 * ztunnel or a waypoint OOM-killed or restarting (their container is istio-proxy too): every pod on that node, or
 * behind that waypoint, loses its data path while it is down. Restarts after a node restart are the node's.
 */
function ambientProxyRestarts(ep: EpisodeView) {
  return [
    ...ep.code('status/container-oomkilled', 'status/container-restarting').filter((f) => f.data?.['killedBy'] !== 'node-restart' && f.data?.['reason'] !== 'Completed'),
    ...ep.code('SIG-K8S-001', 'SIG-K8S-002'),
  ].filter((f) => onAmbientProxy(ep, f));
}

export default defineCause({
  id: 'ambient-dataplane-failure', area: 'data-plane', title: 'Ambient ztunnel or waypoint failure',
  defining: [
    { says: 'ztunnel failed connections, could not bind in a pod\'s network namespace, or had no certificate for a workload', test: (ep) => ep.code('SIG-ZT-001', 'SIG-ZT-004', 'SIG-ZT-005', 'SIG-CA-009') },
    { says: 'ztunnel does not know an ambient pod, a referenced waypoint is missing, or ztunnel has no certificate', test: (ep) => ep.code('proxy/ztunnel-unknown-workload', 'MSH6050', 'proxy/waypoint-missing', 'MSH6051', 'proxy/ztunnel-cert-failure', 'MSH6052') },
    { says: 'ztunnel or istio-cni node agents were not Ready at capture (ambient mode on)', test: (ep) => nodeAgentsDown(ep) },
    { says: 'ztunnel or a waypoint was OOM-killed or crash-looped (its container is istio-proxy, but it is no sidecar)', test: (ep) => ambientProxyRestarts(ep) },
  ],
  supporting: [
    { says: 'HBONE connections to 15008 timed out', test: (ep) => ep.code('SIG-ZT-002') },
    { says: 'ztunnel TLS handshakes failed', test: (ep) => ep.code('SIG-ZT-006') },
    { says: 'the istio-cni node agent failed readiness', test: (ep, cluster) => (cluster.ambientNamespaces().size > 0 ? ep.code('SIG-CNI-002') : undefined) },
    { says: 'istio-cni could not program the ambient iptables rules or ipsets', test: (ep, cluster) => (cluster.ambientNamespaces().size > 0 ? ep.code('SIG-CNI-004') : undefined) },
  ],
  contradicting: [
    {
      says: 'no namespace is in ambient mode and no ztunnel runs',
      test: (ep, cluster) => (cluster.ambientNamespaces().size === 0 && cluster.ztunnelPods().length === 0 && cluster.list('Namespace').length > 0 ? shown([], cluster.list('Namespace').slice(0, 1).map((n) => resourceEvidence(n, 'no namespace labelled istio.io/dataplane-mode=ambient'))) : undefined),
    },
  ],
  explains: [],
  preconditions: [
    {
      says: 'ambient mode next to a CNI that needs extra settings for it (Cilium, Calico eBPF)',
      test: (cluster) => (cluster.ambientNamespaces().size > 0 && (cluster.list('CiliumNode').length > 0 || cluster.list('FelixConfiguration').some((f) => f.obj.spec?.bpfEnabled === true))
        ? shown([], cluster.list('Namespace').filter((n) => cluster.ambientNamespaces().has(n.name)).slice(0, 1).map((n) => resourceEvidence(n, `ambient namespace ${n.name} on a Cilium/Calico-eBPF cluster`))) : undefined),
    },
  ],
  remediation: [
    'Check the ztunnel log on the affected node, the waypoint Deployment, and that HBONE (15008) is reachable between nodes.',
    'Check istio-cni on the node (its log and readiness) and the CNI-specific settings ambient needs.',
  ],
  docs: 'docs/root-causes/ambient-dataplane-failure.md',
});

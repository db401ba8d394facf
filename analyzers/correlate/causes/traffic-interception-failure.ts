import { defineCause } from './define.js';
import { any, shown } from '../context.js';
import { resourceEvidence } from '../cluster-view.js';
import type { EpisodeView } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { ClusterView } from '../cluster-view.js';
import { meshRole } from '../../config/kinds/pod.js';

/** Admission denials that come from a policy engine rather than from Istio's own webhooks. */
const POLICY = /admission webhook "([^"]+)" denied the request|violates PodSecurity|GKE Warden|GKE Policy Controller|denied by autogke|\[denied by|validation error: .*policy|kyverno|gatekeeper/i;
const ISTIO_WEBHOOK = /sidecar-injector\.istio\.io|validation\.istio\.io/;
const INIT_NEEDS = /istio-init|NET_ADMIN|NET_RAW/;

function textOf(f: Finding): string {
  return [f.message, String(f.data?.['message'] ?? ''), String(f.data?.['error'] ?? ''), String(f.data?.['webhook'] ?? ''), ...f.evidence.map((e) => e.excerpt ?? '')].join('\n');
}

/**
 * FailedCreate refusals by a non-Istio policy (GKE Autopilot Warden, PodSecurity, Gatekeeper, Kyverno) of
 * workloads in an injection-enabled namespace, where the message names istio-init or its capabilities,
 * or where istio-init must be injected because istio-cni is not installed.
 */
function policyRejectsInit(ep: EpisodeView) {
  const injected = ep.cluster.injectedNamespaces();
  const noCni = ep.cluster.istioCni().length === 0;
  const hits = [...ep.code('SIG-K8S-005'), ...ep.code('platform/admission-denied')].filter((f) => {
    const ns = String(f.data?.['namespace'] ?? f.resources[0]?.namespace ?? '');
    const text = textOf(f);
    if (!injected.has(ns) || !POLICY.test(text) || ISTIO_WEBHOOK.test(String(f.data?.['webhook'] ?? text.match(POLICY)?.[1] ?? ''))) return false;
    return INIT_NEEDS.test(text) || f.data?.['container'] === 'istio-init' || noCni;
  });
  if (!hits.length) return undefined;
  const nsEv = [...new Set(hits.map((f) => String(f.data?.['namespace'] ?? f.resources[0]?.namespace ?? '')))].map((n) => ep.cluster.list('Namespace').find((x) => x.name === n)).filter((x) => x !== undefined).map((n) => resourceEvidence(n!, `namespace ${n!.name} is labelled for sidecar injection`));
  return shown(hits, nsEv);
}

/** CNI/istio-init failures on pods that still exist at capture (failures of replaced pods are history). */
function interceptionErrors(ep: EpisodeView) {
  return ep.code('SIG-CNI-001', 'SIG-CNI-003', 'SIG-CNI-004', 'proxy/interception-missing', 'MSH6040').filter((f) => {
    const pods = f.resources.filter((r) => r.kind === 'Pod');
    return pods.length === 0 || pods.some((p) => ep.cluster.podExistsAtCapture(p.namespace, p.name));
  });
}

const SIDECAR_INIT_STEPS = [
  'Install istio-cni (istioctl install --set components.cni.enabled=true; on GKE Autopilot, enable NET_ADMIN as the Istio docs describe) so pods no longer need istio-init\'s NET_ADMIN/NET_RAW.',
  'Or exempt the injected namespaces from the policy that refuses istio-init; then recreate the ReplicaSets\' pods.',
  'For iptables errors, read the istio-init container\'s log (kubectl logs <pod> -c istio-init); make sure the app does not run as UID 1337, which bypasses capture.',
];
const SIDECAR_CNI_STEPS = [
  'Read the istio-cni node agent\'s log on the pod\'s node and the istio-validation init container (it fails when redirection is not in place); make sure the app does not run as UID 1337.',
  'Pods started while the istio-cni node agent was not ready have no redirection: restart them once it is Ready (istio-cni repair mode does this when enabled).',
];
const AMBIENT_STEPS = [
  'Ambient mode: redirection is programmed by the istio-cni node agent inside the pod\'s network namespace and served by the node\'s ztunnel (nothing runs inside the pod to do it): read istio-cni\'s log on the node and check the pod carries ambient.istio.io/redirection: enabled.',
  'Check the node\'s ztunnel is Ready and knows the workload (istioctl ztunnel-config workloads); restart pods that started while istio-cni or ztunnel was not ready.',
];

/**
 * Which data plane the interception failure is in: `ambient` when the failing pods are ambient workloads or
 * ztunnel, or the failures are istio-cni's on a cluster whose mesh namespaces are ambient with ztunnel running
 * and nothing points at a sidecar; `sidecar` (with istio-init, or istio-cni when it is installed) otherwise.
 */
function dataPlane(ep: EpisodeView, cluster: ClusterView, cited: readonly Finding[]): { ambient: boolean; sidecar: boolean; cni: boolean } {
  const ambientNs = cluster.ambientNamespaces();
  // A workload pod whose redirection failed carries no ambient annotation yet: its namespace says which mode it is in.
  const roles = new Set(ep.podResources(cited).map((p) => {
    const role = meshRole(p);
    return role === 'none' && ambientNs.has(p.namespace ?? '') ? 'ambient' : role;
  }));
  const initContainer = cited.some((f) => /^istio-(init|validation)$/.test(String(f.data?.['container'] ?? '')));
  const sidecar = roles.has('sidecar') || initContainer || policyRejectsInit(ep) !== undefined;
  const cniOnly = cited.length > 0 && cited.every((f) => /^SIG-CNI-/.test(f.code));
  const ambient = roles.has('ambient') || roles.has('ztunnel') || (cniOnly && ambientNs.size > 0 && cluster.ztunnelPods().length > 0);
  return { ambient, sidecar: sidecar || !ambient, cni: cluster.istioCni().length > 0 };
}

export default defineCause({
  id: 'traffic-interception-failure', area: 'data-plane', title: 'Traffic interception (istio-init / istio-cni) broken',
  defining: [
    { says: 'a policy refused the pods of an injected namespace because istio-init needs NET_ADMIN/NET_RAW (GKE Autopilot, PodSecurity, Gatekeeper/Kyverno FailedCreate) and istio-cni is not there to replace it', test: (ep) => policyRejectsInit(ep) },
    { says: 'istio-init or istio-cni could not program redirection (iptables errors, CNI plugin errors, istio-validation failures, sidecar without capture listeners)', test: (ep) => interceptionErrors(ep) },
    { says: 'istio-init or istio-validation crash-looped: the init container that programs (or checks) the redirection failed again and again, so the pod never started', test: (ep) => any(ep.container(['status/container-restarting', 'SIG-K8S-001'], /^istio-(init|validation)$/).filter((f) => f.data?.['killedBy'] !== 'node-restart')) },
  ],
  supporting: [
    { says: 'istio-cni is not installed, so every injected pod needs istio-init with NET_ADMIN/NET_RAW', test: (ep, cluster) => (cluster.istioCni().length === 0 && cluster.injectedNamespaces().size > 0 && (ep.code('SIG-K8S-005', 'platform/admission-denied').length > 0) ? shown(ep.code('SIG-K8S-005', 'platform/admission-denied').slice(0, 1), []) : undefined) },
    { says: 'the cluster runs GKE Autopilot, which refuses NET_ADMIN', test: (ep, cluster) => (cluster.gkeAutopilot().length && policyRejectsInit(ep) ? shown([], cluster.gkeAutopilot()) : undefined) },
    { says: 'the istio-cni node agent failed readiness', test: (ep) => ep.code('SIG-CNI-002') },
    { says: 'an application container runs as UID 1337 and bypasses capture (IST0144)', test: (ep) => ep.code('istio/application-uid') },
  ],
  contradicting: [
    {
      says: 'the failing CNI hosts run ambient mode (ztunnel redirection, not sidecar capture)',
      test: (ep, cluster) => (cluster.ambientNamespaces().size > 0 && cluster.ztunnelPods().length > 0 && !policyRejectsInit(ep) ? ep.code('SIG-CNI-004', 'SIG-CNI-002') : undefined),
    },
  ],
  explains: ['sidecar-not-injected', 'no-healthy-endpoints'],
  preconditions: [
    {
      says: 'injected namespaces enforce PodSecurity restricted/baseline, or the cluster is GKE Autopilot, without istio-cni',
      test: (cluster) => {
        if (cluster.istioCni().length) return undefined;
        const ns = cluster.list('Namespace').filter((n) => cluster.injectedNamespaces().has(n.name) && /^(restricted|baseline)$/.test(n.obj.metadata.labels?.['pod-security.kubernetes.io/enforce'] ?? ''));
        const ev = [...ns.map((n) => resourceEvidence(n, `namespace ${n.name}: PodSecurity ${n.obj.metadata.labels?.['pod-security.kubernetes.io/enforce']} with sidecar injection`)), ...(cluster.injectedNamespaces().size ? cluster.gkeAutopilot().slice(0, 1) : [])];
        return shown([], ev);
      },
    },
  ],
  remediation: [
    `Sidecar mode without istio-cni: ${SIDECAR_INIT_STEPS.join(' ')}`,
    `Sidecar mode with istio-cni: ${SIDECAR_CNI_STEPS.join(' ')}`,
    AMBIENT_STEPS.join(' '),
  ],
  remediationFor: (ep, cluster, cited) => {
    const mode = dataPlane(ep, cluster, cited);
    const sidecar = mode.sidecar ? (mode.cni && policyRejectsInit(ep) === undefined ? SIDECAR_CNI_STEPS : SIDECAR_INIT_STEPS) : [];
    return [...(mode.ambient ? AMBIENT_STEPS : []), ...sidecar];
  },
  docs: 'docs/root-causes/traffic-interception-failure.md',
});

/**
 * The status checks: findings read from Kubernetes status (pods, containers, ReplicaSets, CSRs, Endpoints) and
 * events rather than from config or logs. Codes MSH5xxx, stable and never reused (MSH5008 is unassigned).
 * Docs: `docs/checks/<id with / as ->.md`.
 */
import type { CheckMeta } from '../model/finding.js';

export const STATUS_CHECKS = {
  oomKilled: { id: 'status/container-oomkilled', code: 'MSH5001', severity: 'error', title: 'Container killed for exceeding its memory limit',
    message: '{{container}} in {{namespace}}/{{workload}} was OOMKilled ({{restarts}} restarts in {{pods}} pod(s))',
    remediation: 'Raise the container memory limit or reduce what it holds (for istio-proxy: Sidecar scoping, fewer stats).' },
  restarting: { id: 'status/container-restarting', code: 'MSH5002', severity: 'error', title: 'Containers crash-looping or restarting',
    message: '{{container}} in {{namespace}}/{{workload}} restarted {{restarts}} time(s) in {{pods}} pod(s) (last exit {{exitCode}}, {{reason}})',
    remediation: 'Find why the container exits: its exit code, the probe events around each restart, and its log in the bundle.' },
  istiodNotReady: { id: 'status/istiod-not-ready', code: 'MSH5003', severity: 'critical', title: 'istiod pods not ready',
    message: '{{notReady}} of {{total}} istiod pod(s) are not ready', rootCauses: ['istiod-unavailable'],
    remediation: 'Check istiod logs and events; injection and xDS depend on it.' },
  csrFailed: { id: 'status/csr-failed', code: 'MSH5004', severity: 'error', title: 'CertificateSigningRequests failed after approval',
    message: '{{failed}} of {{total}} CertificateSigningRequests are Approved,Failed', rootCauses: ['external-ca-overload'],
    remediation: 'The signer could not issue certificates: check the external CA (istio-csr, cert-manager issuer) and its rate limits.' },
  podBurst: { id: 'status/pod-burst', code: 'MSH5005', severity: 'info', title: 'Many pods created within minutes',
    message: '{{count}} pods were created between {{from}} and {{to}}', rootCauses: ['external-ca-overload'],
    remediation: 'Bursts of pod starts multiply certificate and config requests; stagger rollouts with maxSurge.' },
  externalCa: { id: 'status/external-ca', code: 'MSH5006', severity: 'info', title: 'Workload certificates come from an external CA',
    message: 'istiod delegates signing to an external CA ({{how}}); istiod runs {{replicas}} replica(s)', rootCauses: ['external-ca-overload'] },
  noReadyEndpoints: { id: 'status/service-no-ready-endpoints', code: 'MSH5007', severity: 'warning', title: 'Service has no ready endpoints',
    message: 'Service {{service}} selects pods but has no ready endpoint ({{notReady}} not ready)', rootCauses: ['no-healthy-endpoints'],
    remediation: 'Find why the backing pods are not Ready, or why the Service selector matches none.' },
  podsReplaced: { id: 'status/pods-replaced', code: 'MSH5009', severity: 'info', title: 'Pods replaced (rollout, reinstall, scale-down or deletion)',
    message: '{{namespace}}/{{owner}}: {{replaced}} pod(s) replaced by a {{kind}} between {{from}} and {{to}}; {{readyNow}} of its pods Ready now',
    remediation: 'Context, not a fault: failures of the replaced pods are history. Judge the workload by its pods at capture.' },
  controlPlaneReinstall: { id: 'status/control-plane-reinstall', code: 'MSH5010', severity: 'info', title: 'Istio control plane reinstalled',
    message: 'Istio was reinstalled between {{from}} and {{to}}: {{components}} stopped and created again',
    remediation: 'Context, not a fault: errors of the old control-plane pods and the outage while it was away belong to that window. Check that the new pods are Ready and proxies are SYNCED.' },
} satisfies Record<string, CheckMeta>;

/**
 * The proxy analyzers' catalogue: intent (config) against reality (what each Envoy, ztunnel and istiod
 * holds). Codes MSH6xxx are ours and never reused. `rootCauses` name ROOT-CAUSES.md ids; checks that only
 * report a risk (nothing broke) have none, so they never become a root cause on their own.
 */
import type { ResourceRef } from '../../model/k8s.js';
import type { Evidence, Finding, Severity } from '../../model/finding.js';
import { makeFinding } from '../../model/finding.js';

export interface ProxyCheck {
  id: string;
  code: string;
  severity: Severity;
  title: string;
  message: string;
  remediation: string;
  rootCauses?: string[];
}

const c = (x: ProxyCheck) => x;

export const CHECKS = {
  subsetClusterMissing: c({ id: 'proxy/subset-cluster-missing', code: 'MSH6001', severity: 'error', rootCauses: ['vs-subset-not-found'],
    title: 'Route targets a subset cluster the proxy does not have',
    message: '{{proxies}} proxy(ies) route to {{cluster}}, but have no such cluster (subset "{{subset}}" of {{host}}); requests get 503 NC',
    remediation: 'Define the subset in a DestinationRule for the host (same namespace or exported), or fix the subset name in the VirtualService.' }),
  hostClusterMissing: c({ id: 'proxy/host-cluster-missing', code: 'MSH6002', severity: 'error', rootCauses: ['destination-host-not-found'],
    title: 'Route targets a host the proxy has no cluster for',
    message: '{{proxies}} proxy(ies) route to {{cluster}}, but have no cluster for {{host}} port {{port}}; requests get 503 NC',
    remediation: 'Check the destination host (FQDN, namespace, typo) and that a Service or ServiceEntry exists for it and is visible to the proxies (Sidecar egress, exportTo).' }),
  subsetNoEndpoints: c({ id: 'proxy/subset-no-endpoints', code: 'MSH6003', severity: 'error', rootCauses: ['dr-subset-no-endpoints'],
    title: 'Subset cluster has no endpoints',
    message: 'Cluster {{cluster}} has no EDS endpoints in {{proxies}} proxy(ies): subset "{{subset}}" selects no ready pods',
    remediation: 'Compare the DestinationRule subset labels with the pods\' labels (`version: v2`…); a renamed label or missing deployment leaves the subset empty.' }),
  noHealthyEndpoints: c({ id: 'proxy/no-healthy-endpoints', code: 'MSH6004', severity: 'error', rootCauses: ['no-healthy-endpoints'],
    title: 'Cluster has endpoints but none healthy',
    message: 'Cluster {{cluster}} has {{total}} endpoint(s), none healthy ({{flags}}) in {{proxies}} proxy(ies)',
    remediation: 'Check the pods behind the service (readiness, crashes) and outlier detection; `health_flags` name why Envoy considers each host unhealthy.' }),
  outlierEjection: c({ id: 'proxy/outlier-ejection', code: 'MSH6005', severity: 'error', rootCauses: ['outlier-ejection'],
    title: 'Outlier detection ejected hosts',
    message: 'Outlier detection ejected hosts of {{cluster}}: {{enforced}} ejection(s) enforced, {{active}} active, in {{proxies}} proxy(ies)',
    remediation: 'Review the DestinationRule outlierDetection (consecutive5xxErrors, interval, baseEjectionTime, maxEjectionPercent) and the upstream errors that trip it.' }),
  poolOverflow: c({ id: 'proxy/connection-pool-overflow', code: 'MSH6006', severity: 'error', rootCauses: ['connection-pool-overflow'],
    title: 'Connection pool limits overflowed',
    message: 'Cluster {{cluster}} overflowed its connection pool: {{pending}} pending-request overflow(s), {{cx}} connection overflow(s), {{retry}} retry overflow(s), in {{proxies}} proxy(ies)',
    remediation: 'Raise the DestinationRule connectionPool limits (http1MaxPendingRequests, maxConnections, maxRequestsPerConnection, maxRetries) to match the load, or scale the upstream.' }),
  requestFailures: c({ id: 'proxy/request-failures', code: 'MSH6007', severity: 'error',
    title: 'Requests failed with an Envoy response flag (Istio standard metrics)',
    message: '{{requests}} request(s) to {{destination}} failed with {{flags}} (HTTP {{code}}) in istio_requests_total of {{proxies}} proxy(ies)',
    remediation: 'The response flag says where the request failed (UH no healthy host, UF connect failure, UO pool overflow, NR/NC no route or cluster, UT timeout, DPE/UPE protocol error); read it with the destination\'s config and pods.' }),
  certExpired: c({ id: 'proxy/cert-expired', code: 'MSH6010', severity: 'critical', rootCauses: ['workload-cert-expired'],
    title: 'Certificate expired',
    message: '{{which}} certificate {{serial}} of {{proxy}} expired at {{notAfter}} (before capture at {{capturedAt}})',
    remediation: 'Find why rotation stopped: istiod/CA reachability, istio-agent logs, the cacerts secret; restart the pod to fetch a new workload certificate once the CA works.' }),
  certNotYetValid: c({ id: 'proxy/cert-not-yet-valid', code: 'MSH6011', severity: 'error', rootCauses: ['workload-cert-expired'],
    title: 'Certificate not yet valid',
    message: '{{which}} certificate {{serial}} of {{proxy}} is valid only from {{notBefore}}, after capture at {{capturedAt}} (clock skew?)',
    remediation: 'Check node clocks (NTP) and the CA\'s clock; certificates issued in the future fail TLS handshakes.' }),
  certExpiring: c({ id: 'proxy/cert-expiring', code: 'MSH6012', severity: 'warning',
    title: 'Certificate expiring soon',
    message: '{{which}} certificate {{serial}} of {{proxy}} expires at {{notAfter}}, {{days}} day(s) after capture, past the point it should have rotated',
    remediation: 'Plan the root/intermediate rotation (plug-in CA cacerts) or check why workload certificate rotation stalls.' }),
  rootMismatch: c({ id: 'proxy/root-cert-mismatch', code: 'MSH6013', severity: 'error', rootCauses: ['root-cert-mismatch'],
    title: 'Proxies trust different root CAs',
    message: 'Proxies trust {{roots}} different root CAs: {{detail}}',
    remediation: 'Make every istiod use the same root (cacerts secret, or one CA during migration with both roots in the trust bundle) and restart proxies holding the old root.' }),
  trustDomainMismatch: c({ id: 'proxy/trust-domain-mismatch', code: 'MSH6014', severity: 'warning',
    title: 'Workload certificates span several trust domains',
    message: 'Workload certificates carry {{count}} trust domains ({{domains}}); peers outside a proxy\'s trust domain are rejected unless trustDomainAliases lists them',
    remediation: 'Set meshConfig.trustDomain consistently, or list the others in trustDomainAliases during a migration.' }),
  secretWarming: c({ id: 'proxy/sds-secret-warming', code: 'MSH6015', severity: 'error',
    title: 'SDS secret stuck warming',
    message: 'Secret "{{secret}}" of {{proxy}} is still warming (never delivered by SDS)',
    remediation: 'For a gateway credentialName, create the TLS secret in the gateway\'s namespace; for the workload certificate, check istio-agent and CA logs.' }),
  xdsNotSynced: c({ id: 'proxy/xds-not-synced', code: 'MSH6020', severity: 'error', rootCauses: ['xds-push-stale'],
    title: 'Proxy not in sync with istiod',
    message: '{{proxy}} is {{state}} for {{types}} according to {{istiod}}',
    remediation: 'Check istiod load and push errors (pilot_xds_push_context_errors, pilot_total_xds_rejects), the proxy\'s connection to istiod (port 15012) and its logs for rejected config.' }),
  configRejected: c({ id: 'proxy/config-rejected', code: 'MSH6021', severity: 'error', rootCauses: ['xds-push-stale'],
    title: 'Envoy rejected configuration',
    message: '{{proxy}} rejected {{kind}} {{name}}: {{details}}',
    remediation: 'Fix the resource that generated the rejected config (often an EnvoyFilter or an invalid field); the proxy keeps serving its previous config.' }),
  pushErrors: c({ id: 'proxy/istiod-push-errors', code: 'MSH6022', severity: 'warning',
    title: 'istiod reported push problems',
    message: '{{istiod}} push status lists {{count}} {{metric}} entr(ies), e.g. {{example}}',
    remediation: 'Read the named resources: conflicts and context errors mean some config could not be pushed as written.' }),
  versionSkew: c({ id: 'proxy/version-skew', code: 'MSH6023', severity: 'warning',
    title: 'Proxy version differs from istiod',
    message: '{{count}} proxy(ies) run Istio {{proxyVersions}} while istiod runs {{istiodVersion}}',
    remediation: 'Restart workloads after an upgrade so sidecars pick up the new proxy; keep data plane within the supported skew of the control plane.' }),
  tooManyClusters: c({ id: 'proxy/too-many-clusters', code: 'MSH6030', severity: 'warning',
    title: 'Proxy holds far more clusters than it uses',
    message: '{{proxy}} holds {{clusters}} clusters but sent traffic to {{used}} of them, and no Sidecar resource scopes it',
    remediation: 'Add a Sidecar resource (egress hosts) for the namespace or workload so each proxy receives only the config it needs.' }),
  statsExplosion: c({ id: 'proxy/stats-explosion', code: 'MSH6031', severity: 'warning',
    title: 'Proxy exports a very large number of stats',
    message: '{{proxy}} exports {{series}} stat series (over {{limit}})',
    remediation: 'Trim stats with proxyStatsMatcher / Telemetry, and reduce cluster count with a Sidecar resource.' }),
  heapNearLimit: c({ id: 'proxy/heap-near-limit', code: 'MSH6032', severity: 'error', rootCauses: ['sidecar-resource-exhaustion'],
    title: 'Envoy heap close to the container memory limit',
    message: '{{proxy}} Envoy heap is {{heapMiB}} MiB, {{percent}}% of the istio-proxy memory limit ({{limitMiB}} MiB)',
    remediation: 'Raise the sidecar memory limit (sidecar.istio.io/proxyMemoryLimit) or cut config size with a Sidecar resource.' }),
  istiodMemory: c({ id: 'proxy/istiod-memory', code: 'MSH6033', severity: 'error', rootCauses: ['istiod-resource-exhaustion'],
    title: 'istiod memory is very high',
    message: '{{istiod}} resident memory is {{gib}} GiB',
    remediation: 'Scope config with Sidecar resources and exportTo, give istiod more memory, or scale it out.' }),
  interceptionMissing: c({ id: 'proxy/interception-missing', code: 'MSH6040', severity: 'error', rootCauses: ['traffic-interception-failure'],
    title: 'Sidecar lacks its capture listeners',
    message: 'Sidecar {{proxy}} has no {{missing}} listener: traffic is not being intercepted as Istio expects',
    remediation: 'Check istio-init / istio-cni logs and the pod\'s interception annotations; without 15001/15006 the app\'s traffic bypasses the proxy.' }),
  ztunnelUnknownWorkload: c({ id: 'proxy/ztunnel-unknown-workload', code: 'MSH6050', severity: 'error', rootCauses: ['ambient-dataplane-failure'],
    title: 'Ambient pod unknown to ztunnel',
    message: '{{count}} ambient pod(s) are not in ztunnel {{ztunnel}}\'s workload table: {{pods}}',
    remediation: 'Check istio-cni on the node and ztunnel\'s xDS connection; pods missing from ztunnel get no mTLS or policy.' }),
  waypointMissing: c({ id: 'proxy/waypoint-missing', code: 'MSH6051', severity: 'error', rootCauses: ['ambient-dataplane-failure'],
    title: 'Waypoint referenced but absent',
    message: '{{count}} workload(s)/service(s) use waypoint {{waypoint}}, which ztunnel {{ztunnel}} cannot resolve to a service',
    remediation: 'Deploy the waypoint (istioctl waypoint apply) or remove the istio.io/use-waypoint label.' }),
  ztunnelCertFailure: c({ id: 'proxy/ztunnel-cert-failure', code: 'MSH6052', severity: 'error', rootCauses: ['ambient-dataplane-failure'],
    title: 'ztunnel could not get a certificate',
    message: 'ztunnel {{ztunnel}} has no certificate for {{identity}} (state {{state}})',
    remediation: 'Check ztunnel logs for CSR errors and istiod/CA reachability.' }),
} satisfies Record<string, ProxyCheck>;

/** Docs page of a check. */
export function checkDocs(check: ProxyCheck): string {
  return `docs/analyzers/${check.id}.md`;
}

/** A Finding for a proxy check; `key` makes the id stable. Warnings and infos are risks, never root-cause evidence. */
export function proxyFinding(
  check: ProxyCheck,
  key: string,
  parts: { data: Record<string, string | number>; evidence: Evidence[]; resources?: ResourceRef[]; count?: number; severity?: Severity; firstSeen?: string },
): Finding {
  const severity = parts.severity ?? check.severity;
  const risk = severity === 'warning' || severity === 'info';
  return makeFinding({ ...check, rootCauses: risk ? undefined : check.rootCauses, docs: checkDocs(check) }, key, { ...parts, severity });
}

export function podRef(p: { namespace: string; pod: string }): ResourceRef {
  return { kind: 'Pod', namespace: p.namespace, name: p.pod };
}

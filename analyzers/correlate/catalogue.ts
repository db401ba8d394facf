/**
 * The root-cause catalogue (shared/ROOT-CAUSES.md) as data: stable ids, titles and remediation steps.
 * `rootCauses[].id` in a report is always one of these ids. Ids are never renamed or reused.
 */
export interface CatalogueEntry {
  id: string;
  title: string;
  area: 'control-plane' | 'routing' | 'security' | 'data-plane';
  remediation: string[];
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'external-ca-overload', area: 'control-plane', title: 'External CA overwhelmed by a burst of CSRs',
    remediation: [
      'Scale or rate-limit the external CA (istio-csr, Vault, ACM PCA) and check its own logs and quotas for the window shown.',
      'Stagger rollouts: lower maxSurge / use PodDisruptionBudgets so hundreds of sidecars do not request certificates at once.',
      'Reduce istiod replicas back to what the mesh needs: each replica multiplies connections to the CA.',
      'Once the CA recovers, restart the pods in CrashLoopBackOff; failed CertificateSigningRequests can be deleted.',
    ] },
  { id: 'istiod-unavailable', area: 'control-plane', title: 'istiod not ready or not running: injection and xDS fail',
    remediation: [
      'Check istiod pods (kubectl -n istio-system get pods,events) for crashes, OOMKilled or failing readiness.',
      'Make sure the istiod Service has ready endpoints and that ports 15012/15017 are reachable from workloads and the API server.',
      'Restart workloads that started while istiod was down so they get injected and configured.',
    ] },
  { id: 'injection-webhook-failure', area: 'control-plane', title: 'Sidecar injection webhook failing',
    remediation: [
      'Compare the webhook caBundle with the istiod serving certificate (istioctl x precheck / kubectl get mutatingwebhookconfiguration -o yaml).',
      'Check that the API server can reach istiod:443 (no proxy env on the API server, network policies, firewall rules for 15017).',
      'Recreate the pods of ReplicaSets that logged FailedCreate once the webhook works.',
    ] },
  { id: 'workload-cert-expired', area: 'security', title: 'Workload or root certificate expired or not yet valid',
    remediation: ['Check the root (cacerts / istio-ca-secret) and workload certificate validity; rotate the root if it expired.', 'Check node clock skew.', 'Restart proxies to pick up new certificates once the CA is fixed.'] },
  { id: 'root-cert-mismatch', area: 'security', title: 'Proxies trust different root certificates',
    remediation: ['Make every istiod serve the same root (plugged-in cacerts, one CA).', 'During CA migration, distribute a combined trust bundle before switching the signer.'] },
  { id: 'xds-push-stale', area: 'control-plane', title: 'Proxies out of sync with istiod',
    remediation: ['Look at istiod push errors and rejected config (proxy-status, debug/syncz).', 'Fix the config Envoy rejects; scale istiod if pushes are slow.'] },
  { id: 'istiod-resource-exhaustion', area: 'control-plane', title: 'istiod starved of memory or CPU',
    remediation: ['Raise istiod memory limits.', 'Scope configuration with Sidecar resources and exportTo so each proxy gets less config.'] },
  { id: 'vs-subset-not-found', area: 'routing', title: 'VirtualService routes to an undefined subset',
    remediation: ['Define the subset in the DestinationRule for that host, or fix the subset name in the VirtualService.'] },
  { id: 'dr-subset-no-endpoints', area: 'routing', title: 'DestinationRule subset selects no pods',
    remediation: ['Fix the subset labels so they match the pods (compare with the pod labels), or deploy the missing version.'] },
  { id: 'destination-host-not-found', area: 'routing', title: 'Route targets a host that is not in the registry',
    remediation: ['Fix the destination host (namespace, typo) or create the Service/ServiceEntry it needs.'] },
  { id: 'no-healthy-endpoints', area: 'routing', title: 'Service has no ready endpoints',
    remediation: ['Find why the backing pods are not Ready (probes, crashes, scheduling).', 'Check that the Service selector matches the pods.'] },
  { id: 'outlier-ejection', area: 'routing', title: 'Outlier detection ejecting too many hosts',
    remediation: ['Raise consecutive5xxErrors / lower maxEjectionPercent in the DestinationRule outlierDetection.'] },
  { id: 'connection-pool-overflow', area: 'routing', title: 'DestinationRule connection pool limits too low for the load',
    remediation: ['Raise connectionPool limits (http1MaxPendingRequests, maxConnections, http2MaxRequests) to fit the traffic.'] },
  { id: 'upstream-connect-failure', area: 'routing', title: 'Envoy cannot connect to the upstream',
    remediation: ['Check that the application listens on the Service targetPort and is running.', 'Check mTLS settings between the caller and the upstream.'] },
  { id: 'retry-timeout-budget', area: 'routing', title: 'Retries and timeouts exceed the caller budget',
    remediation: ['Make perTryTimeout × (attempts + 1) fit inside the route timeout.'] },
  { id: 'gateway-misconfigured', area: 'routing', title: 'Ingress gateway misconfigured',
    remediation: ['Check the Gateway selector, ports and hosts against the gateway pods, Service and the VirtualServices bound to it.'] },
  { id: 'gateway-credential-missing', area: 'security', title: 'Gateway TLS credential secret missing',
    remediation: ['Create the credentialName secret in the gateway namespace (or fix its name).'] },
  { id: 'protocol-misdetection', area: 'routing', title: 'Port protocol wrong or unknown',
    remediation: ['Name Service ports with their protocol (http-, grpc-, tcp-) or set appProtocol.'] },
  { id: 'mtls-mode-conflict', area: 'security', title: 'mTLS settings disagree between client and server',
    remediation: ['Align PeerAuthentication and DestinationRule TLS modes; inject sidecars into callers of STRICT workloads or use PERMISSIVE during migration.'] },
  { id: 'authz-denied', area: 'security', title: 'AuthorizationPolicy denies the traffic',
    remediation: ['Check the AuthorizationPolicies selecting the workload: a matching DENY, or ALLOW policies none of which match the caller.'] },
  { id: 'network-policy-blocking', area: 'security', title: 'Kubernetes NetworkPolicy blocks mesh traffic',
    remediation: ['Allow traffic to istiod (15012, 15017) and between meshed pods (15008 for HBONE) in the NetworkPolicies.'] },
  { id: 'sidecar-not-injected', area: 'data-plane', title: 'Workloads missing their sidecar',
    remediation: ['Label the namespace for injection and restart the workloads.'] },
  { id: 'traffic-interception-failure', area: 'data-plane', title: 'Traffic interception (iptables/CNI) broken',
    remediation: ['Check istio-init / istio-cni logs; make sure the app does not run as UID 1337.'] },
  { id: 'listener-port-conflict', area: 'data-plane', title: 'Envoy cannot bind its ports',
    remediation: ['Remove the port collision (another proxy, the app using 15001/15006/15000/15021/15090).'] },
  { id: 'sidecar-resource-exhaustion', area: 'data-plane', title: 'Sidecar out of memory, CPU or file descriptors',
    remediation: [
      'Raise the istio-proxy memory limit (sidecar.istio.io/proxyMemoryLimit) for the affected workloads.',
      'Scope configuration with a Sidecar resource so each proxy holds only the services it calls.',
      'Raise the file-descriptor ulimit if `too many open files` appears.',
    ] },
  { id: 'ambient-dataplane-failure', area: 'data-plane', title: 'Ambient ztunnel or waypoint failure',
    remediation: ['Check ztunnel logs on the node, the waypoint deployment, and HBONE (15008) reachability.'] },
  { id: 'linkerd-identity-failure', area: 'security', title: 'Linkerd identity certificates expired or mismatched',
    remediation: ['Rotate the Linkerd trust anchor / issuer certificate (linkerd check --proxy).'] },
];

const byId = new Map(CATALOGUE.map((e) => [e.id, e]));

/** The catalogue entry for an id, or undefined for an id not in ROOT-CAUSES.md. */
export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

export const CATALOGUE_IDS: ReadonlySet<string> = new Set(CATALOGUE.map((e) => e.id));

/** A root-cause id from the catalogue (checked at load time for signatures, by tests for analyzers). */
export type RootCauseId = string;

export function isRootCauseId(id: string): id is RootCauseId {
  return CATALOGUE_IDS.has(id);
}

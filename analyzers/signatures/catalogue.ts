/**
 * Root-cause catalogue ids (shared/ROOT-CAUSES.md). A signature's `rootCauses` may only name these.
 * Ids are stable: add new ones, never rename or reuse.
 */
export const ROOT_CAUSE_IDS = [
  // Control plane and certificates
  'external-ca-overload',
  'istiod-unavailable',
  'injection-webhook-failure',
  'workload-cert-expired',
  'root-cert-mismatch',
  'xds-push-stale',
  'istiod-resource-exhaustion',
  // Routing and traffic
  'vs-subset-not-found',
  'dr-subset-no-endpoints',
  'destination-host-not-found',
  'no-healthy-endpoints',
  'outlier-ejection',
  'connection-pool-overflow',
  'upstream-connect-failure',
  'retry-timeout-budget',
  'gateway-misconfigured',
  'gateway-credential-missing',
  'protocol-misdetection',
  // Security policy
  'mtls-mode-conflict',
  'authz-denied',
  'network-policy-blocking',
  // Data plane
  'sidecar-not-injected',
  'traffic-interception-failure',
  'listener-port-conflict',
  'sidecar-resource-exhaustion',
  'ambient-dataplane-failure',
  'linkerd-identity-failure',
] as const;

export type RootCauseId = (typeof ROOT_CAUSE_IDS)[number];

const IDS: ReadonlySet<string> = new Set(ROOT_CAUSE_IDS);

export function isRootCauseId(id: string): id is RootCauseId {
  return IDS.has(id);
}

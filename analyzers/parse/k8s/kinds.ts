/**
 * kubectl prints an event's involved object as `strings.ToLower(kind)/name` (`pod/x`, `horizontalpodautoscaler/y`).
 * This maps the lowercased kind back to the Kind, for the kinds a mesh bundle meets; unknown kinds get their first
 * letter upper-cased.
 */
const KINDS = [
  'Pod', 'Service', 'Endpoints', 'EndpointSlice', 'Node', 'Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event',
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'Ingress', 'IngressClass', 'NetworkPolicy', 'Lease',
  'CertificateSigningRequest', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'RuntimeClass', 'LimitRange', 'ResourceQuota',
  'VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup', 'EnvoyFilter',
  'PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy', 'Telemetry', 'ProxyConfig', 'WasmPlugin',
  'IstioOperator', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'ReferenceGrant', 'ServiceImport',
  'ServiceExport', 'Certificate', 'Issuer', 'ClusterIssuer', 'CertificateRequest',
];

const BY_LOWER = new Map(KINDS.map((k) => [k.toLowerCase(), k]));

/** Kinds that have no namespace (their events still live in a namespace, usually `default`). */
export const CLUSTER_SCOPED = new Set([
  'Node', 'Namespace', 'PersistentVolume', 'StorageClass', 'IngressClass', 'CertificateSigningRequest', 'CustomResourceDefinition',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass',
  'RuntimeClass', 'GatewayClass', 'ClusterIssuer',
]);

/** `horizontalpodautoscaler` → `HorizontalPodAutoscaler`; `redirectservice` → `Redirectservice`. */
export function kindFromLower(lower: string): string {
  return BY_LOWER.get(lower.toLowerCase()) ?? lower.charAt(0).toUpperCase() + lower.slice(1);
}

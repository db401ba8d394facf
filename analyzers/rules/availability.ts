/**
 * Which kinds a bundle can be said to hold. A bundle with no DestinationRule still has the input
 * "DestinationRules" if its Istio custom resources were read; so availability is decided per source
 * family: seeing any kind of a family means the whole family was read. Secrets and Nodes are their
 * own families (bug-reports list Secrets as a table only, so their absence means "not read"), and so
 * is MeshNetworks, which the runner synthesizes from the mesh config when it has one.
 */

const FAMILIES: Record<string, readonly string[]> = {
  'k8s-core': [
    'Pod', 'Service', 'Namespace', 'ConfigMap', 'Endpoints', 'EndpointSlice', 'Deployment', 'ReplicaSet', 'StatefulSet',
    'DaemonSet', 'Job', 'NetworkPolicy', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
    'CustomResourceDefinition', 'ServiceAccount', 'HorizontalPodAutoscaler', 'Ingress',
  ],
  istio: [
    'VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup',
    'ProxyConfig', 'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Telemetry', 'WasmPlugin',
  ],
  'gateway-api': ['GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant'],
  secrets: ['Secret'],
  nodes: ['Node'],
  meshNetworks: ['MeshNetworks'],
};

const FAMILY_OF = new Map<string, string>();
for (const [f, kinds] of Object.entries(FAMILIES)) for (const k of kinds) FAMILY_OF.set(k, f);

/**
 * The kinds available for analysis, from the kinds actually present. `Gateway` is in both the Istio
 * and Gateway API families; either makes it available. Kinds outside every family are available
 * only when present.
 */
export function availableKinds(presentKinds: Iterable<string>): Set<string> {
  const families = new Set<string>();
  const out = new Set<string>();
  for (const k of presentKinds) {
    out.add(k);
    const f = FAMILY_OF.get(k);
    if (f) families.add(f);
  }
  for (const f of families) for (const k of FAMILIES[f]) out.add(k);
  if (families.has('gateway-api')) out.add('Gateway');
  return out;
}

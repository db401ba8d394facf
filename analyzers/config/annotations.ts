/**
 * Istio's resource annotations (istio/api `annotation/annotations.gen.go`): the kinds each applies
 * to, feature status and deprecation, plus the value checks istio's injector runs
 * (`inject.AnnotationValidation`). `gateway.istio.io/controller-version` is Beta here, as in the
 * istioctl release that produced the analyzer test grid.
 */

export type FeatureStatus = 'Alpha' | 'Beta' | 'Stable';

export interface AnnotationDef {
  status: FeatureStatus;
  deprecated: boolean;
  /** Kinds it may be set on; `Any` means every kind. */
  resources: readonly string[];
}

const P = ['Pod'];
const a = (resources: readonly string[], status: FeatureStatus = 'Alpha', deprecated = false): AnnotationDef => ({ status, deprecated, resources });

export const ANNOTATIONS: Readonly<Record<string, AnnotationDef>> = {
  'alpha.istio.io/canonical-serviceaccounts': a(['Service'], 'Alpha', true),
  'alpha.istio.io/kubernetes-serviceaccounts': a(['Service'], 'Alpha', true),
  'ambient.istio.io/bypass-inbound-capture': a(P),
  'ambient.istio.io/redirection': a(P, 'Beta'),
  'ambient.istio.io/waypoint-inbound-binding': a(['GatewayClass', 'Gateway']),
  'galley.istio.io/analyze-suppress': a(['Any']),
  'gateway.istio.io/controller-version': a(['Any'], 'Beta'),
  'gateway.istio.io/name-override': a(['Gateway']),
  'gateway.istio.io/service-account': a(['Gateway']),
  'inject.istio.io/templates': a(P),
  'istio.io/autoRegistrationGroup': a(['WorkloadEntry']),
  'istio.io/connectedAt': a(['WorkloadEntry']),
  'istio.io/disconnectedAt': a(['WorkloadEntry']),
  'istio.io/dry-run': a(['AuthorizationPolicy']),
  'istio.io/rev': a(P),
  'istio.io/workloadController': a(['WorkloadEntry']),
  'kubernetes.io/ingress.class': a(['Ingress'], 'Stable'),
  'networking.istio.io/exportTo': a(['Service']),
  'networking.istio.io/service-type': a(['Gateway']),
  'networking.istio.io/traffic-distribution': a(['Service', 'ServiceEntry']),
  'prometheus.istio.io/merge-metrics': a(P),
  'proxy.istio.io/config': a(P, 'Beta'),
  'proxy.istio.io/overrides': a(P),
  'readiness.status.sidecar.istio.io/applicationPorts': a(P),
  'readiness.status.sidecar.istio.io/failureThreshold': a(P),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': a(P),
  'readiness.status.sidecar.istio.io/periodSeconds': a(P),
  'sidecar.istio.io/agentLogLevel': a(P),
  'sidecar.istio.io/bootstrapOverride': a(P),
  'sidecar.istio.io/componentLogLevel': a(P),
  'sidecar.istio.io/discoveryAddress': a(P, 'Alpha', true),
  'sidecar.istio.io/enableCoreDump': a(P),
  'sidecar.istio.io/extraStatTags': a(P, 'Alpha', true),
  'sidecar.istio.io/inject': a(P, 'Beta', true),
  'sidecar.istio.io/interceptionMode': a(P),
  'sidecar.istio.io/logLevel': a(P),
  'sidecar.istio.io/nativeSidecar': a(P),
  'sidecar.istio.io/proxyCPU': a(P),
  'sidecar.istio.io/proxyCPULimit': a(P),
  'sidecar.istio.io/proxyImage': a(P),
  'sidecar.istio.io/proxyImageType': a(P),
  'sidecar.istio.io/proxyMemory': a(P),
  'sidecar.istio.io/proxyMemoryLimit': a(P),
  'sidecar.istio.io/rewriteAppHTTPProbers': a(P),
  'sidecar.istio.io/statsHistogramBuckets': a(P),
  'sidecar.istio.io/statsInclusionPrefixes': a(P, 'Alpha', true),
  'sidecar.istio.io/statsInclusionRegexps': a(P, 'Alpha', true),
  'sidecar.istio.io/statsInclusionSuffixes': a(P, 'Alpha', true),
  'sidecar.istio.io/status': a(P),
  'sidecar.istio.io/userVolume': a(P),
  'sidecar.istio.io/userVolumeMount': a(P),
  'status.sidecar.istio.io/port': a(P),
  'topology.istio.io/controlPlaneClusters': a(['Namespace']),
  'traffic.istio.io/nodeSelector': a(['Service'], 'Stable'),
  'traffic.sidecar.istio.io/excludeInboundPorts': a(P),
  'traffic.sidecar.istio.io/excludeInterfaces': a(P),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': a(P),
  'traffic.sidecar.istio.io/excludeOutboundPorts': a(P),
  'traffic.sidecar.istio.io/includeInboundPorts': a(P),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': a(P),
  'traffic.sidecar.istio.io/includeOutboundPorts': a(P),
  'traffic.sidecar.istio.io/kubevirtInterfaces': a(P),
};

/** Extra wording Istio adds to some deprecation messages. */
export const DEPRECATION_EXTRA: Readonly<Record<string, string>> = {
  'sidecar.istio.io/inject': ' in favor of the "sidecar.istio.io/inject" label',
};

/** Is this annotation in Istio's namespace (a `*istio.io/` prefix, or the documented `kubernetes.io/ingress.class`)? */
export function isIstioAnnotation(name: string): boolean {
  if (name === 'kubernetes.io/ingress.class') return true;
  const slash = name.indexOf('/');
  return (slash < 0 ? name : name.slice(0, slash)).endsWith('istio.io');
}

const PORT = (s: string) => /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 65535;
const CIDR = /^((\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[munkMGTPE])?$/;

function list(v: string, ok: (s: string) => boolean, what: string): string | undefined {
  if (v.trim() === '') return undefined;
  const bad = v.split(',').map((s) => s.trim()).find((s) => !ok(s));
  return bad === undefined ? undefined : `${what} "${bad}" is invalid`;
}

const uint32 = (v: string) => (/^\d+$/.test(v) && Number(v) <= 0xffffffff ? undefined : `strconv.ParseUint: parsing "${v}": invalid syntax`);
const ports = (v: string) => list(v, PORT, 'port');
const portsOrStar = (v: string) => (v.trim() === '*' ? undefined : ports(v));
const cidrsOrStar = (v: string) => (v.trim() === '*' ? undefined : list(v, (s) => CIDR.test(s), 'CIDR'));
const quantity = (v: string) => (QUANTITY.test(v.trim()) ? undefined : `quantity "${v}" is invalid`);

/** Value checks by annotation; each returns a problem description, or undefined when the value is valid. */
export const ANNOTATION_VALIDATION: Readonly<Record<string, (v: string) => string | undefined>> = {
  'readiness.status.sidecar.istio.io/initialDelaySeconds': uint32,
  'readiness.status.sidecar.istio.io/periodSeconds': uint32,
  'readiness.status.sidecar.istio.io/failureThreshold': uint32,
  'readiness.status.sidecar.istio.io/applicationPorts': (v) => (v.trim() === '*' ? undefined : ports(v)),
  'status.sidecar.istio.io/port': (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? undefined : `port "${v}" is invalid`),
  'sidecar.istio.io/interceptionMode': (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `interception mode "${v}" is not REDIRECT, TPROXY or NONE`),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': cidrsOrStar,
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => list(v, (s) => CIDR.test(s), 'CIDR'),
  'traffic.sidecar.istio.io/includeInboundPorts': portsOrStar,
  'traffic.sidecar.istio.io/excludeInboundPorts': ports,
  'traffic.sidecar.istio.io/includeOutboundPorts': ports,
  'traffic.sidecar.istio.io/excludeOutboundPorts': ports,
  'sidecar.istio.io/proxyCPU': quantity,
  'sidecar.istio.io/proxyMemory': quantity,
  'sidecar.istio.io/proxyCPULimit': quantity,
  'sidecar.istio.io/proxyMemoryLimit': quantity,
};

/** Kinds istioctl checks annotations on. */
export const ANNOTATED_KINDS = ['Namespace', 'Service', 'Pod', 'Deployment'] as const;

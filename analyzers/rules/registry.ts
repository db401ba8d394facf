/**
 * Every config analyzer, listed explicitly (no directory scan) so the engine bundles for a worker or
 * the renderer. Istio-parity analyzers first (by IST code), then meshlens checks (MSH codes).
 */
import type { Analyzer } from './define.js';
import alphaAnnotation from './istio/alpha-annotation.js';
import applicationUid from './istio/application-uid.js';
import authzNamespaceNotFound from './istio/authz-namespace-not-found.js';
import authzNoMatchingWorkloads from './istio/authz-no-matching-workloads.js';
import conflictingGateways from './istio/conflicting-gateways.js';
import conflictingMeshGatewayHosts from './istio/conflicting-mesh-gateway-hosts.js';
import conflictingSidecarSelectors from './istio/conflicting-sidecar-selectors.js';
import conflictingTelemetrySelectors from './istio/conflicting-telemetry-selectors.js';
import deploymentConflictingPorts from './istio/deployment-conflicting-ports.js';
import deploymentMultipleServiceProtocols from './istio/deployment-multiple-service-protocols.js';
import deprecatedAnnotation from './istio/deprecated-annotation.js';
import deprecatedField from './istio/deprecated-field.js';
import drHostUnknown from './istio/dr-host-unknown.js';
import drNoCaCertificate from './istio/dr-no-ca-certificate.js';
import drPortNoCaCertificate from './istio/dr-port-no-ca-certificate.js';
import drSubsetNoPods from './istio/dr-subset-no-pods.js';
import envoyfilterAddOperation from './istio/envoyfilter-add-operation.js';
import envoyfilterRelativeOperation from './istio/envoyfilter-relative-operation.js';
import envoyfilterRelativeWithProxyVersion from './istio/envoyfilter-relative-with-proxy-version.js';
import envoyfilterRemoveOperation from './istio/envoyfilter-remove-operation.js';
import envoyfilterReplaceOperation from './istio/envoyfilter-replace-operation.js';
import externalControlPlaneInvalid from './istio/external-control-plane-invalid.js';
import externalControlPlaneIp from './istio/external-control-plane-ip.js';
import externalNamePortName from './istio/external-name-port-name.js';
import gatewayApiCrdVersion from './istio/gateway-api-crd-version.js';
import gatewayCredentialInvalid from './istio/gateway-credential-invalid.js';
import gatewayCredentialNotFound from './istio/gateway-credential-not-found.js';
import gatewayDuplicateCertificate from './istio/gateway-duplicate-certificate.js';
import gatewayPortNotOnService from './istio/gateway-port-not-on-service.js';
import gatewaySelectorNoWorkload from './istio/gateway-selector-no-workload.js';
import imageAutoDeployment from './istio/image-auto-deployment.js';
import imageAutoPod from './istio/image-auto-pod.js';
import invalidAnnotation from './istio/invalid-annotation.js';
import jwksUriFetchUnrestricted from './istio/jwks-uri-fetch-unrestricted.js';
import k8sgatewayIneffectiveSelector from './istio/k8sgateway-ineffective-selector.js';
import meshNetworksUnknownRegistry from './istio/mesh-networks-unknown-registry.js';
import misplacedAnnotation from './istio/misplaced-annotation.js';
import multipleSidecarsWithoutSelector from './istio/multiple-sidecars-without-selector.js';
import multipleTelemetriesWithoutSelector from './istio/multiple-telemetries-without-selector.js';
import namespaceInjectionEnabledByDefault from './istio/namespace-injection-enabled-by-default.js';
import namespaceMultipleInjectionLabels from './istio/namespace-multiple-injection-labels.js';
import namespaceNotInjected from './istio/namespace-not-injected.js';
import negativeCondition from './istio/negative-condition.js';
import podMissingProxy from './istio/pod-missing-proxy.js';
import portNameConvention from './istio/port-name-convention.js';
import proxyImageMismatch from './istio/proxy-image-mismatch.js';
import seAddressesRequired from './istio/se-addresses-required.js';
import seConflictingProtocol from './istio/se-conflicting-protocol.js';
import schemaValidation from './istio/schema-validation.js';
import sidecarIneffectiveAmbient from './istio/sidecar-ineffective-ambient.js';
import sidecarSelectorNoWorkload from './istio/sidecar-selector-no-workload.js';
import telemetryInvalidProvider from './istio/telemetry-invalid-provider.js';
import telemetryLightstepDeprecated from './istio/telemetry-lightstep-deprecated.js';
import telemetrySelectorNoWorkload from './istio/telemetry-selector-no-workload.js';
import unknownAnnotation from './istio/unknown-annotation.js';
import vsDestinationHostNotFound from './istio/vs-destination-host-not-found.js';
import vsDestinationPortRequired from './istio/vs-destination-port-required.js';
import vsGatewayNotFound from './istio/vs-gateway-not-found.js';
import vsHostNotInGateway from './istio/vs-host-not-in-gateway.js';
import vsIneffectiveMatch from './istio/vs-ineffective-match.js';
import vsIngressSubsetNoEffect from './istio/vs-ingress-subset-no-effect.js';
import vsInternalGatewayRef from './istio/vs-internal-gateway-ref.js';
import vsJwtClaimRouteWithoutAuthn from './istio/vs-jwt-claim-route-without-authn.js';
import vsSubsetNotFound from './istio/vs-subset-not-found.js';
import vsUnreachableRule from './istio/vs-unreachable-rule.js';
import webhookInvalid from './istio/webhook-invalid.js';
import authzAllowAllCheck from './mesh/authz-allow-all.js';
import authzDenyAllCheck from './mesh/authz-deny-all.js';
import connectionPoolTinyCheck from './mesh/connection-pool-tiny.js';
import drSubsetNoEndpointsCheck from './mesh/dr-subset-no-endpoints.js';
import drTlsConflictsStrictCheck from './mesh/dr-tls-conflicts-strict.js';
import gatewayApiListenerConditionCheck from './mesh/gateway-api-listener-condition.js';
import mtlsPermissiveMeshCheck from './mesh/mtls-permissive-mesh.js';
import mtlsStrictCallerWithoutSidecarCheck from './mesh/mtls-strict-caller-without-sidecar.js';
import netpolBlocksIstiodCheck from './mesh/netpol-blocks-istiod.js';
import netpolBlocksMeshTrafficCheck from './mesh/netpol-blocks-mesh-traffic.js';
import outlierEjectsMostHostsCheck from './mesh/outlier-ejects-most-hosts.js';
import proxyNoLimitsCheck from './mesh/proxy-no-limits.js';
import retryTimeoutBudgetCheck from './mesh/retry-timeout-budget.js';
import revisionNamespacePodWithoutSidecarCheck from './mesh/revision-namespace-pod-without-sidecar.js';
import vsWeightsNot100Check from './mesh/vs-weights-not-100.js';

export const ISTIO_ANALYZERS: readonly Analyzer<any>[] = [
  alphaAnnotation,
  applicationUid,
  authzNamespaceNotFound,
  authzNoMatchingWorkloads,
  conflictingGateways,
  conflictingMeshGatewayHosts,
  conflictingSidecarSelectors,
  conflictingTelemetrySelectors,
  deploymentConflictingPorts,
  deploymentMultipleServiceProtocols,
  deprecatedAnnotation,
  deprecatedField,
  drHostUnknown,
  drNoCaCertificate,
  drPortNoCaCertificate,
  drSubsetNoPods,
  envoyfilterAddOperation,
  envoyfilterRelativeOperation,
  envoyfilterRelativeWithProxyVersion,
  envoyfilterRemoveOperation,
  envoyfilterReplaceOperation,
  externalControlPlaneInvalid,
  externalControlPlaneIp,
  externalNamePortName,
  gatewayApiCrdVersion,
  gatewayCredentialInvalid,
  gatewayCredentialNotFound,
  gatewayDuplicateCertificate,
  gatewayPortNotOnService,
  gatewaySelectorNoWorkload,
  imageAutoDeployment,
  imageAutoPod,
  invalidAnnotation,
  jwksUriFetchUnrestricted,
  k8sgatewayIneffectiveSelector,
  meshNetworksUnknownRegistry,
  misplacedAnnotation,
  multipleSidecarsWithoutSelector,
  multipleTelemetriesWithoutSelector,
  namespaceInjectionEnabledByDefault,
  namespaceMultipleInjectionLabels,
  namespaceNotInjected,
  negativeCondition,
  podMissingProxy,
  portNameConvention,
  proxyImageMismatch,
  seAddressesRequired,
  seConflictingProtocol,
  schemaValidation,
  sidecarIneffectiveAmbient,
  sidecarSelectorNoWorkload,
  telemetryInvalidProvider,
  telemetryLightstepDeprecated,
  telemetrySelectorNoWorkload,
  unknownAnnotation,
  vsDestinationHostNotFound,
  vsDestinationPortRequired,
  vsGatewayNotFound,
  vsHostNotInGateway,
  vsIneffectiveMatch,
  vsIngressSubsetNoEffect,
  vsInternalGatewayRef,
  vsJwtClaimRouteWithoutAuthn,
  vsSubsetNotFound,
  vsUnreachableRule,
  webhookInvalid,
];

export const MESH_ANALYZERS: readonly Analyzer<any>[] = [
  authzAllowAllCheck,
  authzDenyAllCheck,
  connectionPoolTinyCheck,
  drSubsetNoEndpointsCheck,
  drTlsConflictsStrictCheck,
  gatewayApiListenerConditionCheck,
  mtlsPermissiveMeshCheck,
  mtlsStrictCallerWithoutSidecarCheck,
  netpolBlocksIstiodCheck,
  netpolBlocksMeshTrafficCheck,
  outlierEjectsMostHostsCheck,
  proxyNoLimitsCheck,
  retryTimeoutBudgetCheck,
  revisionNamespacePodWithoutSidecarCheck,
  vsWeightsNot100Check,
];

export const ALL_ANALYZERS: readonly Analyzer<any>[] = [...ISTIO_ANALYZERS, ...MESH_ANALYZERS];

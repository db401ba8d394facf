/**
 * Every variant `npm run eval` builds, and the catalogue causes no variant shows yet (with the reason). The
 * registry is an explicit list, like the engine's.
 */
import type { Variant } from './variant.js';
import { variants as pristine } from './inject/pristine.js';
import { variants as drSubsetNoEndpoints } from './inject/dr-subset-no-endpoints.js';
import { vsSubsetNotFound, destinationHostNotFound, connectionPoolOverflow, outlierEjection, retryTimeoutBudget, upstreamConnectFailure } from './inject/routing.js';
import { authzDenied, mtlsModeConflict, networkPolicyBlocking } from './inject/security.js';
import { istiodUnavailable, xdsPushStale } from './inject/control-plane.js';
import { externalCaOverload } from './inject/external-ca.js';
import { workloadCertExpired } from './inject/certs.js';
import { rootCertMismatch } from './inject/root-cert.js';
import { protocolMisdetection } from './inject/protocol.js';
import { listenerPortConflict } from './inject/listener.js';
import { mayVariants } from './inject/may.js';
import { ambientDataplaneFailure } from './inject/ambient.js';
import { gatewayMisconfigured, gatewayCredentialMissing } from './inject/gateway.js';
import { noHealthyEndpoints, sidecarResourceExhaustion, istiodResourceExhaustion, trafficInterceptionFailure, sidecarNotInjected, injectionWebhookFailure } from './inject/pods.js';

export const ALL_VARIANTS: Variant[] = [
  ...pristine,
  ...drSubsetNoEndpoints,
  ...vsSubsetNotFound,
  ...destinationHostNotFound,
  ...connectionPoolOverflow,
  ...outlierEjection,
  ...retryTimeoutBudget,
  ...upstreamConnectFailure,
  ...authzDenied,
  ...mtlsModeConflict,
  ...networkPolicyBlocking,
  ...noHealthyEndpoints,
  ...sidecarResourceExhaustion,
  ...istiodResourceExhaustion,
  ...trafficInterceptionFailure,
  ...sidecarNotInjected,
  ...injectionWebhookFailure,
  ...istiodUnavailable,
  ...xdsPushStale,
  ...gatewayMisconfigured,
  ...gatewayCredentialMissing,
  ...externalCaOverload,
  ...workloadCertExpired,
  ...rootCertMismatch,
  ...protocolMisdetection,
  ...listenerPortConflict,
  ...mayVariants,
  ...ambientDataplaneFailure,
];

/** Catalogue causes without a variant, and why (printed under the table). */
export const NOT_SHOWN: Array<{ cause: string; why: string }> = [
  { cause: 'linkerd-identity-failure', why: 'not evaluated: no real Linkerd archive in the corpus (an istioctl bug-report holds nothing of Linkerd, and injecting Linkerd into the two Istio archives would be fiction); covered by the model\'s table test' },
];

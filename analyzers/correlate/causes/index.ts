/**
 * The cause models, one module per catalogue cause (ROOT-CAUSES.md order). An explicit list, not a
 * directory scan, so the registry bundles for the renderer and workers.
 */
import type { CauseModel } from './define.js';
import externalCaOverload from './external-ca-overload.js';
import istiodUnavailable from './istiod-unavailable.js';
import injectionWebhookFailure from './injection-webhook-failure.js';
import workloadCertExpired from './workload-cert-expired.js';
import rootCertMismatch from './root-cert-mismatch.js';
import xdsPushStale from './xds-push-stale.js';
import istiodResourceExhaustion from './istiod-resource-exhaustion.js';
import vsSubsetNotFound from './vs-subset-not-found.js';
import drSubsetNoEndpoints from './dr-subset-no-endpoints.js';
import destinationHostNotFound from './destination-host-not-found.js';
import noHealthyEndpoints from './no-healthy-endpoints.js';
import outlierEjection from './outlier-ejection.js';
import connectionPoolOverflow from './connection-pool-overflow.js';
import upstreamConnectFailure from './upstream-connect-failure.js';
import retryTimeoutBudget from './retry-timeout-budget.js';
import gatewayMisconfigured from './gateway-misconfigured.js';
import gatewayCredentialMissing from './gateway-credential-missing.js';
import protocolMisdetection from './protocol-misdetection.js';
import mtlsModeConflict from './mtls-mode-conflict.js';
import authzDenied from './authz-denied.js';
import networkPolicyBlocking from './network-policy-blocking.js';
import sidecarNotInjected from './sidecar-not-injected.js';
import trafficInterceptionFailure from './traffic-interception-failure.js';
import listenerPortConflict from './listener-port-conflict.js';
import sidecarResourceExhaustion from './sidecar-resource-exhaustion.js';
import ambientDataplaneFailure from './ambient-dataplane-failure.js';
import linkerdIdentityFailure from './linkerd-identity-failure.js';

export const CAUSES: readonly CauseModel[] = [
  externalCaOverload,
  istiodUnavailable,
  injectionWebhookFailure,
  workloadCertExpired,
  rootCertMismatch,
  xdsPushStale,
  istiodResourceExhaustion,
  vsSubsetNotFound,
  drSubsetNoEndpoints,
  destinationHostNotFound,
  noHealthyEndpoints,
  outlierEjection,
  connectionPoolOverflow,
  upstreamConnectFailure,
  retryTimeoutBudget,
  gatewayMisconfigured,
  gatewayCredentialMissing,
  protocolMisdetection,
  mtlsModeConflict,
  authzDenied,
  networkPolicyBlocking,
  sidecarNotInjected,
  trafficInterceptionFailure,
  listenerPortConflict,
  sidecarResourceExhaustion,
  ambientDataplaneFailure,
  linkerdIdentityFailure,
];

export type { CauseModel, CauseCheckDef, PreconditionDef, CauseArea } from './define.js';

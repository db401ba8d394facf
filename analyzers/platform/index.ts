/**
 * `report.platform`: failures outside the mesh (codes MSH7xxx, `PLATFORM_CHECKS`), from events, pod status, nodes
 * and claims: scheduling, image pulls and pull secrets, node readiness and pressure, evictions, unbound claims,
 * quota, and admission policies that are not Istio's. Aggregated per namespace (or node) and cause, so thousands
 * of events make one finding with a count. Never part of `report.findings`.
 */
import type { BundleModel } from '../model/bundle.js';
import type { Finding } from '../model/finding.js';
import { admissionDenied, quotaExceeded } from './admission.js';
import { evictions, nodeNotReady, nodePressure } from './nodes.js';
import { imagePulls, pullSecrets, scheduling } from './pods.js';
import { unboundClaims } from './volumes.js';

export { PLATFORM_CHECKS } from './checks.js';

/** Every platform finding of the bundle, checks listed in `disabled` (ids or codes) left out. */
export function platformFindings(model: BundleModel, disabled: ReadonlySet<string> = new Set()): Finding[] {
  return [
    ...scheduling(model),
    ...imagePulls(model),
    ...pullSecrets(model),
    ...nodeNotReady(model),
    ...nodePressure(model),
    ...evictions(model),
    ...unboundClaims(model),
    ...quotaExceeded(model.events, model.capturedAt),
    ...admissionDenied(model.events, model.capturedAt),
  ].filter((f) => !disabled.has(f.code) && !disabled.has(f.analyzer));
}

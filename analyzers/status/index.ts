/**
 * Findings read from Kubernetes status rather than from config or logs (codes MSH5xxx, `STATUS_CHECKS`): container
 * exit codes and restart loops, istiod readiness, failed CertificateSigningRequests, bursts of pod creations, how the
 * CA is set up, Services without ready endpoints, replaced pods and control-plane reinstalls. Also the state at
 * capture (`stateAtCapture`).
 */
import type { BundleModel } from '../model/bundle.js';
import type { Finding } from '../model/finding.js';
import { groupBy } from '../config/view.js';
import { containerFindings } from './containers.js';
import { externalCa, istiodReadiness } from './control-plane.js';
import { controlPlaneReinstall, replacements } from './replaced.js';
import { csrFindings, endpointFindings, podBurst } from './workloads.js';

export { STATUS_CHECKS } from './checks.js';
export { stateAtCapture } from './state-at-capture.js';

/** All status findings for a loaded bundle. Pure; never throws on odd status (missing fields are skipped). */
export function statusFindings(model: BundleModel): Finding[] {
  const byKind = groupBy(model.resources, (r) => r.kind);
  const reps = replacements(model);
  return [
    ...containerFindings(model),
    ...istiodReadiness(model),
    ...csrFindings(byKind.get('CertificateSigningRequest') ?? []),
    ...podBurst(byKind.get('Pod') ?? []),
    ...externalCa(byKind),
    ...endpointFindings(byKind),
    ...reps.map((r) => r.finding),
    ...controlPlaneReinstall(reps),
  ];
}

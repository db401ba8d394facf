/**
 * "Coverage and limits" of the HTML post-mortem (issue 12): what the bundle held, and what the analysis could not
 * see because of it, in words an incident review can quote. Read from the report only: `bundle.coverage`
 * (present/missing inputs, skipped checks), `bundle.capturedAtSource`, `bundle.warnings` and `unrecognised`.
 */
import { esc } from './html.js';
import type { Report } from './schema.js';

/** What each missing input (bundle.coverage.missing, analyzers/report/build.ts) hides from the analysis. */
const MISSING: Record<string, string> = {
  'kubernetes resources': 'No Kubernetes resources: configuration checks (VirtualService, DestinationRule, PeerAuthentication, Gateway…) did not run.',
  'pod status': 'No pod status: restarts, readiness and crash loops are seen only through events and logs.',
  events: 'No Kubernetes events: scheduling failures, probe failures and kills are seen only in pod status and logs.',
  'istio-proxy logs': 'No sidecar logs: certificate, xDS and connection errors of the data plane are not seen.',
  'istiod logs': 'No istiod logs: pushes, rejected configuration and CA errors of the control plane are not seen.',
  'cni logs': 'No CNI logs: a traffic-interception failure is seen only through its symptoms (init containers, sidecars that never get traffic).',
  'envoy config dumps': 'No Envoy config dumps: clusters, listeners, routes and certificates as each proxy holds them were not checked.',
  'istiod debug endpoints': 'No istiod debug endpoints (syncz, configz, …): whether each proxy is in sync is not known.',
  'istio versions': 'No Istio version output: versions come from image tags, when there are any.',
};

const CAPTURE: Record<Report['bundle']['capturedAtSource'], string | undefined> = {
  'must-gather-timestamp': undefined,
  'bug-report-log': undefined,
  'archive-mtime': "The capture time is the archive's modification time, which copying or re-packing the archive changes: \"at capture\" and \"before capture\" are relative to it.",
  'newest-log': 'The capture time is the newest log line: the capture may have been later, and an incident that ended quietly may read as at capture.',
  none: 'No capture time: incidents cannot be placed relative to the capture.',
};

/** The limits as sentences, most consequential first. */
export function analysisLimits(report: Report): string[] {
  const b = report.bundle;
  const out: string[] = [];
  const capture = CAPTURE[b.capturedAtSource];
  if (capture) out.push(capture);
  for (const m of b.coverage.missing) out.push(MISSING[m] ?? `No ${m}.`);
  if (b.warnings.length) out.push(`${b.warnings.length} warning${b.warnings.length > 1 ? 's' : ''} while reading the bundle (truncated archives, unreadable files, cut lines): what they name was read in part or not at all.`);
  if (b.coverage.skippedAnalyzers.length) out.push(`${b.coverage.skippedAnalyzers.length} check${b.coverage.skippedAnalyzers.length > 1 ? 's' : ''} did not run (listed below).`);
  const unrec = report.unrecognised?.length ?? 0;
  if (unrec) out.push(`${unrec} error template${unrec > 1 ? 's' : ''} in the logs match no signature: a cause outside the catalogue would show there, not as a root cause.`);
  out.push('Confidence is how well the evidence matches a cause model of the catalogue (docs/correlation.md), not a probability; a cause outside the catalogue is never named.');
  return out;
}

/** The "Coverage and limits" section as HTML fragments (every value escaped). */
export function coverageAndLimitsHtml(report: Report): string[] {
  const b = report.bundle;
  const out = [`<h2>Coverage and limits</h2><p>Present: ${esc(b.coverage.present.join(', ') || 'none')}<br>Missing: ${esc(b.coverage.missing.join(', ') || 'none')}</p>`];
  out.push(`<ul>${analysisLimits(report).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  if (b.coverage.skippedAnalyzers.length) out.push(`<p>Skipped checks: ${b.coverage.skippedAnalyzers.map((s) => `${esc(s.id)} (${esc(s.reason)})`).join('; ')}</p>`);
  return out;
}

/**
 * Loose outputs of istioctl and linkerd, recognised by content (any file name; the name only tells a precheck
 * from an analyze when both print the same message list). They are `record`ed: their content goes whole to the
 * pipeline's tool-output collector (analyzers/tools/outputs.ts).
 *
 * - `linkerd check -o json`: an object with `categories[].categoryName` and `checks` (linkerd2
 *   `cli/cmd/testdata/check_output_json.golden`); `linkerd check` text: a `linkerd-…` category over a `----` line
 *   and `√`/`×`/`‼` check lines;
 * - `linkerd diagnostics proxy-metrics`: `# POD <name> (i of n)` headers, or Prometheus text with linkerd-proxy's
 *   own metric names (`identity_cert_expiration_timestamp_seconds`, `…_http_errors_total`, `request_total{direction=`);
 * - `istioctl analyze -o json` / `istioctl x precheck -o json`: a JSON list of `{ code: "ISTnnnn", level, message }`;
 *   `istioctl x precheck` text: its `No issues found when checking the cluster` line, or `Level [ISTnnnn]` lines in a
 *   file named for precheck.
 */
import type { FileClass } from './classify.js';

const rec = (role: string): FileClass => ({ role, read: 'record', layout: 'loose' });

export function toolOutput(path: string, text: string): FileClass | undefined {
  const first = /\S/.exec(text)?.[0];
  const name = (path.split('/').pop() ?? '').toLowerCase();
  if (first === '{' && /"categories"\s*:/.test(text) && /"categoryName"\s*:/.test(text) && /"checks"\s*:/.test(text)) return rec('linkerd-check-json');
  if (first === '[' && /^\s*\[\s*(?:\{\s*"code"\s*:\s*"IST\d{4}"|\])/.test(text) && (/"level"\s*:/.test(text) || /^\s*\[\s*\]\s*$/.test(text))) {
    if (/^\s*\[\s*\]\s*$/.test(text) && !/istioctl|analy[sz]e|precheck/.test(name)) return undefined; // an empty list says nothing by itself
    return rec(/precheck/.test(name) ? 'istioctl-precheck' : 'istioctl-analyze-json');
  }
  if (/^linkerd-[a-z-]+\r?\n-{4,}\s*$/m.test(text) && /^[√×‼] \S/m.test(text)) return rec('linkerd-check-text');
  if (/^# POD \S+ \(\d+ of \d+\)\s*$/m.test(text) || /^(?:control_)?identity_cert_expiration_timestamp_seconds |^(?:inbound|outbound)_(?:http|tcp)_errors_total\{|^request_total\{direction="(?:inbound|outbound)"/m.test(text)) return rec('linkerd-proxy-metrics');
  if (/No issues found when checking the cluster\. Istio is safe to install or upgrade/.test(text) || (/precheck/.test(name) && /^(?:Error|Warning|Info) \[IST\d{4}\]/m.test(text))) return rec('istioctl-precheck');
  return undefined;
}

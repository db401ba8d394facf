/**
 * `meshlens analyze --compare-istioctl`: our findings against the `istioctl analyze` output a
 * bug-report carries (`analyze/allNamespaces/allNamespaces`), as data and as text/Markdown.
 */
import type { Report } from '../report/schema.js';
import { compareWithIstioctl, parseIstioctlAnalyze, type IstioctlComparison, type IstioctlMessage } from './istioctl.js';

export interface ComparisonData {
  available: boolean;
  /** Bundle path of istioctl's output. */
  file?: string;
  reason?: string;
  comparison?: IstioctlComparison;
}

const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);

/** Explains a miss by the skipped analyzers of the report whose code it is (e.g. "input Secret not in the bundle"). */
function missExplainer(report: Report, codeOf: (analyzerId: string) => string | undefined): (m: IstioctlMessage) => string | undefined {
  return (m) => {
    const skipped = report.bundle.coverage.skippedAnalyzers.filter((s) => codeOf(s.id) === m.code);
    return skipped.length ? skipped.map((s) => `${s.id}: ${s.reason}`).join('; ') : undefined;
  };
}

/**
 * Compares `report.findings` with istioctl's output (`istioctl.text`, read from `istioctl.file`).
 * `codeOf` maps an analyzer id to its code (for explaining misses by skipped analyzers). Returns
 * `available: false` with a reason when the bundle has no istioctl output.
 */
export function renderComparison(
  report: Report,
  format: string,
  istioctl?: { file: string; text: string },
  codeOf: (analyzerId: string) => string | undefined = () => undefined,
): { data: ComparisonData; text: string } {
  if (!istioctl) {
    const reason = 'the bundle has no istioctl analyze output (bug-report analyze/allNamespaces/allNamespaces)';
    return { data: { available: false, reason }, text: `istioctl comparison: not available: ${reason}\n` };
  }
  const { messages } = parseIstioctlAnalyze(istioctl.text);
  const comparison = compareWithIstioctl(messages, report.findings, missExplainer(report, codeOf));
  const md = format === 'md';
  const lines: string[] = [];
  lines.push(md ? `## Parity with istioctl analyze (${istioctl.file})` : `istioctl analyze parity (${istioctl.file})`);
  lines.push(`recall ${pct(comparison.total.recall)} (${comparison.total.matched} of ${comparison.total.istioctl} istioctl messages), precision ${pct(comparison.total.precision)} (${comparison.total.matched} of ${comparison.total.ours} IST findings)`);
  if (md) lines.push('', '| code | istioctl | meshlens | matched | recall | precision |', '|---|---|---|---|---|---|');
  for (const c of comparison.byCode) {
    lines.push(md ? `| ${c.code} | ${c.istioctl} | ${c.ours} | ${c.matched} | ${pct(c.recall)} | ${pct(c.precision)} |` : `  ${c.code}  istioctl ${c.istioctl}  meshlens ${c.ours}  matched ${c.matched}  recall ${pct(c.recall)}  precision ${pct(c.precision)}`);
  }
  for (const d of comparison.missed) lines.push(`${md ? '- ' : '  '}missed ${d.code} ${d.resource} (line ${d.line})${d.explanation ? `: ${d.explanation}` : ''}`);
  for (const d of comparison.extra) lines.push(`${md ? '- ' : '  '}extra ${d.code} ${d.resource}: ${d.message}`);
  return { data: { available: true, file: istioctl.file, comparison }, text: lines.join('\n') + '\n' };
}

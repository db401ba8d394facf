/**
 * A report a ticket system and a reader can hold: the JSON report (as `meshlens analyze --format json` writes it,
 * two-space indented, UTF-8) is kept under a byte budget whatever the bundle (issue 11: 5 MB). Aggregation at the
 * source (signatures/groups.ts, storms in signatures/findings.ts) keeps most reports far below it; on a bundle where
 * it does not, the least needed detail goes first:
 *
 * evidence rows of findings past the first, the last and a few spread between, and timeline entries (root-cause
 * marks kept first, then entries inside an incident, then the rest by severity), in turns: 4 rows a finding, 1,000
 * entries, 2 rows, 500 entries, 1 row, 250 entries; then the resources a finding lists past its first 20, then 5
 * (its message and `data.podCount` still count them all), until the report fits.
 *
 * What went is counted in `stats.trimmed` and said in a bundle warning. Nothing the diagnosis used is lost: root
 * causes cite their own evidence, finding ids stay, and `--evidence all` (no budget) cites every hit. `meshlens
 * analyze` applies it to the report it writes, whatever the format; the app (serve, Electron) keeps the whole report
 * and reaches every line through its log index.
 */
import type { Evidence, Finding } from '../model/finding.js';
import type { TimelineItem } from '../model/diagnosis.js';
import type { Report } from './schema.js';

/** The JSON report's budget, bytes. */
export const REPORT_BUDGET_BYTES = 5_000_000;

/** Trimming steps, in order: evidence rows per finding, or timeline entries. */
const STEPS: ReadonlyArray<{ evidence: number } | { timeline: number } | { resources: number }> = [
  { evidence: 4 }, { timeline: 1000 }, { evidence: 2 }, { timeline: 500 }, { evidence: 1 }, { timeline: 250 }, { resources: 20 }, { resources: 5 },
];

/** Bytes of the report as the CLI writes it (JSON, two-space indent, UTF-8, trailing newline). */
export function reportBytes(report: Report): number {
  return new TextEncoder().encode(JSON.stringify(report, null, 2) + '\n').length;
}

/** The first row, the last, and rows spread evenly between, `cap` in all (in their order). */
function spread(rows: Evidence[], cap: number): Evidence[] {
  if (rows.length <= cap) return rows;
  if (cap === 1) return [rows[0]!];
  const out: Evidence[] = [];
  for (let i = 0; i < cap; i++) out.push(rows[Math.round((i * (rows.length - 1)) / (cap - 1))]!);
  return out;
}

function timelineRank(t: TimelineItem): number {
  const severity = t.severity === 'critical' ? 0 : t.severity === 'error' ? 1 : t.severity === 'warning' ? 2 : 3;
  return (t.role === 'root-cause' ? 0 : t.incidentId !== undefined ? 10 : 20) + severity;
}

/** The `cap` most needed timeline entries (timelineRank, then the latest), in their order. */
function keepTimeline(items: TimelineItem[], cap: number): TimelineItem[] {
  if (items.length <= cap) return items;
  const order = items.map((t, i) => ({ i, r: timelineRank(t) })).sort((a, b) => a.r - b.r || b.i - a.i);
  const kept = new Set(order.slice(0, cap).map((x) => x.i));
  return items.filter((_, i) => kept.has(i));
}

/**
 * The report, trimmed to `maxBytes` (reportBytes) when it is larger; unchanged (the same object) when it fits. When
 * even the smallest caps do not fit, the report is as small as they make it and the warning says so.
 */
export function fitReport(report: Report, maxBytes = REPORT_BUDGET_BYTES): Report {
  const before = reportBytes(report);
  if (before <= maxBytes) return report;
  const rows = (fs: Finding[] | undefined): number => (fs ?? []).reduce((n, f) => n + f.evidence.length, 0);
  const refs = (fs: Finding[] | undefined): number => (fs ?? []).reduce((n, f) => n + f.resources.length, 0);
  const evidenceBefore = rows(report.findings) + rows(report.platform);
  const resourcesBefore = refs(report.findings) + refs(report.platform);
  const timelineBefore = report.timeline.length;
  let out = report;
  let size = before;
  for (const step of STEPS) {
    if (size <= maxBytes) break;
    let trim: ((f: Finding) => Finding) | undefined;
    if ('evidence' in step) trim = (f) => (f.evidence.length > step.evidence ? { ...f, evidence: spread(f.evidence, step.evidence) } : f);
    else if ('resources' in step) trim = (f) => (f.resources.length > step.resources ? { ...f, resources: f.resources.slice(0, step.resources) } : f);
    else out = { ...out, timeline: keepTimeline(out.timeline, step.timeline) };
    if (trim) out = { ...out, findings: out.findings.map(trim), ...(out.platform ? { platform: out.platform.map(trim) } : {}) };
    size = reportBytes(out);
  }
  const trimmed = {
    maxBytes, bytesBefore: before,
    evidenceRowsDropped: evidenceBefore - rows(out.findings) - rows(out.platform),
    timelineEntriesDropped: timelineBefore - out.timeline.length,
    resourcesDropped: resourcesBefore - refs(out.findings) - refs(out.platform),
  };
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  const message = `the report (${mb(before)}) was trimmed to ${size <= maxBytes ? 'fit' : 'come as close as it can to'} ${mb(maxBytes)}: ${trimmed.evidenceRowsDropped} evidence rows past each finding's first, last and spread exemplars and ${trimmed.timelineEntriesDropped} timeline entries outside incidents${trimmed.resourcesDropped ? ` and ${trimmed.resourcesDropped} listed resources past each finding's first` : ''} were left out; \`meshlens analyze --evidence all\` cites every hit`;
  return { ...out, stats: { ...out.stats, trimmed }, bundle: { ...out.bundle, warnings: [...out.bundle.warnings, { message }] } };
}

/**
 * A report a ticket system and a reader can hold: the JSON report (as `meshlens analyze --format json` writes it,
 * two-space indented, UTF-8) is kept under a byte budget whatever the bundle (issue 11: 5 MB). Aggregation at the
 * source (signatures/groups.ts, storms in signatures/findings.ts) keeps most reports far below it; on a bundle where
 * it does not, the least needed detail goes first:
 *
 * evidence rows of findings past the first, the last and a few spread between, and timeline entries (root-cause
 * marks kept first, then entries inside an incident, then the rest by severity), in turns: 4 rows a finding, 1,000
 * entries, 2 rows, 500 entries, 1 row, 250 entries; then the resources a finding lists past its first 20, then 5
 * (its message and `data.podCount` still count them all); last, a check's least counted findings past its first
 * 50, then 10, are folded into one finding per check that counts them and lists their ids (`data.foldedIds`;
 * incidents' finding lists and timeline entries point at the fold); findings a root cause (at capture or of an
 * incident) cites are never folded. Until the report fits.
 *
 * What went is counted in `stats.trimmed` and said in a bundle warning. Nothing the diagnosis used is lost: root
 * causes cite their own evidence, finding ids stay, and `--evidence all` (no budget) cites every hit. `meshlens
 * analyze` applies it to the report it writes, whatever the format; the app (serve, Electron) keeps the whole report
 * and reaches every line through its log index.
 */
import { SEVERITIES, type Evidence, type Finding } from '../model/finding.js';
import type { TimelineItem } from '../model/diagnosis.js';
import type { Report } from './schema.js';
import { stableId } from '../model/ids.js';

/** The JSON report's budget, bytes. */
export const REPORT_BUDGET_BYTES = 5_000_000;

/** Trimming steps, in order: evidence rows per finding, timeline entries, resources per finding, findings per check. */
const STEPS: ReadonlyArray<{ evidence: number } | { timeline: number } | { resources: number } | { fold: number }> = [
  { evidence: 4 }, { timeline: 1000 }, { evidence: 2 }, { timeline: 500 }, { evidence: 1 }, { timeline: 250 }, { resources: 20 }, { resources: 5 },
  { fold: 50 }, { fold: 10 },
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
  return (t.role === 'root-cause' ? 0 : t.incidentId !== undefined ? 10 : 20) + SEVERITIES.indexOf(t.severity);
}

/** The `cap` most needed timeline entries (timelineRank, then the latest), in their order. */
function keepTimeline(items: TimelineItem[], cap: number): TimelineItem[] {
  if (items.length <= cap) return items;
  const order = items.map((t, i) => ({ i, r: timelineRank(t) })).sort((a, b) => a.r - b.r || b.i - a.i);
  const kept = new Set(order.slice(0, cap).map((x) => x.i));
  return items.filter((_, i) => kept.has(i));
}

/**
 * Ids of findings the report's reasoning cites (root causes, incidents' ranked causes, exposure, the graph…): never
 * folded. An incident's finding list and the timeline only point at findings: they are pointed at the fold instead.
 */
function cited(report: Report): Set<string> {
  const pointers = { ...report, findings: [], timeline: [], incidents: (report.incidents ?? []).map((i) => ({ ...i, findingIds: [] })) };
  return new Set(JSON.stringify(pointers).match(/\bf-[0-9a-f]{8}\b/g) ?? []);
}

/** The report with each check's findings past `cap` folded (fold), incidents and timeline pointing at the folds. */
function folded(report: Report, cap: number): Report {
  const findings = fold(report.findings, cap, cited(report));
  const to = new Map<string, string>();
  for (const f of findings) if (f.data?.['folded'] !== undefined) for (const id of String(f.data['foldedIds']).split(' ')) to.set(id, f.id);
  if (to.size === 0) return report;
  const incidents = report.incidents?.map((i) => ({ ...i, findingIds: [...new Set(i.findingIds.map((id) => to.get(id) ?? id))] }));
  const timeline = report.timeline.map((t) => (t.findingId !== undefined && to.has(t.findingId) ? { ...t, findingId: to.get(t.findingId)! } : t));
  return { ...report, findings, timeline, ...(incidents ? { incidents } : {}) };
}

/**
 * Per check (code), the findings past `cap`, least counted first and never one in `keep`, folded into one finding
 * at the place of the first folded: their hits and times summed, their ids listed.
 */
function fold(findings: Finding[], cap: number, keep: ReadonlySet<string>): Finding[] {
  const byCode = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.data?.['folded'] !== undefined) continue;
    const list = byCode.get(f.code);
    if (list) list.push(f);
    else byCode.set(f.code, [f]);
  }
  const folded = new Map<Finding, Finding[]>();
  const gone = new Set<Finding>();
  for (const list of byCode.values()) {
    if (list.length <= cap) continue;
    const out = list.filter((f) => !keep.has(f.id)).sort((a, b) => (a.count ?? 0) - (b.count ?? 0)).slice(0, list.length - cap);
    if (out.length < 2) continue;
    folded.set(list.find((f) => out.includes(f))!, out);
    for (const f of out) gone.add(f);
  }
  const result: Finding[] = [];
  for (const f of findings) {
    const group = folded.get(f);
    if (group) result.push(foldOf(group));
    else if (!gone.has(f)) result.push(f);
  }
  return result;
}

/** One finding standing for `group` (findings of one check): hits, times and causes summed, ids listed. */
function foldOf(group: Finding[]): Finding {
  const first = group[0]!;
  const hits = group.reduce((n, f) => n + (f.count ?? 0), 0);
  const times = group.flatMap((f) => [f.firstSeen, f.lastSeen]).filter((t): t is string => t !== undefined).sort();
  const severity = group.map((f) => f.severity).sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b))[0]!;
  const ids = group.map((f) => f.id);
  return {
    id: stableId('fold', first.code, ...ids),
    code: first.code,
    analyzer: first.analyzer,
    severity,
    title: first.title,
    message: `${group.length} more findings of ${first.code} (${hits.toLocaleString('en-US')} hits), the least counted, folded to fit the report budget; their ids are in data.foldedIds, and --evidence all keeps them`,
    resources: [],
    evidence: group.flatMap((f) => f.evidence.slice(0, 1)).slice(0, 1),
    count: hits,
    ...(times.length ? { firstSeen: times[0], lastSeen: times[times.length - 1] } : {}),
    ...(first.remediation !== undefined ? { remediation: first.remediation } : {}),
    ...(first.docs !== undefined ? { docs: first.docs } : {}),
    rootCauses: [...new Set(group.flatMap((f) => f.rootCauses ?? []))],
    data: { folded: group.length, foldedIds: ids.join(' ') },
  };
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
    else if ('fold' in step) out = folded(out, step.fold);
    else out = { ...out, timeline: keepTimeline(out.timeline, step.timeline) };
    if (trim) out = { ...out, findings: out.findings.map(trim), ...(out.platform ? { platform: out.platform.map(trim) } : {}) };
    size = reportBytes(out);
  }
  const trimmed = {
    maxBytes, bytesBefore: before,
    evidenceRowsDropped: evidenceBefore - rows(out.findings) - rows(out.platform),
    timelineEntriesDropped: timelineBefore - out.timeline.length,
    resourcesDropped: resourcesBefore - refs(out.findings) - refs(out.platform),
    findingsFolded: out.findings.reduce((n, f) => n + Number(f.data?.['folded'] ?? 0), 0),
  };
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  const parts = [
    `${trimmed.evidenceRowsDropped} evidence rows past each finding's first, last and spread exemplars`,
    `${trimmed.timelineEntriesDropped} timeline entries outside incidents`,
    ...(trimmed.resourcesDropped ? [`${trimmed.resourcesDropped} listed resources past each finding's first`] : []),
    ...(trimmed.findingsFolded ? [`${trimmed.findingsFolded} least counted findings (folded, their ids kept)`] : []),
  ];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  const message = `the report (${mb(before)}) was trimmed to ${size <= maxBytes ? 'fit' : 'come as close as it can to'} ${mb(maxBytes)}: ${list} were left out; \`meshlens analyze --evidence all\` cites every hit`;
  return { ...out, stats: { ...out.stats, trimmed }, bundle: { ...out.bundle, warnings: [...out.bundle.warnings, { message }] } };
}

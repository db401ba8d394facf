import type { Finding, Report, TimelineItem } from './schema.js';

/**
 * The key moments of a timeline for the text and Markdown reports: every item marked as root cause or
 * symptom, the first item of each other finding at warning or above, and pod-creation bursts, in time
 * order, at most `max` of them (the earliest win: the question is what broke first).
 */
export function keyMoments(timeline: readonly TimelineItem[], max = 30): TimelineItem[] {
  const seenFinding = new Set<string>();
  const out: TimelineItem[] = [];
  for (const it of timeline) {
    const keep = it.role !== undefined
      || (it.findingId !== undefined && it.severity !== 'info')
      || (it.kind === 'status' && (it.count ?? 0) >= 5);
    if (!keep) continue;
    if (it.findingId && !it.role) {
      if (seenFinding.has(it.findingId)) continue;
      seenFinding.add(it.findingId);
    }
    out.push(it);
  }
  return out.length <= max ? out : out.slice(0, max);
}

/** The evidence to show under a root cause: the first evidence of each supporting finding, earliest first. */
export function causeEvidence(report: Report, findingIds: readonly string[], max = 6): Array<{ finding: Finding; file: string; line?: number; jsonPath?: string; excerpt?: string; time?: string }> {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const rows = findingIds.flatMap((id) => {
    const f = byId.get(id);
    const e = f?.evidence[0];
    return f && e ? [{ finding: f, ...e }] : [];
  });
  rows.sort((a, b) => (a.time && b.time ? Date.parse(a.time) - Date.parse(b.time) : a.time ? -1 : b.time ? 1 : 0));
  return rows.slice(0, max);
}

export function location(e: { file: string; line?: number; jsonPath?: string }): string {
  return e.line ? `${e.file}:${e.line}` : e.jsonPath ? `${e.file}#${e.jsonPath}` : e.file;
}

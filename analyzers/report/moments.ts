import type { Finding, Report, TimelineItem } from './schema.js';

/**
 * The key moments of a timeline for the text and Markdown reports, in time order: the first item of each
 * check (a signature that fired in 30 pods is one moment, "and 29 more"; a pod burst is the status/pod-burst
 * check), and the first of each kind of Warning event no check claimed. Checks of the top root cause come first when
 * there are more than `max`; the earliest win among the rest (the question is what broke first).
 */
export function keyMoments(report: Pick<Report, 'timeline' | 'findings'>, max = 30): Array<TimelineItem & { more?: number }> {
  const analyzerOf = new Map(report.findings.map((f) => [f.id, f.analyzer]));
  const findingsPerAnalyzer = new Map<string, number>();
  for (const f of report.findings) if (f.firstSeen) findingsPerAnalyzer.set(f.analyzer, (findingsPerAnalyzer.get(f.analyzer) ?? 0) + 1);
  const seen = new Set<string>();
  const out: Array<TimelineItem & { more?: number }> = [];
  for (const it of report.timeline) {
    const analyzer = it.findingId ? analyzerOf.get(it.findingId) : undefined;
    const eventKey = it.kind === 'event' ? `event:${it.text.split(':')[0]}` : undefined;
    let key: string;
    if (analyzer) {
      if (it.severity === 'info' && !it.role && !analyzer.startsWith('status/')) continue;
      key = analyzer;
    } else if (eventKey && it.severity !== 'info') key = eventKey;
    else continue;
    if (seen.has(key)) continue;
    seen.add(key);
    if (eventKey) seen.add(eventKey); // later events of a reason a check already showed are that check's too
    const more = analyzer ? (findingsPerAnalyzer.get(analyzer) ?? 1) - 1 : 0;
    out.push(more > 0 ? { ...it, more } : it);
  }
  if (out.length <= max) return out;
  const keep = new Set([...out.filter((m) => m.role), ...out.filter((m) => !m.role)].slice(0, max));
  return out.filter((m) => keep.has(m));
}

/**
 * The evidence to show under a root cause: the first evidence of each finding, in the order the cause lists
 * them (the findings of its defining checks first, then those that support it), so the decisive lines lead.
 */
export function causeEvidence(report: Report, findingIds: readonly string[], max = 6): Array<{ finding: Finding; file: string; line?: number; jsonPath?: string; excerpt?: string; time?: string }> {
  const byId = new Map([...report.findings, ...(report.platform ?? [])].map((f) => [f.id, f]));
  const rows = findingIds.flatMap((id) => {
    const f = byId.get(id);
    const e = f?.evidence[0];
    return f && e ? [{ finding: f, ...e }] : [];
  });
  return rows.slice(0, max);
}

export function location(e: { file: string; line?: number; jsonPath?: string }): string {
  return e.line ? `${e.file}:${e.line}` : e.jsonPath ? `${e.file}#${e.jsonPath}` : e.file;
}

/** A timeline time at a fixed width (`2026-03-15T10:21:01.653Z`), whatever precision the bundle gave it. */
export function displayTime(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

/**
 * What the text, Markdown and HTML reports say, top to bottom, in the order an engineer would write it:
 * what is broken now (or that nothing reaches 0.5 now), why (found, not found, found against), what happened
 * before (past incidents), what is outside the mesh. Pure helpers over the canonical report; each renderer
 * only formats them.
 */
import type { CauseCheck, Evidence, Finding, Incident, Report, RootCause } from './schema.js';
import { formatDuration } from '../model/diagnosis.js';

export const LIKELY = 0.5;

/** The incident at capture, if any. */
export function incidentAtCapture(report: Pick<Report, 'incidents'>): Incident | undefined {
  return (report.incidents ?? []).find((i) => i.status === 'at-capture');
}

/** Past incidents, newest first (the one closest to the capture leads). */
export function pastIncidents(report: Pick<Report, 'incidents'>): Incident[] {
  return (report.incidents ?? []).filter((i) => i.status === 'past').reverse();
}


/** "2023-09-05 06:01–07:02 UTC" for an incident (dates repeated only when the window crosses midnight). */
export function windowOf(i: Pick<Incident, 'start' | 'end'>): string {
  const a = new Date(Date.parse(i.start)).toISOString();
  const b = new Date(Date.parse(i.end)).toISOString();
  const end = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11, 16) : `${b.slice(0, 10)} ${b.slice(11, 16)}`;
  return `${a.slice(0, 10)} ${a.slice(11, 16)}–${end} UTC`;
}

/**
 * When the only failures at capture are outside the mesh: the sentence the text report opens with
 * ("The failures in this bundle are outside the mesh: …"). Undefined when a mesh cause reaches 0.5 or the
 * incident at capture holds a mesh error.
 */
export function outsideTheMeshOnly(report: Report): string | undefined {
  const platform = (report.platform ?? []).filter((f) => f.severity !== 'info');
  if (platform.length === 0 || report.rootCauses.some((c) => c.confidence >= LIKELY)) return undefined;
  const now = incidentAtCapture(report);
  const ids = new Set(now?.findingIds ?? []);
  const platformIds = new Set(platform.map((f) => f.id));
  const meshErrors = report.findings.filter((f) => ids.has(f.id) && !platformIds.has(f.id) && (f.severity === 'error' || f.severity === 'critical'));
  if (meshErrors.length > 0) return undefined;
  const atCapture = now ? platform.filter((f) => ids.has(f.id) || !f.firstSeen) : platform;
  const list = (atCapture.length ? atCapture : platform).slice(0, 3).map((f) => f.message);
  return `The failures in this bundle are outside the mesh: ${list.join('; ')}${platform.length > 3 ? `; and ${platform.length - 3} more` : ''}.`;
}

/** One evidence row under a cause: where, when, what, and which check of the model it shows. */
export interface CauseEvidenceRow extends Evidence {
  role: CauseCheck['role'];
  says: string;
  finding?: Finding;
}

/**
 * The evidence to print under a cause: what defines it first (direct evidence, then the first line of each
 * finding), then what supports it, then what was found against it. At most `max` rows, about `perCheck` per
 * check, no file:line twice.
 */
export function causeEvidenceRows(report: Pick<Report, 'findings' | 'platform'>, rc: RootCause, max = 8, perCheck = 3): CauseEvidenceRow[] {
  const byId = new Map([...report.findings, ...(report.platform ?? [])].map((f) => [f.id, f]));
  const checks = [...(rc.found ?? []).filter((c) => c.role === 'defining'), ...(rc.found ?? []).filter((c) => c.role === 'supporting'), ...(rc.against ?? [])];
  const rows: CauseEvidenceRow[] = [];
  const seen = new Set<string>();
  const add = (e: Evidence, c: CauseCheck, finding?: Finding) => {
    const key = `${e.file}:${e.line ?? e.jsonPath ?? ''}`;
    if (seen.has(key) || rows.length >= max) return;
    seen.add(key);
    rows.push({ ...e, role: c.role, says: c.says, ...(finding ? { finding } : {}) });
  };
  for (const c of checks) {
    const before = rows.length;
    for (const e of c.evidence ?? []) if (rows.length - before < perCheck) add(e, c);
    for (const id of c.findingIds) {
      const f = byId.get(id);
      const e = f?.evidence[0];
      if (f && e && rows.length - before < perCheck + 1) add(e, c, f);
    }
  }
  if (rows.length === 0) {
    for (const id of rc.findingIds) {
      const f = byId.get(id);
      if (f?.evidence[0]) add(f.evidence[0], { says: f.title, role: 'supporting', findingIds: [id] }, f);
    }
  }
  return rows;
}

/** The checks a reader should see under a cause: found, expected and not found (defining ones first), found against. */
export function reasoning(rc: RootCause): { found: CauseCheck[]; missing: CauseCheck[]; against: CauseCheck[] } {
  const order = (cs: CauseCheck[] | undefined) => [...(cs ?? [])].sort((a, b) => (a.role === 'defining' ? 0 : 1) - (b.role === 'defining' ? 0 : 1));
  return { found: order(rc.found), missing: order(rc.missing), against: rc.against ?? [] };
}

/** One line for a past incident: window, how long before capture it ended, its top cause (or that none reaches 0.5). */
export function pastIncidentLine(i: Incident): string {
  const resolved = i.endedBeforeCaptureMs !== undefined ? `, resolved ${formatDuration(i.endedBeforeCaptureMs)} before capture` : '';
  const top = i.rootCauses[0];
  const cause = top && top.confidence >= LIKELY ? `${top.id} ${top.confidence.toFixed(2)} (${top.title})` : `no cause reaches 0.5${top ? ` (closest ${top.id} ${top.confidence.toFixed(2)})` : ''}`;
  return `${windowOf(i)}${resolved}: ${cause}`;
}

/** Why an incident is what it is, in one line: what defines its top cause, else its strongest signal. */
export function incidentGist(i: Incident): string {
  const top = i.rootCauses[0];
  const because = top && top.confidence >= LIKELY ? top.found?.find((x) => x.role === 'defining')?.says : undefined;
  if (because) return `because ${because}`;
  const m = /strongest signal: (.*?)\.?( Resolved .*)?$/.exec(i.summary);
  return m ? `strongest signal: ${m[1]}` : i.summary;
}

/** The checks behind an incident's findings, most findings first: "SIG-XDS-001 ×5, SIG-CA-001 ×5". */
export function incidentSignals(report: Pick<Report, 'findings' | 'platform'>, i: Incident, max = 5): string {
  const byId = new Map([...report.findings, ...(report.platform ?? [])].map((f) => [f.id, f]));
  const counts = new Map<string, number>();
  for (const id of i.findingIds) {
    const f = byId.get(id);
    if (f && f.firstSeen) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  }
  const list = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return list.slice(0, max).map(([code, n]) => (n > 1 ? `${code} ×${n}` : code)).join(', ') + (list.length > max ? ', …' : '');
}

/** Checks that say what changed around an incident (replaced pods, a reinstall): context, never a cause. */
const CONTEXT_CHECKS: ReadonlySet<string> = new Set(['status/control-plane-reinstall', 'status/pods-replaced']);

/**
 * What changed during an incident (a reinstall, pods replaced by a rollout), as messages: shown beside the cause as
 * context, so an engineer sees that errors of the old pods are history. A control-plane reinstall comes first and
 * makes the per-owner replacements it covers redundant.
 */
export function incidentContext(report: Pick<Report, 'findings'>, i: Incident, max = 3): string[] {
  const ids = new Set(i.findingIds);
  const fs = report.findings.filter((f) => ids.has(f.id) && CONTEXT_CHECKS.has(f.analyzer));
  const reinstall = fs.filter((f) => f.analyzer === 'status/control-plane-reinstall');
  const replaced = fs.filter((f) => f.analyzer === 'status/pods-replaced' && !(reinstall.length && f.data?.['kind'] === 'reinstall'));
  return [...reinstall, ...replaced].slice(0, max).map((f) => f.message);
}

/**
 * Plain-text report for terminals, read top to bottom as an engineer would write it: what is broken at
 * capture and why (found / expected and not found / found against, evidence with the defining lines
 * first), the state at capture, what happened before (past incidents), what is outside the mesh, then the
 * key moments of the timeline, the findings by severity (file:line) and coverage. When the only failures at
 * capture are outside the mesh, the first line says so. ANSI colour only when `color` is true (the CLI
 * turns it off for pipes and when NO_COLOR is set).
 */
import type { Finding, Report, RootCause, Severity } from './schema.js';
import { SEVERITIES } from './schema.js';
import { displayTime, keyMoments, location } from './moments.js';
import { causeEvidenceRows, incidentAtCapture, incidentContext, incidentGist, incidentSignals, LIKELY, outsideTheMeshOnly, pastIncidentLine, pastIncidents, reasoning, windowOf } from './narrative.js';
import { unrecognisedText } from './unrecognised.js';

export interface TextOptions {
  color: boolean;
  /** Findings listed per severity before "… and N more". */
  maxFindingsPerSeverity?: number;
}

const CODES = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', magenta: '\x1b[35m', green: '\x1b[32m', reset: '\x1b[0m' };
const SEV_COLOR: Record<Severity, keyof typeof CODES> = { critical: 'magenta', error: 'red', warning: 'yellow', info: 'cyan' };
type Paint = (style: keyof typeof CODES, s: string) => string;

const MAX_PAST = 8;
const MAX_MISSING = 3;

export function renderText(report: Report, opts: TextOptions): string {
  const c: Paint = (style, s) => (opts.color ? `${CODES[style]}${s}${CODES.reset}` : s);
  const out: string[] = [];
  const b = report.bundle;
  const outside = outsideTheMeshOnly(report);
  if (outside) out.push(c('bold', outside));
  out.push(c('bold', `meshlens ${report.tool.version}: ${b.source}`));
  out.push(`${b.format}${b.formatVersion ? ` (${b.formatVersion} layout)` : ''}, captured ${b.capturedAt ?? 'unknown'}${b.capturedAt ? ` (from ${b.capturedAtSource})` : ''}`);
  out.push('');

  const now = incidentAtCapture(report);
  out.push(c('bold', `ROOT CAUSE AT CAPTURE${now ? ` (incident ${windowOf(now)})` : ''}`));
  const likely = report.rootCauses.filter((r) => r.confidence >= LIKELY);
  if (likely.length === 0) {
    out.push(now
      ? `  Nothing reaches confidence 0.5 now. ${oneLine(incidentGist(now).replace(/^./, (x) => x.toUpperCase()), 220)}.`
      : '  Nothing reaches confidence 0.5 now: no incident runs into the capture window.');
  }
  likely.forEach((rc, i) => out.push(...causeLines(report, rc, i + 1, c)));
  const others = report.rootCauses.filter((r) => r.confidence < LIKELY);
  if (others.length) out.push(`  Other candidates: ${others.map((r) => `${r.id} ${r.confidence.toFixed(2)}`).join(', ')}`);
  for (const m of now ? incidentContext(report, now) : []) out.push(`  Context: ${oneLine(m, 200)}`);
  out.push('');

  const s = report.stateAtCapture;
  if (s) {
    out.push(c('bold', 'STATE AT CAPTURE'));
    out.push(`  pods ${s.pods.ready}/${s.pods.total} Ready; control plane ${s.controlPlane.ready}/${s.controlPlane.total} Ready; proxies ${s.proxies.synced}/${s.proxies.total} SYNCED${s.proxies.unknown ? ` (${s.proxies.unknown} unknown)` : ''}; certificates ${s.certificates.checked} checked, ${s.certificates.expired} expired${s.certificates.earliestExpiry ? `, earliest expiry ${s.certificates.earliestExpiry}` : ''}; data plane ${s.dataPlaneMode}`);
    for (const p of s.pods.notReady.slice(0, 5)) out.push(`  not Ready: ${p.namespace}/${p.name}${p.reason ? ` (${p.reason})` : ''}`);
    out.push('');
  }

  const past = pastIncidents(report);
  if (past.length) {
    out.push(c('bold', `BEFORE CAPTURE (${past.length} past incident${past.length === 1 ? '' : 's'}, newest first)`));
    for (const i of past.slice(0, MAX_PAST)) {
      out.push(`  - ${pastIncidentLine(i)}`);
      out.push(`      ${c('dim', oneLine(incidentGist(i), 160))}`);
      const signals = incidentSignals(report, i);
      if (signals) out.push(`      ${c('dim', `signals: ${signals}`)}`);
    }
    if (past.length > MAX_PAST) out.push(`  … and ${past.length - MAX_PAST} older (--format json lists them all)`);
    out.push('');
  }

  const platform = report.platform ?? [];
  if (platform.length) {
    out.push(c('bold', `OUTSIDE THE MESH (${platform.length})`));
    for (const f of platform.slice(0, 10)) out.push(...findingLines(f, c));
    if (platform.length > 10) out.push(`    … and ${platform.length - 10} more`);
    out.push('');
  }

  const moments = keyMoments(report);
  out.push(c('bold', `TIMELINE (${moments.length} key moments of ${report.timeline.length})`));
  for (const m of moments) {
    const tag = m.role === 'root-cause' ? c('red', 'CAUSE  ') : m.role === 'symptom' ? c('yellow', 'symptom') : '       ';
    const who = m.resource ? `${m.resource.namespace ? `${m.resource.namespace}/` : ''}${m.resource.name}` : m.component;
    out.push(`  ${displayTime(m.time)}  ${tag}  ${c(SEV_COLOR[m.severity], m.severity.padEnd(8))} ${who}: ${oneLine(m.text, 140)}${m.more ? ` (and ${m.more} more like it)` : ''}`);
    if (m.file) out.push(`  ${' '.repeat(24)}           ${c('dim', location({ file: m.file, line: m.line }))}`);
  }
  out.push('');

  out.push(c('bold', `FINDINGS (${report.findings.length})`));
  const perSeverity = opts.maxFindingsPerSeverity ?? 25;
  for (const sev of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === sev);
    if (!list.length) continue;
    out.push(`  ${c(SEV_COLOR[sev], `${sev} (${list.length})`)}`);
    for (const f of list.slice(0, perSeverity)) out.push(...findingLines(f, c));
    if (list.length > perSeverity) out.push(`    … and ${list.length - perSeverity} more (use --format json for all)`);
  }
  out.push('');

  out.push(...unrecognisedText(report, (s) => c('bold', s)));
  out.push(c('bold', 'COVERAGE'));
  out.push(`  present: ${b.coverage.present.join(', ') || 'none'}`);
  out.push(`  missing: ${b.coverage.missing.join(', ') || 'none'}`);
  if (b.coverage.skippedAnalyzers.length) out.push(`  skipped checks: ${b.coverage.skippedAnalyzers.length} (${b.coverage.skippedAnalyzers.slice(0, 5).map((x) => x.id).join(', ')}${b.coverage.skippedAnalyzers.length > 5 ? ', …' : ''})`);
  const used = b.files.filter((f) => f.status === 'used').length;
  const skipped = b.files.filter((f) => f.status === 'skipped').length;
  const unreadable = b.files.filter((f) => f.status === 'unreadable').length;
  out.push(`  files: ${b.files.length} (${used} used, ${skipped} skipped, ${unreadable} unreadable); ${report.stats.linesScanned} log lines; ${(report.stats.bytesRead / 1e6).toFixed(1)} MB in ${report.stats.durationMs} ms`);
  for (const w of b.warnings.slice(0, 10)) out.push(`  ${c('yellow', 'warning')}: ${w.file ? `${w.file}: ` : ''}${w.message}`);
  if (b.warnings.length > 10) out.push(`  … and ${b.warnings.length - 10} more warnings`);
  return out.join('\n') + '\n';
}

/** A likely cause: headline, found / not found / against, evidence (defining first), symptoms, remediation. */
function causeLines(report: Report, rc: RootCause, n: number, c: Paint): string[] {
  const out = [`  ${n}. ${c('bold', rc.id)}  confidence ${rc.confidence.toFixed(2)}  ${rc.title}`];
  const r = reasoning(rc);
  for (const x of r.found) out.push(`     ${c('green', 'found  ')} ${x.role === 'defining' ? '(defining) ' : ''}${x.says}`);
  for (const x of r.missing.slice(0, MAX_MISSING)) out.push(`     ${c('dim', 'missing')} ${x.role === 'defining' ? '(defining) ' : ''}${x.says}`);
  if (r.missing.length > MAX_MISSING) out.push(`     ${c('dim', `missing … and ${r.missing.length - MAX_MISSING} more`)}`);
  for (const x of r.against) out.push(`     ${c('red', 'against')} ${x.says}`);
  out.push('     Evidence:');
  for (const e of causeEvidenceRows(report, rc)) {
    out.push(`       ${c('dim', location(e))}${e.time ? `  ${e.time}` : ''}${e.role === 'defining' ? '  (defining)' : e.role === 'contradicting' ? '  (against)' : ''}`);
    if (e.excerpt) out.push(`         ${oneLine(e.excerpt, 200)}`);
  }
  if (rc.symptoms.length) {
    out.push(`     Symptoms (${rc.symptoms.length}):`);
    for (const s of rc.symptoms.slice(0, 6)) out.push(`       - ${oneLine(s.text, 160)}`);
    if (rc.symptoms.length > 6) out.push(`       … and ${rc.symptoms.length - 6} more`);
  }
  out.push('     Remediation:');
  rc.remediation.forEach((step, j) => out.push(`       ${j + 1}. ${step}`));
  return out;
}

function findingLines(f: Finding, c: Paint): string[] {
  const lines = [`    [${f.code}] ${oneLine(f.message, 160)}${f.count > 1 ? ` (x${f.count})` : ''}`];
  for (const e of f.evidence.slice(0, 2)) lines.push(`      ${c('dim', location(e))}`);
  if (f.remediation) lines.push(`      fix: ${oneLine(f.remediation, 160)}`);
  return lines;
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Plain-text report for terminals: root causes first, then the key moments of the timeline, then the
 * findings grouped by severity with their evidence (file:line), then coverage. ANSI colour only when
 * `color` is true (the CLI turns it off for pipes and when NO_COLOR is set).
 */
import type { Finding, Report, Severity } from './schema.js';
import { SEVERITIES } from './schema.js';
import { causeEvidence, displayTime, keyMoments, location } from './moments.js';
import { unrecognisedText } from './unrecognised.js';

export interface TextOptions {
  color: boolean;
  /** Findings listed per severity before "… and N more". */
  maxFindingsPerSeverity?: number;
}

const CODES = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', magenta: '\x1b[35m', reset: '\x1b[0m' };
const SEV_COLOR: Record<Severity, keyof typeof CODES> = { critical: 'magenta', error: 'red', warning: 'yellow', info: 'cyan' };

export function renderText(report: Report, opts: TextOptions): string {
  const c = (style: keyof typeof CODES, s: string) => (opts.color ? `${CODES[style]}${s}${CODES.reset}` : s);
  const out: string[] = [];
  const b = report.bundle;
  out.push(c('bold', `meshlens ${report.tool.version}: ${b.source}`));
  out.push(`${b.format}${b.formatVersion ? ` (${b.formatVersion} layout)` : ''}, captured ${b.capturedAt ?? 'unknown'}${b.capturedAt ? ` (from ${b.capturedAtSource})` : ''}`);
  out.push('');

  out.push(c('bold', 'ROOT CAUSE'));
  const likely = report.rootCauses.filter((r) => r.confidence >= 0.5);
  if (likely.length === 0) out.push('  No root cause reaches confidence 0.5: nothing in this bundle explains an outage.');
  likely.forEach((rc, i) => {
    out.push(`  ${i + 1}. ${c('bold', rc.id)}  confidence ${rc.confidence.toFixed(2)}  ${rc.title}`);
    out.push(`     ${rc.summary}`);
    out.push('     Evidence:');
    for (const e of causeEvidence(report, rc.findingIds)) {
      out.push(`       ${c('dim', location(e))}${e.time ? `  ${e.time}` : ''}`);
      if (e.excerpt) out.push(`         ${e.excerpt}`);
    }
    if (rc.symptoms.length) {
      out.push(`     Symptoms (${rc.symptoms.length}):`);
      for (const s of rc.symptoms.slice(0, 6)) out.push(`       - ${s.text}`);
      if (rc.symptoms.length > 6) out.push(`       … and ${rc.symptoms.length - 6} more`);
    }
    out.push('     Remediation:');
    rc.remediation.forEach((step, j) => out.push(`       ${j + 1}. ${step}`));
  });
  const others = report.rootCauses.filter((r) => r.confidence < 0.5);
  if (others.length) out.push(`  Other candidates: ${others.map((r) => `${r.id} ${r.confidence.toFixed(2)}`).join(', ')}`);
  out.push('');

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
  if (b.coverage.skippedAnalyzers.length) out.push(`  skipped checks: ${b.coverage.skippedAnalyzers.length} (${b.coverage.skippedAnalyzers.slice(0, 5).map((s) => s.id).join(', ')}${b.coverage.skippedAnalyzers.length > 5 ? ', …' : ''})`);
  const used = b.files.filter((f) => f.status === 'used').length;
  const skipped = b.files.filter((f) => f.status === 'skipped').length;
  const unreadable = b.files.filter((f) => f.status === 'unreadable').length;
  out.push(`  files: ${b.files.length} (${used} used, ${skipped} skipped, ${unreadable} unreadable); ${report.stats.linesScanned} log lines; ${(report.stats.bytesRead / 1e6).toFixed(1)} MB in ${report.stats.durationMs} ms`);
  for (const w of b.warnings.slice(0, 10)) out.push(`  ${c('yellow', 'warning')}: ${w.file ? `${w.file}: ` : ''}${w.message}`);
  if (b.warnings.length > 10) out.push(`  … and ${b.warnings.length - 10} more warnings`);
  return out.join('\n') + '\n';
}

function findingLines(f: Finding, c: (style: keyof typeof CODES, s: string) => string): string[] {
  const lines = [`    [${f.code}] ${oneLine(f.message, 160)}${f.count > 1 ? ` (x${f.count})` : ''}`];
  for (const e of f.evidence.slice(0, 2)) lines.push(`      ${c('dim', location(e))}`);
  if (f.remediation) lines.push(`      fix: ${oneLine(f.remediation, 160)}`);
  return lines;
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

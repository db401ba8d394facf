/**
 * Markdown report (for tickets and post-mortems): the same content as the text report, as tables.
 * Table cells escape `|` and newlines so that log excerpts cannot break the layout.
 */
import type { Report } from './schema.js';
import { SEVERITIES } from './schema.js';
import { causeEvidence, displayTime, keyMoments, location } from './moments.js';
import { unrecognisedMarkdown } from './unrecognised.js';

const cell = (s: string | number | undefined) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

export function renderMarkdown(report: Report): string {
  const b = report.bundle;
  const out: string[] = [`# meshlens report: ${cell(b.source)}`, ''];
  out.push(`- Format: ${b.format}${b.formatVersion ? ` (${b.formatVersion} layout)` : ''}`);
  out.push(`- Captured: ${b.capturedAt ?? 'unknown'} (${b.capturedAtSource})`);
  out.push(`- Inventory: ${b.inventory.resources} resources, ${b.inventory.pods} pods, ${b.inventory.events} events, ${b.inventory.logFiles} log files (${b.inventory.logLines} lines), ${b.inventory.proxies.length} proxies`);
  out.push('', '## Root cause', '');
  const likely = report.rootCauses.filter((r) => r.confidence >= 0.5);
  if (!likely.length) out.push('No root cause reaches confidence 0.5.');
  for (const rc of likely) {
    out.push(`### ${rc.id} (confidence ${rc.confidence.toFixed(2)})`, '', `**${rc.title}.** ${rc.summary}`, '', '| evidence | time | excerpt |', '|---|---|---|');
    for (const e of causeEvidence(report, rc.findingIds)) out.push(`| ${code(location(e))} | ${cell(e.time)} | ${cell(e.excerpt)} |`);
    if (rc.symptoms.length) {
      out.push('', 'Symptoms:', '');
      for (const s of rc.symptoms) out.push(`- ${cell(s.text)}`);
    }
    out.push('', 'Remediation:', '');
    rc.remediation.forEach((step, i) => out.push(`${i + 1}. ${step}`));
    out.push('');
  }
  const others = report.rootCauses.filter((r) => r.confidence < 0.5);
  if (others.length) out.push(`Other candidates: ${others.map((r) => `${r.id} (${r.confidence.toFixed(2)})`).join(', ')}`, '');
  out.push('## Timeline', '', '| time | role | severity | who | what | where |', '|---|---|---|---|---|---|');
  for (const m of keyMoments(report)) {
    const who = m.resource ? `${m.resource.namespace ? `${m.resource.namespace}/` : ''}${m.resource.name}` : m.component;
    out.push(`| ${displayTime(m.time)} | ${m.role ?? ''} | ${m.severity} | ${cell(who)} | ${cell(m.text)}${m.more ? ` (and ${m.more} more like it)` : ''} | ${m.file ? code(location({ file: m.file, line: m.line })) : ''} |`);
  }
  out.push('', `## Findings (${report.findings.length})`, '');
  for (const sev of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === sev);
    if (!list.length) continue;
    out.push(`### ${sev} (${list.length})`, '', '| code | message | count | evidence | remediation |', '|---|---|---|---|---|');
    for (const f of list) out.push(`| ${f.code} | ${cell(f.message)} | ${f.count} | ${f.evidence.slice(0, 2).map((e) => code(location(e))).join('<br>')} | ${cell(f.remediation)} |`);
    out.push('');
  }
  out.push(...unrecognisedMarkdown(report));
  out.push('## Coverage', '', `- Present: ${b.coverage.present.join(', ') || 'none'}`, `- Missing: ${b.coverage.missing.join(', ') || 'none'}`);
  if (b.coverage.skippedAnalyzers.length) out.push(`- Skipped checks: ${b.coverage.skippedAnalyzers.map((s) => `${s.id} (${s.reason})`).join('; ')}`);
  out.push(`- Files: ${b.files.length}; warnings: ${b.warnings.length}`);
  return out.join('\n') + '\n';
}

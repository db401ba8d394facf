/**
 * Markdown report (for tickets and post-mortems): the same story as the text report, top to bottom — the
 * root cause at capture with what was found, not found and found against, the state at capture, past
 * incidents, what is outside the mesh — then the timeline, findings and coverage as tables. Table cells
 * escape `|` and newlines so that log excerpts cannot break the layout.
 */
import type { Finding, Report, RootCause } from './schema.js';
import { SEVERITIES } from './schema.js';
import { displayTime, keyMoments, location } from './moments.js';
import { causeEvidenceRows, incidentAtCapture, incidentContext, incidentGist, incidentSignals, LIKELY, outsideTheMeshOnly, pastIncidentLine, pastIncidents, reasoning, windowOf } from './narrative.js';
import { unrecognisedMarkdown } from './unrecognised.js';

const cell = (s: string | number | undefined) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

export function renderMarkdown(report: Report): string {
  const b = report.bundle;
  const out: string[] = [`# meshlens report: ${cell(b.source)}`, ''];
  const outside = outsideTheMeshOnly(report);
  if (outside) out.push(`**${cell(outside)}**`, '');
  out.push(`- Format: ${b.format}${b.formatVersion ? ` (${b.formatVersion} layout)` : ''}`);
  out.push(`- Captured: ${b.capturedAt ?? 'unknown'} (${b.capturedAtSource})`);
  out.push(`- Inventory: ${b.inventory.resources} resources, ${b.inventory.pods} pods, ${b.inventory.events} events, ${b.inventory.logFiles} log files (${b.inventory.logLines} lines), ${b.inventory.proxies.length} proxies`);

  const now = incidentAtCapture(report);
  out.push('', '## Root cause at capture', '');
  if (now) out.push(`Incident at capture: ${windowOf(now)}.`, '');
  const likely = report.rootCauses.filter((r) => r.confidence >= LIKELY);
  if (!likely.length) out.push(now ? `Nothing reaches confidence 0.5 now. ${cell(incidentGist(now))}.` : 'Nothing reaches confidence 0.5 now: no incident runs into the capture window.', '');
  for (const rc of likely) out.push(...causeSection(report, rc));
  const others = report.rootCauses.filter((r) => r.confidence < LIKELY);
  if (others.length) out.push(`Other candidates: ${others.map((r) => `${r.id} (${r.confidence.toFixed(2)})`).join(', ')}`, '');
  const context = now ? incidentContext(report, now) : [];
  if (context.length) out.push(...context.map((m) => `- Context: ${cell(m)}`), '');

  const s = report.stateAtCapture;
  if (s) {
    out.push('## State at capture', '', '| what | state |', '|---|---|');
    out.push(`| pods | ${s.pods.ready}/${s.pods.total} Ready |`, `| control plane | ${s.controlPlane.ready}/${s.controlPlane.total} Ready |`);
    out.push(`| proxies | ${s.proxies.synced}/${s.proxies.total} SYNCED${s.proxies.unknown ? `, ${s.proxies.unknown} unknown` : ''} |`);
    out.push(`| certificates | ${s.certificates.checked} checked, ${s.certificates.expired} expired${s.certificates.earliestExpiry ? `, earliest expiry ${s.certificates.earliestExpiry}` : ''} |`, `| data plane | ${s.dataPlaneMode} |`, '');
  }

  const past = pastIncidents(report);
  if (past.length) {
    out.push(`## Before capture: past incidents (${past.length})`, '', '| when | cause | why | signals |', '|---|---|---|---|');
    for (const i of past) {
      const [when, cause] = splitOnce(pastIncidentLine(i), ': ');
      out.push(`| ${cell(when)} | ${cell(cause)} | ${cell(incidentGist(i))} | ${cell(incidentSignals(report, i))} |`);
    }
    out.push('');
  }

  const platform = report.platform ?? [];
  if (platform.length) {
    out.push(`## Outside the mesh (${platform.length})`, '', '| code | message | count | evidence |', '|---|---|---|---|');
    for (const f of platform) out.push(findingRow(f));
    out.push('');
  }

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
  if (b.coverage.skippedAnalyzers.length) out.push(`- Skipped checks: ${b.coverage.skippedAnalyzers.map((x) => `${x.id} (${x.reason})`).join('; ')}`);
  out.push(`- Files: ${b.files.length}; warnings: ${b.warnings.length}`);
  return out.join('\n') + '\n';
}

function causeSection(report: Report, rc: RootCause): string[] {
  const out = [`### ${rc.id} (confidence ${rc.confidence.toFixed(2)})`, '', `**${rc.title}.** ${cell(rc.summary)}`, ''];
  const r = reasoning(rc);
  if (r.found.length) out.push('Expected and found:', '', ...r.found.map((x) => `- ${x.role === 'defining' ? '**defining:** ' : ''}${cell(x.says)}`), '');
  if (r.missing.length) out.push('Expected and not found:', '', ...r.missing.map((x) => `- ${x.role === 'defining' ? '**defining:** ' : ''}${cell(x.says)}`), '');
  if (r.against.length) out.push('Found against:', '', ...r.against.map((x) => `- ${cell(x.says)}`), '');
  out.push('| evidence | time | role | excerpt |', '|---|---|---|---|');
  for (const e of causeEvidenceRows(report, rc)) out.push(`| ${code(location(e))} | ${cell(e.time)} | ${e.role} | ${cell(e.excerpt)} |`);
  if (rc.symptoms.length) {
    out.push('', 'Symptoms:', '');
    for (const s of rc.symptoms) out.push(`- ${cell(s.text)}`);
  }
  out.push('', 'Remediation:', '');
  rc.remediation.forEach((step, i) => out.push(`${i + 1}. ${step}`));
  out.push('');
  return out;
}

function findingRow(f: Finding): string {
  return `| ${f.code} | ${cell(f.message)} | ${f.count} | ${f.evidence.slice(0, 2).map((e) => code(location(e))).join('<br>')} |`;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

/**
 * `meshlens fleet` outputs: text (terminal), Markdown (tickets), one self-contained HTML page (no script, every
 * value escaped). JSON is the `FleetSummary` itself.
 */
import { esc } from '../report/html.js';
import type { Evidence } from '../model/finding.js';
import { cellText, type CauseRisk, type FleetRow, type FleetSummary, type MatrixCell, type RiskEntry } from './index.js';


const MAX_ROWS = 200;
const loc = (e: Evidence) => `${e.file}${e.line !== undefined ? `:${e.line}` : e.jsonPath ? ` ${e.jsonPath}` : ''}`;
const STATUS: Record<FleetRow['status'], string> = { failing: 'FAILING', incident: 'incident', 'at-risk': 'AT RISK', healthy: 'healthy', unknown: 'unknown', unreadable: 'UNREADABLE' };


const riskHead = (r: CauseRisk) => `${r.cause}: found in ${r.foundIn.join(', ')}; at risk = ${r.threshold || '?'} of its preconditions or more, without the failure`;

function riskLines(e: RiskEntry, foundIn: string[]): string[] {
  const out = [`  ${e.cluster}: ${e.holds} of ${e.of} preconditions`];
  for (const p of e.preconditions) {
    out.push(`    ${p.holds ? '✓' : '✗'} ${p.says}${p.sharedWithFound ? `  (as in ${foundIn.join(', ')})` : ''}`);
    for (const ev of p.evidence.slice(0, 3)) out.push(`        ${loc(ev)}${ev.excerpt ? `  ${ev.excerpt}` : ''}`);
  }
  return out;
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

export function renderFleetText(f: FleetSummary): string {
  const o: string[] = [`meshlens fleet: ${f.clusters} cluster${f.clusters === 1 ? '' : 's'}${f.errors.length ? `, ${f.errors.length} unreadable` : ''}`, ''];
  const failing = f.rows.filter((r) => r.status === 'failing');
  const atRisk = f.rows.filter((r) => r.status === 'at-risk');
  const healthy = f.rows.filter((r) => r.status === 'healthy');
  o.push(`Failing: ${failing.map((r) => r.cluster).join(', ') || 'none'}`);
  o.push(`At risk: ${atRisk.map((r) => r.cluster).join(', ') || 'none'}`);
  o.push(`Healthy: ${healthy.map((r) => r.cluster).join(', ') || 'none'}`);
  const other = f.rows.filter((r) => r.status === 'incident' || r.status === 'unknown');
  if (other.length) o.push(`Other: ${other.map((r) => `${r.cluster} (${r.status})`).join(', ')}`);
  const unreadable = f.rows.filter((r) => r.status === 'unreadable');
  if (unreadable.length) o.push(`Unreadable: ${unreadable.map((r) => r.cluster).join(', ')}`);

  o.push('', 'Clusters × causes (now = incident at capture, past ×N = past incidents, k/n = preconditions held)');
  const w = Math.max(8, ...f.rows.map((r) => r.cluster.length)) + 2;
  const cw = f.causes.map((c) => Math.max(c.id.length, ...f.rows.map((r) => cellText(r.cells[c.id]).length)) + 2);
  o.push(`  ${pad('CLUSTER', w)}${pad('STATUS', 11)}${pad('ISTIO', 9)}${f.causes.map((c, i) => pad(c.id, cw[i]!)).join('')}PAST INCIDENTS`);
  for (const r of f.rows) o.push(`  ${pad(r.cluster, w)}${pad(STATUS[r.status], 11)}${pad(r.istio, 9)}${f.causes.map((c, i) => pad(cellText(r.cells[c.id]), cw[i]!)).join('')}${r.pastIncidents}`);
  if (!f.causes.length) o.push('  (no cause reaches 0.5 in any cluster)');
  o.push('', ...f.rows.map((r) => `  ${r.cluster}: ${r.summary}`));

  for (const r of f.risks) {
    o.push('', `At risk of ${riskHead(r)}`);
    if (!r.atRisk.length) o.push('  no other cluster holds enough of its preconditions');
    for (const e of r.atRisk) o.push(...riskLines(e, r.foundIn));
    if (r.partly.length) o.push(`  Partly exposed (below the threshold): ${r.partly.map((e) => `${e.cluster} ${e.holds}/${e.of} (${e.preconditions.filter((p) => p.holds).map((p) => p.says.split(/[,(:]/)[0]!.trim()).join('; ')})`).join(', ')}`);
    if (r.unknown.length) o.push(`  Not judged (reports without exposure): ${r.unknown.join(', ')}`);
  }

  o.push('', `Findings in two or more clusters (${f.sharedCodes.length})`);
  for (const s of f.sharedCodes.slice(0, MAX_ROWS)) o.push(`  ${pad(s.severity, 9)}${pad(s.code, 13)}${s.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', ')}  ${s.title}`);
  o.push('', `Unrecognised log templates in two or more clusters (${f.sharedTemplates.length})`);
  for (const t of f.sharedTemplates.slice(0, 50)) o.push(`  ${t.component}: ${t.template}  [${t.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', ')}]`);

  o.push('', `Drift: ${f.drift.length} setting${f.drift.length === 1 ? '' : 's'} differ`);
  let area = '';
  for (const d of f.drift.slice(0, MAX_ROWS)) {
    if (d.area !== area) o.push(`  ${(area = d.area)}`);
    o.push(`    ${d.setting}: ${d.values.map((v) => `${v.value} (${v.clusters.join(', ')})`).join(' | ')}`);
  }
  return o.join('\n') + '\n';
}

const md = (s: unknown) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderFleetMarkdown(f: FleetSummary): string {
  const o: string[] = [`# meshlens fleet: ${f.clusters} clusters`, ''];
  o.push(`| cluster | status | Istio | ${f.causes.map((c) => `\`${c.id}\``).join(' | ')}${f.causes.length ? ' | ' : ''}past incidents | summary |`);
  o.push(`|---|---|---|${f.causes.map(() => '---|').join('')}---|---|`);
  for (const r of f.rows) o.push(`| ${md(r.cluster)} | ${STATUS[r.status]} | ${md(r.istio)} | ${f.causes.map((c) => md(cellText(r.cells[c.id]))).join(' | ')}${f.causes.length ? ' | ' : ''}${r.pastIncidents} | ${md(r.summary)} |`);
  for (const r of f.risks) {
    o.push('', `## At risk of \`${r.cause}\``, '', md(riskHead(r)), '');
    if (!r.atRisk.length) o.push('No other cluster holds enough of its preconditions.');
    for (const e of r.atRisk) {
      o.push(`### ${md(e.cluster)}: ${e.holds} of ${e.of} preconditions`, '');
      for (const p of e.preconditions) {
        o.push(`- ${p.holds ? '✓' : '✗'} ${md(p.says)}${p.sharedWithFound ? ` (as in ${md(r.foundIn.join(', '))})` : ''}`);
        for (const ev of p.evidence.slice(0, 3)) o.push(`  - \`${md(loc(ev))}\` ${md(ev.excerpt)}`);
      }
      o.push('');
    }
    if (r.partly.length) o.push(`Partly exposed: ${r.partly.map((e) => `${md(e.cluster)} ${e.holds}/${e.of}`).join(', ')}`);
    if (r.unknown.length) o.push(`Not judged (reports without exposure): ${md(r.unknown.join(', '))}`);
  }
  o.push('', `## Findings in two or more clusters (${f.sharedCodes.length})`, '');
  if (f.sharedCodes.length) {
    o.push('| severity | code | clusters | title |', '|---|---|---|---|');
    for (const s of f.sharedCodes.slice(0, MAX_ROWS)) o.push(`| ${s.severity} | \`${md(s.code)}\` | ${md(s.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', '))} | ${md(s.title)} |`);
  }
  o.push('', `## Unrecognised log templates in two or more clusters (${f.sharedTemplates.length})`, '');
  for (const t of f.sharedTemplates.slice(0, 50)) o.push(`- ${md(t.component)}: \`${md(t.template)}\` (${md(t.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', '))})`);
  o.push('', `## Drift (${f.drift.length})`, '');
  if (f.drift.length) {
    o.push('| area | setting | values (clusters) |', '|---|---|---|');
    for (const d of f.drift.slice(0, MAX_ROWS)) o.push(`| ${d.area} | ${md(d.setting)} | ${md(d.values.map((v) => `${v.value} (${v.clusters.join(', ')})`).join('; '))} |`);
  }
  return o.join('\n') + '\n';
}

const CSS = `body{font:14px/1.5 system-ui,sans-serif;margin:32px auto;max-width:1200px;color:#1f2632;padding:0 16px}
h1{font-size:22px}h2{margin-top:28px;border-bottom:1px solid #dde2ea;padding-bottom:4px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e8ee;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f4f6f9}code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}
.failing{color:#c92a2a;font-weight:600}.at-risk{color:#b7791f;font-weight:600}.healthy{color:#2b8a3e}.unreadable{color:#5f3dc4;font-weight:600}.no{color:#8a94a6}
td.now{background:#fde2e2}td.risk{background:#fff3d6}td.partly{background:#f7f7f2}`;

const cellClass = (c: MatrixCell | undefined) => (c?.atCapture !== undefined ? 'now' : c?.risk?.atRisk ? 'risk' : c?.risk ? 'partly' : '');

/** The fleet as one self-contained HTML page. */
export function renderFleetHtml(f: FleetSummary): string {
  const o: string[] = [`<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>meshlens fleet</title><style>${CSS}</style></head><body>`];
  o.push(`<h1>meshlens fleet: ${f.clusters} clusters</h1>`);
  o.push(`<table><tr><th>cluster</th><th>status</th><th>Istio</th>${f.causes.map((c) => `<th><code>${esc(c.id)}</code></th>`).join('')}<th>past incidents</th><th>summary</th></tr>`);
  for (const r of f.rows) o.push(`<tr><td><b>${esc(r.cluster)}</b></td><td class="${esc(r.status)}">${esc(STATUS[r.status])}</td><td>${esc(r.istio)}</td>${f.causes.map((c) => `<td class="${cellClass(r.cells[c.id])}">${esc(cellText(r.cells[c.id]))}</td>`).join('')}<td>${r.pastIncidents}</td><td>${esc(r.summary)}</td></tr>`);
  o.push('</table>');
  for (const r of f.risks) {
    o.push(`<h2>At risk of <code>${esc(r.cause)}</code></h2><p>${esc(riskHead(r))}</p>`);
    if (!r.atRisk.length) o.push('<p>No other cluster holds enough of its preconditions.</p>');
    for (const e of r.atRisk) {
      o.push(`<h3>${esc(e.cluster)}: ${e.holds} of ${e.of} preconditions</h3><table><tr><th></th><th>precondition</th><th>evidence</th></tr>`);
      for (const p of e.preconditions) o.push(`<tr><td class="${p.holds ? 'at-risk' : 'no'}">${p.holds ? '✓' : '✗'}</td><td>${esc(p.says)}${p.sharedWithFound ? `<br><small>as in ${esc(r.foundIn.join(', '))}</small>` : ''}</td><td>${p.evidence.slice(0, 3).map((ev) => `<code>${esc(loc(ev))}</code> ${esc(ev.excerpt ?? '')}`).join('<br>')}</td></tr>`);
      o.push('</table>');
    }
    if (r.partly.length) o.push(`<p>Partly exposed: ${esc(r.partly.map((e) => `${e.cluster} ${e.holds}/${e.of}`).join(', '))}</p>`);
    if (r.unknown.length) o.push(`<p>Not judged (reports without exposure): ${esc(r.unknown.join(', '))}</p>`);
  }
  o.push(`<h2>Findings in two or more clusters (${f.sharedCodes.length})</h2>`);
  if (f.sharedCodes.length) o.push(`<table><tr><th>severity</th><th>code</th><th>clusters</th><th>title</th></tr>${f.sharedCodes.slice(0, MAX_ROWS).map((s) => `<tr><td>${esc(s.severity)}</td><td><code>${esc(s.code)}</code></td><td>${esc(s.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', '))}</td><td>${esc(s.title)}</td></tr>`).join('')}</table>`);
  o.push(`<h2>Unrecognised log templates in two or more clusters (${f.sharedTemplates.length})</h2>`);
  if (f.sharedTemplates.length) o.push(`<ul>${f.sharedTemplates.slice(0, 50).map((t) => `<li>${esc(t.component)}: <code>${esc(t.template)}</code> (${esc(t.clusters.map((c) => `${c.cluster} ×${c.count}`).join(', '))})</li>`).join('')}</ul>`);
  o.push(`<h2>Drift (${f.drift.length})</h2>`);
  if (f.drift.length) o.push(`<table><tr><th>area</th><th>setting</th><th>values (clusters)</th></tr>${f.drift.slice(0, MAX_ROWS).map((d) => `<tr><td>${esc(d.area)}</td><td><code>${esc(d.setting)}</code></td><td>${d.values.map((v) => `<code>${esc(v.value)}</code> (${esc(v.clusters.join(', '))})`).join('<br>')}</td></tr>`).join('')}</table>`);
  o.push('</body></html>');
  return o.join('\n') + '\n';
}

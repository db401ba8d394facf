/**
 * A self-contained HTML report (`meshlens analyze --format html`): the root cause at capture with what was
 * found, not found and found against and its evidence (defining lines first), the state at capture, past
 * incidents, what is outside the mesh, the timeline as SVG swim-lanes with incident bands (timeline-svg.ts) and its
 * key moments, findings by severity, bundle warnings, coverage and limits (limits.ts), and what was redacted. One
 * file: inline CSS, no script, no remote load (a CSP meta tag forbids every fetch), and every value from the
 * report escaped, so a hostile bundle cannot inject markup.
 */
import type { Report } from './schema.js';
import { SEVERITIES } from './schema.js';
import { displayTime, keyMoments, location } from './moments.js';
import { causeEvidenceRows, incidentAtCapture, incidentContext, incidentGist, incidentSignals, LIKELY, outsideTheMeshOnly, pastIncidentLine, pastIncidents, reasoning, windowOf } from './narrative.js';
import { unrecognisedHtml } from './unrecognised.js';
import { timelineFigures } from './timeline-svg.js';
import { coverageAndLimitsHtml } from './limits.js';

/** HTML-escapes text for element content and quoted attribute values. */
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `body{font:14px/1.5 system-ui,sans-serif;margin:32px auto;max-width:1100px;color:#1f2632;padding:0 16px}
h1{font-size:22px}h2{margin-top:28px;border-bottom:1px solid #dde2ea;padding-bottom:4px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e8ee;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f4f6f9}code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}
.critical{color:#d1193e}.error{color:#d9480f}.warning{color:#b7791f}.info{color:#1c7ed6}.cause{border-left:4px solid #d1193e;padding:4px 12px;margin:12px 0;background:#fff5f7}
.candidate{border-left:4px solid #adb5bd;padding:4px 12px;margin:12px 0}figure.timeline{margin:8px 0;break-inside:avoid}figcaption{font-size:12px;color:#495057}.found{color:#2b8a3e}.missing{color:#868e96}.against{color:#d1193e}.lead{font-weight:600}`;

const MAX_WARNINGS = 200;

/** The report as one HTML document (UTF-8). */
export function renderHtml(report: Report): string {
  const b = report.bundle;
  const out: string[] = [`<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>meshlens: ${esc(b.source)}</title><style>${CSS}</style></head><body>`];
  out.push(`<h1>meshlens report: ${esc(b.source)}</h1><p>${esc(b.format)}${b.formatVersion ? ` (${esc(b.formatVersion)} layout)` : ''}, captured ${esc(b.capturedAt ?? 'unknown')} (${esc(b.capturedAtSource)}); ${b.inventory.resources} resources, ${b.inventory.pods} pods, ${b.inventory.events} events, ${b.inventory.logFiles} log files (${b.inventory.logLines} lines), ${b.inventory.proxies.length} proxies.</p>`);
  const outside = outsideTheMeshOnly(report);
  if (outside) out.push(`<p class="lead">${esc(outside)}</p>`);
  const now = incidentAtCapture(report);
  out.push(`<h2>Root cause</h2><p>${now ? `Incident at capture: ${esc(windowOf(now))}.` : 'No incident runs into the capture window.'}</p>`);
  if (!report.rootCauses.some((rc) => rc.confidence >= LIKELY)) out.push(`<p>Nothing reaches confidence 0.5 now.${now ? ` ${esc(incidentGist(now))}.` : ''}</p>`);
  for (const rc of report.rootCauses) {
    const r = reasoning(rc);
    out.push(`<div class="${rc.confidence >= LIKELY ? 'cause' : 'candidate'}"><h3>${esc(rc.title)} <small>(${esc(rc.id)}, confidence ${rc.confidence.toFixed(2)})</small></h3><p>${esc(rc.summary)}</p>`);
    out.push(`<ul>${r.found.map((x) => `<li class="found">found${x.role === 'defining' ? ' (defining)' : ''}: ${esc(x.says)}</li>`).join('')}${r.missing.map((x) => `<li class="missing">expected, not found${x.role === 'defining' ? ' (defining)' : ''}: ${esc(x.says)}</li>`).join('')}${r.against.map((x) => `<li class="against">found against: ${esc(x.says)}</li>`).join('')}</ul>`);
    out.push('<table><tr><th>evidence</th><th>time</th><th>role</th><th>excerpt</th></tr>');
    for (const e of causeEvidenceRows(report, rc)) out.push(`<tr><td><code>${esc(location(e))}</code></td><td>${esc(e.time)}</td><td>${esc(e.role)}</td><td><code>${esc(e.excerpt)}</code></td></tr>`);
    out.push('</table>');
    if (rc.symptoms.length) out.push(`<p>Symptoms:</p><ul>${rc.symptoms.map((s) => `<li>${esc(s.text)}</li>`).join('')}</ul>`);
    if (rc.remediation.length) out.push(`<ol>${rc.remediation.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`);
    out.push('</div>');
  }
  const context = now ? incidentContext(report, now) : [];
  if (context.length) out.push(`<ul class="context">${context.map((m) => `<li>Context: ${esc(m)}</li>`).join('')}</ul>`);
  const st = report.stateAtCapture;
  if (st) {
    out.push(`<h2>State at capture</h2><p>Pods ${st.pods.ready}/${st.pods.total} Ready; control plane ${st.controlPlane.ready}/${st.controlPlane.total} Ready; proxies ${st.proxies.synced}/${st.proxies.total} SYNCED; certificates ${st.certificates.checked} checked, ${st.certificates.expired} expired${st.certificates.earliestExpiry ? `, earliest expiry ${esc(st.certificates.earliestExpiry)}` : ''}; data plane ${esc(st.dataPlaneMode)}.</p>`);
  }
  const past = pastIncidents(report);
  if (past.length) {
    out.push(`<h2>Before capture: past incidents (${past.length})</h2><table><tr><th>incident</th><th>why</th><th>signals</th></tr>`);
    for (const i of past) out.push(`<tr><td>${esc(pastIncidentLine(i))}</td><td>${esc(incidentGist(i))}</td><td>${esc(incidentSignals(report, i))}</td></tr>`);
    out.push('</table>');
  }
  const platform = report.platform ?? [];
  if (platform.length) {
    out.push(`<h2>Outside the mesh (${platform.length})</h2><table><tr><th>severity</th><th>code</th><th>message</th><th>count</th><th>evidence</th></tr>`);
    for (const f of platform) out.push(`<tr><td class="${esc(f.severity)}">${esc(f.severity)}</td><td><code>${esc(f.code)}</code></td><td>${esc(f.message)}</td><td>${f.count}</td><td>${f.evidence.slice(0, 2).map((e) => `<code>${esc(location(e))}</code>`).join('<br>')}</td></tr>`);
    out.push('</table>');
  }
  out.push('<h2>Timeline</h2>', ...timelineFigures(report), '<table><tr><th>time</th><th>role</th><th>severity</th><th>what</th><th>where</th></tr>');
  for (const m of keyMoments(report)) {
    out.push(`<tr><td>${esc(displayTime(m.time))}</td><td>${esc(m.role)}</td><td class="${esc(m.severity)}">${esc(m.severity)}</td><td>${esc(m.text)}${m.more ? ` (and ${m.more} more like it)` : ''}</td><td><code>${m.file ? esc(location({ file: m.file, line: m.line })) : ''}</code></td></tr>`);
  }
  out.push('</table>', `<h2>Findings (${report.findings.length})</h2><table><tr><th>severity</th><th>code</th><th>message</th><th>count</th><th>evidence</th><th>remediation</th></tr>`);
  for (const sev of SEVERITIES) {
    for (const f of report.findings.filter((x) => x.severity === sev)) {
      const ev = f.evidence.slice(0, 3).map((e) => `<code>${esc(location(e))}</code>${e.excerpt ? `<br><code>${esc(e.excerpt)}</code>` : ''}`).join('<br>');
      out.push(`<tr><td class="${esc(sev)}">${esc(sev)}</td><td><code>${esc(f.code)}</code></td><td>${esc(f.message)}</td><td>${f.count}</td><td>${ev}</td><td>${esc(f.remediation)}</td></tr>`);
    }
  }
  out.push('</table>');
  if (b.warnings.length) {
    out.push(`<h2>Warnings (${b.warnings.length})</h2><table><tr><th>file</th><th>message</th></tr>`);
    for (const w of b.warnings.slice(0, MAX_WARNINGS)) out.push(`<tr><td><code>${esc(w.file)}</code></td><td>${esc(w.message)}</td></tr>`);
    out.push('</table>');
    if (b.warnings.length > MAX_WARNINGS) out.push(`<p>${b.warnings.length - MAX_WARNINGS} more in the JSON report.</p>`);
  }
  out.push(...unrecognisedHtml(report));
  out.push(...coverageAndLimitsHtml(report));
  const red = report.redaction;
  if (red) {
    const counts = Object.entries(red.counts).map(([k, n]) => `${esc(k)}: ${n}`).join(', ');
    out.push(`<h2>Redacted</h2><p>Classes: ${esc(red.classes.join(', '))}; ${counts}.</p><table><tr><th>what</th><th>where in the report</th><th>bundle file</th></tr>`);
    for (const e of red.entries) out.push(`<tr><td>${esc(e.kind)} × ${e.count}</td><td><code>${esc(e.path)}</code></td><td><code>${e.file ? esc(location({ file: e.file, line: e.line })) : ''}</code></td></tr>`);
    out.push('</table>');
    if (red.moreEntries) out.push(`<p>${red.moreEntries} more places in the JSON report's <code>redaction</code>.</p>`);
  }
  out.push(`<p><small>${esc(report.tool.name)} ${esc(report.tool.version)}</small></p></body></html>`);
  return out.join('\n') + '\n';
}

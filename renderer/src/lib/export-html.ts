/** A self-contained HTML report (inline CSS only, no script): root causes, key moments, findings, coverage. */
import { causeEvidence, keyMoments, location } from '../../../analyzers/report/moments.js';
import type { Report } from '../../../analyzers/report/schema.js';
import { SEVERITIES } from '../../../analyzers/report/schema.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `body{font:14px/1.5 system-ui,sans-serif;margin:32px auto;max-width:1100px;color:#1f2632;padding:0 16px}
h1{font-size:22px}h2{margin-top:28px;border-bottom:1px solid #dde2ea;padding-bottom:4px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e8ee;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f4f6f9}code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}
.critical{color:#d1193e}.error{color:#d9480f}.warning{color:#b7791f}.info{color:#1c7ed6}.cause{border-left:4px solid #d1193e;padding:4px 12px;margin:12px 0;background:#fff5f7}`;

export function renderHtml(report: Report): string {
  const b = report.bundle;
  const out: string[] = [`<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>meshlens: ${esc(b.source)}</title><style>${CSS}</style></head><body>`];
  out.push(`<h1>meshlens report: ${esc(b.source)}</h1><p>${esc(b.format)}${b.formatVersion ? ` (${esc(b.formatVersion)})` : ''}, captured ${esc(b.capturedAt ?? 'unknown')} (${esc(b.capturedAtSource)}); ${b.inventory.resources} resources, ${b.inventory.pods} pods, ${b.inventory.logFiles} log files, ${b.inventory.proxies.length} proxies.</p>`);
  out.push('<h2>Root cause</h2>');
  if (!report.rootCauses.length) out.push('<p>No root cause found.</p>');
  for (const rc of report.rootCauses) {
    out.push(`<div class="cause"><h3>${esc(rc.title)} <small>(${esc(rc.id)}, confidence ${rc.confidence.toFixed(2)})</small></h3><p>${esc(rc.summary)}</p>`);
    out.push('<table><tr><th>evidence</th><th>time</th><th>excerpt</th></tr>');
    for (const e of causeEvidence(report, rc.findingIds)) out.push(`<tr><td><code>${esc(location(e))}</code></td><td>${esc(e.time)}</td><td><code>${esc(e.excerpt)}</code></td></tr>`);
    out.push('</table>');
    if (rc.remediation.length) out.push(`<ol>${rc.remediation.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`);
    out.push('</div>');
  }
  out.push('<h2>Timeline</h2><table><tr><th>time</th><th>role</th><th>severity</th><th>what</th><th>where</th></tr>');
  for (const m of keyMoments(report)) out.push(`<tr><td>${esc(m.time)}</td><td>${esc(m.role)}</td><td class="${m.severity}">${m.severity}</td><td>${esc(m.text)}</td><td><code>${m.file ? esc(location({ file: m.file, line: m.line })) : ''}</code></td></tr>`);
  out.push('</table>', `<h2>Findings (${report.findings.length})</h2><table><tr><th>severity</th><th>code</th><th>message</th><th>evidence</th><th>remediation</th></tr>`);
  for (const sev of SEVERITIES) {
    for (const f of report.findings.filter((x) => x.severity === sev)) {
      out.push(`<tr><td class="${sev}">${sev}</td><td><code>${esc(f.code)}</code></td><td>${esc(f.message)}</td><td>${f.evidence.slice(0, 3).map((e) => `<code>${esc(location(e))}</code>`).join('<br>')}</td><td>${esc(f.remediation)}</td></tr>`);
    }
  }
  out.push('</table>', `<h2>Coverage</h2><p>Present: ${esc(b.coverage.present.join(', ') || 'none')}<br>Missing: ${esc(b.coverage.missing.join(', ') || 'none')}</p>`);
  if (b.coverage.skippedAnalyzers.length) out.push(`<p>Skipped checks: ${b.coverage.skippedAnalyzers.map((s) => `${esc(s.id)} (${esc(s.reason)})`).join('; ')}</p>`);
  out.push(`<p><small>${esc(report.tool.name)} ${esc(report.tool.version)}</small></p></body></html>`);
  return out.join('\n') + '\n';
}

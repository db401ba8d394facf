/**
 * `meshlens diff` outputs: text (terminal), Markdown (tickets), and one self-contained HTML page (no script,
 * every value escaped). JSON is the `BundleDiff` itself.
 */
import { esc } from '../report/html.js';
import type { Evidence } from '../model/finding.js';
import type { BundleDiff, FindingRef } from './index.js';
import type { FieldChange, ResourceChange } from './resources.js';
import type { ProxyChange } from './proxies.js';

const MAX_VALUE = 120;
const MAX_ROWS = 200;

/** A field value in one line: strings as they are, the rest as JSON, cut at MAX_VALUE characters. */
export function showValue(v: unknown): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' && !/[\r\n]/.test(v) ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

const loc = (e: Evidence | { file: string; line?: number } | undefined) => (e ? `${e.file}${e.line !== undefined ? `:${e.line}` : 'jsonPath' in e && e.jsonPath ? ` ${e.jsonPath}` : ''}` : '');
const resName = (r: { kind: string; namespace?: string; name: string }) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/** One field change as a sentence: `subset canary label track (spec.subsets[canary].labels.track): canary → canry`. */
export function fieldLine(f: FieldChange): string {
  const name = f.what ? `${f.what} (${f.path})` : f.path;
  if (f.type === 'added') return `+ ${name}${f.after !== undefined ? `: ${showValue(f.after)}` : ''}`;
  if (f.type === 'removed') return `- ${name}${f.before !== undefined ? `: ${showValue(f.before)}` : ''}`;
  return `~ ${name}: ${showValue(f.before)} → ${showValue(f.after)}`;
}

function proxyLines(p: ProxyChange): string[] {
  const out: string[] = [];
  if (p.change !== 'changed') {
    const d = p.change === 'added' ? 'added' : 'removed';
    return [`${p.change === 'added' ? 'first seen' : 'last seen'} with ${p.clusters[d].length} clusters, ${p.listeners[d].length} listeners, ${p.routes[d].length} routes`];
  }
  for (const kind of ['clusters', 'listeners', 'routes'] as const) {
    const d = p[kind];
    if (d.added.length) out.push(`+ ${kind}: ${d.added.slice(0, 20).join(', ')}${d.added.length > 20 ? ` (and ${d.added.length - 20} more)` : ''}`);
    if (d.removed.length) out.push(`- ${kind}: ${d.removed.slice(0, 20).join(', ')}${d.removed.length > 20 ? ` (and ${d.removed.length - 20} more)` : ''}`);
  }
  return out;
}

const conf = (v: number | undefined) => (v === undefined ? 'not ranked' : v.toFixed(2));

/** Added and removed resources grouped by change and kind, in that order. */
function groupByKind(list: readonly ResourceChange[]): Array<{ change: 'added' | 'removed'; kind: string; items: ResourceChange[] }> {
  const out = new Map<string, { change: 'added' | 'removed'; kind: string; items: ResourceChange[] }>();
  for (const r of list) {
    if (r.change === 'changed') continue;
    const key = `${r.change}\u0000${r.kind}`;
    let g = out.get(key);
    if (!g) out.set(key, (g = { change: r.change, kind: r.kind, items: [] }));
    g.items.push(r);
  }
  return [...out.values()].sort((a, b) => a.change.localeCompare(b.change) || a.kind.localeCompare(b.kind));
}

const sideLine = (s: BundleDiff['before']) => `${s.source} (${s.format}${s.capturedAt ? `, captured ${s.capturedAt}` : ''}, ${s.findings} findings${s.from === 'report' ? ', from a JSON report' : ''})`;
const findingLine = (f: FindingRef) => `${f.severity.padEnd(8)} ${f.code.padEnd(12)} ${f.message}${f.evidence ? `  [${loc(f.evidence)}]` : ''}`;

/** The diff as terminal text. */
export function renderDiffText(d: BundleDiff): string {
  const o: string[] = [`before: ${sideLine(d.before)}`, `after:  ${sideLine(d.after)}`, ''];
  o.push('ROOT CAUSES');
  if (!d.rootCauses.length) o.push(`  no cause at ≥ 0.5 on either side, none moved`);
  for (const c of d.rootCauses) o.push(`  ${c.status.padEnd(9)} ${c.id} (${c.title}): ${conf(c.before)} before, ${conf(c.after)} after${c.status === 'candidate' ? ' (below 0.5)' : ''}`);
  o.push('', `RESOURCES${d.resources ? ` (${d.resources.length} changed)` : ''}`);
  if (!d.resources) o.push('  not compared');
  else if (!d.resources.length) o.push('  no configuration change');
  const changed = (d.resources ?? []).filter((r) => r.change === 'changed');
  for (const r of changed.slice(0, MAX_ROWS)) {
    o.push(`  changed ${resName(r)}  [${loc(r.after ?? r.before)}]`);
    for (const f of r.fields.slice(0, 30)) o.push(`      ${fieldLine(f)}`);
    if (r.fields.length > 30) o.push(`      (and ${r.fields.length - 30} more fields)`);
  }
  if (changed.length > MAX_ROWS) o.push(`  (and ${changed.length - MAX_ROWS} more changed resources; see -o json)`);
  for (const g of groupByKind(d.resources ?? [])) {
    if (g.items.length <= 3) for (const r of g.items) o.push(`  ${g.change.padEnd(7)} ${resName(r)}  [${loc(r.after ?? r.before)}]`);
    else o.push(`  ${g.change.padEnd(7)} ${g.items.length} ${g.kind}: ${g.items.slice(0, 8).map((r) => `${r.namespace ? `${r.namespace}/` : ''}${r.name}`).join(', ')}${g.items.length > 8 ? `, … (${g.items.length - 8} more)` : ''}`);
  }
  o.push('', `PROXY CONFIG${d.proxies ? ` (${d.proxies.length} workloads changed)` : ''}`);
  if (!d.proxies) o.push('  not compared');
  else if (!d.proxies.length) o.push('  no cluster, listener or route added or removed');
  for (const p of (d.proxies ?? []).slice(0, MAX_ROWS)) {
    o.push(`  ${p.change.padEnd(7)} ${p.workload}`);
    for (const l of proxyLines(p)) o.push(`      ${l}`);
  }
  o.push('', 'VERSIONS');
  if (!d.versions.length) o.push('  unchanged');
  for (const v of d.versions) o.push(`  ${v.what}: ${v.before ?? '(none)'} → ${v.after ?? '(none)'}`);
  const f = d.findings;
  o.push('', `FINDINGS: ${f.new.length} new, ${f.resolved.length} resolved, ${f.changed.length} changed, ${f.unchanged} unchanged`);
  for (const [label, list] of [['new', f.new], ['resolved', f.resolved]] as const) {
    if (!list.length) continue;
    o.push(`  ${label}:`);
    for (const x of list.slice(0, MAX_ROWS)) o.push(`    ${findingLine(x)}`);
    if (list.length > MAX_ROWS) o.push(`    (and ${list.length - MAX_ROWS} more)`);
  }
  if (f.changed.length) {
    o.push('  changed:');
    for (const x of f.changed.slice(0, MAX_ROWS)) o.push(`    ${x.code.padEnd(12)} ${x.title}: ${x.changes.map((c) => `${c.field} ${showValue(c.before)} → ${showValue(c.after)}`).join('; ')}`);
    if (f.changed.length > MAX_ROWS) o.push(`    (and ${f.changed.length - MAX_ROWS} more)`);
  }
  if (d.newTemplates) {
    o.push('', `NEW LOG TEMPLATES (${d.newTemplates.length})`);
    for (const t of d.newTemplates.slice(0, 50)) o.push(`  ${t.component.padEnd(12)} ×${t.count} ${t.template}${t.example ? `  [${loc(t.example)}]` : ''}`);
  }
  if (d.notes.length) o.push('', 'NOTES', ...d.notes.map((n) => `  ${n}`));
  return o.join('\n') + '\n';
}

const md = (s: unknown) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The diff as Markdown tables. */
export function renderDiffMarkdown(d: BundleDiff): string {
  const o: string[] = ['# meshlens diff', '', `- before: ${md(sideLine(d.before))}`, `- after: ${md(sideLine(d.after))}`, '', '## Root causes', ''];
  if (!d.rootCauses.length) o.push('No cause at ≥ 0.5 on either side; none moved.');
  else {
    o.push('| status | cause | before | after |', '|---|---|---|---|');
    for (const c of d.rootCauses) o.push(`| ${c.status} | \`${c.id}\` ${md(c.title)} | ${conf(c.before)} | ${conf(c.after)} |`);
  }
  o.push('', '## Resources', '');
  if (!d.resources) o.push('Not compared.');
  else if (!d.resources.length) o.push('No configuration change.');
  else {
    o.push('| change | resource | field | before | after |', '|---|---|---|---|---|');
    for (const r of d.resources.slice(0, MAX_ROWS)) {
      if (!r.fields.length) o.push(`| ${r.change} | ${md(resName(r))} | | | |`);
      for (const f of r.fields.slice(0, 30)) o.push(`| ${f.type} | ${md(resName(r))} | ${md(f.what ?? '')} \`${md(f.path)}\` | ${md(showValue(f.before))} | ${md(showValue(f.after))} |`);
    }
  }
  o.push('', '## Proxy config', '');
  if (!d.proxies) o.push('Not compared.');
  else if (!d.proxies.length) o.push('No cluster, listener or route added or removed.');
  else for (const p of d.proxies.slice(0, MAX_ROWS)) o.push(`- **${md(p.workload)}** (${p.change}): ${proxyLines(p).map(md).join('; ')}`);
  o.push('', '## Versions', '');
  if (!d.versions.length) o.push('Unchanged.');
  for (const v of d.versions) o.push(`- ${md(v.what)}: ${md(v.before ?? '(none)')} → ${md(v.after ?? '(none)')}`);
  const f = d.findings;
  o.push('', `## Findings: ${f.new.length} new, ${f.resolved.length} resolved, ${f.changed.length} changed, ${f.unchanged} unchanged`, '');
  if (f.new.length || f.resolved.length) {
    o.push('| | severity | code | message | evidence |', '|---|---|---|---|---|');
    for (const [label, list] of [['new', f.new], ['resolved', f.resolved]] as const) for (const x of list.slice(0, MAX_ROWS)) o.push(`| ${label} | ${x.severity} | \`${md(x.code)}\` | ${md(x.message)} | ${md(loc(x.evidence))} |`);
  }
  if (f.changed.length) {
    o.push('', '| changed | code | what changed |', '|---|---|---|');
    for (const x of f.changed.slice(0, MAX_ROWS)) o.push(`| ${md(x.title)} | \`${md(x.code)}\` | ${md(x.changes.map((c) => `${c.field} ${showValue(c.before)} → ${showValue(c.after)}`).join('; '))} |`);
  }
  if (d.newTemplates) {
    o.push('', `## New log templates (${d.newTemplates.length})`, '');
    for (const t of d.newTemplates.slice(0, 50)) o.push(`- ${md(t.component)} ×${t.count}: \`${md(t.template)}\``);
  }
  if (d.notes.length) o.push('', '## Notes', '', ...d.notes.map((n) => `- ${md(n)}`));
  return o.join('\n') + '\n';
}

const CSS = `body{font:14px/1.5 system-ui,sans-serif;margin:32px auto;max-width:1100px;color:#1f2632;padding:0 16px}
h1{font-size:22px}h2{margin-top:28px;border-bottom:1px solid #dde2ea;padding-bottom:4px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e8ee;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f4f6f9}code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}
.new,.added{color:#2b8a3e}.gone,.removed,.resolved{color:#c92a2a}.changed,.kept{color:#b7791f}`;

function resourceRows(r: ResourceChange): string {
  if (!r.fields.length) return `<tr><td class="${esc(r.change)}">${esc(r.change)}</td><td>${esc(resName(r))}<br><code>${esc(loc(r.after ?? r.before))}</code></td><td></td><td></td><td></td></tr>`;
  return r.fields.slice(0, 30).map((f, i) => `<tr><td class="${esc(f.type)}">${esc(f.type)}</td><td>${i === 0 ? `${esc(resName(r))}<br><code>${esc(loc(r.after ?? r.before))}</code>` : ''}</td><td>${f.what ? `${esc(f.what)}<br>` : ''}<code>${esc(f.path)}</code></td><td><code>${esc(showValue(f.before))}</code></td><td><code>${esc(showValue(f.after))}</code></td></tr>`).join('');
}

/** The diff as one self-contained HTML page. */
export function renderDiffHtml(d: BundleDiff): string {
  const o: string[] = [`<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>meshlens diff</title><style>${CSS}</style></head><body>`];
  o.push(`<h1>meshlens diff</h1><p>Before: ${esc(sideLine(d.before))}<br>After: ${esc(sideLine(d.after))}</p>`);
  o.push('<h2>Root causes</h2>');
  if (!d.rootCauses.length) o.push('<p>No cause at ≥ 0.5 on either side; none moved.</p>');
  else {
    o.push('<table><tr><th>status</th><th>cause</th><th>before</th><th>after</th></tr>');
    for (const c of d.rootCauses) o.push(`<tr><td class="${esc(c.status)}">${esc(c.status)}</td><td><code>${esc(c.id)}</code> ${esc(c.title)}</td><td>${conf(c.before)}</td><td>${conf(c.after)}</td></tr>`);
    o.push('</table>');
  }
  o.push('<h2>Resources</h2>');
  if (!d.resources) o.push('<p>Not compared.</p>');
  else if (!d.resources.length) o.push('<p>No configuration change.</p>');
  else o.push(`<table><tr><th>change</th><th>resource</th><th>field</th><th>before</th><th>after</th></tr>${d.resources.slice(0, MAX_ROWS).map(resourceRows).join('')}</table>`);
  o.push('<h2>Proxy config</h2>');
  if (!d.proxies) o.push('<p>Not compared.</p>');
  else if (!d.proxies.length) o.push('<p>No cluster, listener or route added or removed.</p>');
  else o.push(`<ul>${d.proxies.slice(0, MAX_ROWS).map((p) => `<li><b>${esc(p.workload)}</b> (${esc(p.change)}): ${proxyLines(p).map(esc).join('<br>')}</li>`).join('')}</ul>`);
  o.push('<h2>Versions</h2>', d.versions.length ? `<ul>${d.versions.map((v) => `<li>${esc(v.what)}: ${esc(v.before ?? '(none)')} → ${esc(v.after ?? '(none)')}</li>`).join('')}</ul>` : '<p>Unchanged.</p>');
  const f = d.findings;
  o.push(`<h2>Findings: ${f.new.length} new, ${f.resolved.length} resolved, ${f.changed.length} changed, ${f.unchanged} unchanged</h2>`);
  if (f.new.length || f.resolved.length) {
    o.push('<table><tr><th></th><th>severity</th><th>code</th><th>message</th><th>evidence</th></tr>');
    for (const [label, list] of [['new', f.new], ['resolved', f.resolved]] as const) for (const x of list.slice(0, MAX_ROWS)) o.push(`<tr><td class="${label}">${label}</td><td>${esc(x.severity)}</td><td><code>${esc(x.code)}</code></td><td>${esc(x.message)}</td><td><code>${esc(loc(x.evidence))}</code></td></tr>`);
    o.push('</table>');
  }
  if (f.changed.length) o.push(`<table><tr><th>changed</th><th>code</th><th>what changed</th></tr>${f.changed.slice(0, MAX_ROWS).map((x) => `<tr><td>${esc(x.title)}</td><td><code>${esc(x.code)}</code></td><td>${esc(x.changes.map((c) => `${c.field} ${showValue(c.before)} → ${showValue(c.after)}`).join('; '))}</td></tr>`).join('')}</table>`);
  if (d.newTemplates) o.push(`<h2>New log templates (${d.newTemplates.length})</h2><ul>${d.newTemplates.slice(0, 50).map((t) => `<li>${esc(t.component)} ×${t.count}: <code>${esc(t.template)}</code></li>`).join('')}</ul>`);
  if (d.notes.length) o.push(`<h2>Notes</h2><ul>${d.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  o.push('</body></html>');
  return o.join('\n') + '\n';
}

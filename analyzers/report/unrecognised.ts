/**
 * The "Unrecognised errors" section of the text, Markdown and HTML reports: error templates mined from
 * warn/error log lines that no signature claimed (`report.unrecognised`, analyzers/mining/), best first, each
 * with its count, pods, first/last time and two example lines with file:line. Each renderer returns lines to
 * append, or nothing when the report has no such template.
 */
import type { Report, UnrecognisedTemplate } from './schema.js';
import { displayTime, location } from './moments.js';
import { esc } from './html.js';

/** Templates shown in text and Markdown; the JSON report holds all of them. */
export const MAX_SHOWN = 10;

const when = (t: UnrecognisedTemplate): string =>
  t.firstSeen ? `${displayTime(t.firstSeen)}${t.lastSeen && t.lastSeen !== t.firstSeen ? ` to ${displayTime(t.lastSeen)}` : ''}` : 'time unknown';
const pods = (t: UnrecognisedTemplate): string => (t.pods.length === 0 ? 'no pod' : t.pods.length <= 3 ? t.pods.join(', ') : `${t.pods.slice(0, 3).join(', ')} and ${t.pods.length - 3} more`);
const near = (t: UnrecognisedTemplate): string => (t.windowCount ? `, ${t.windowCount} near the incident` : '');

function cut(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Text lines (no colour codes: the caller styles the title). */
export function unrecognisedText(report: Pick<Report, 'unrecognised'>, title: (s: string) => string = (s) => s): string[] {
  const list = report.unrecognised ?? [];
  if (!list.length) return [];
  const out = [title(`UNRECOGNISED ERRORS (${list.length} template${list.length === 1 ? '' : 's'} no signature knows)`)];
  for (const t of list.slice(0, MAX_SHOWN)) {
    out.push(`  [${t.level ?? 'warn'}] ${t.component}: ${cut(t.template, 150)}`);
    out.push(`      ${t.count}× in ${pods(t)}; ${when(t)}${near(t)}`);
    for (const e of t.examples) out.push(`      ${location(e)}`);
  }
  if (list.length > MAX_SHOWN) out.push(`  … and ${list.length - MAX_SHOWN} more (use --format json for all)`);
  out.push('');
  return out;
}

const cell = (s: string | number | undefined) => String(s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';

/** Markdown lines: a table of templates. */
export function unrecognisedMarkdown(report: Pick<Report, 'unrecognised'>): string[] {
  const list = report.unrecognised ?? [];
  if (!list.length) return [];
  const out = [`## Unrecognised errors (${list.length})`, '', 'Error templates mined from warn/error lines that no signature claimed, best first.', '', '| level | component | template | count | pods | seen | examples |', '|---|---|---|---|---|---|---|'];
  for (const t of list.slice(0, MAX_SHOWN)) {
    out.push(`| ${t.level ?? 'warn'} | ${cell(t.component)} | ${code(cut(t.template, 200))} | ${t.count}${near(t)} | ${cell(pods(t))} | ${cell(when(t))} | ${t.examples.map((e) => code(location(e))).join('<br>')} |`);
  }
  if (list.length > MAX_SHOWN) out.push('', `${list.length - MAX_SHOWN} more in the JSON report's \`unrecognised\`.`);
  out.push('');
  return out;
}

/** HTML: one table, every value escaped. */
export function unrecognisedHtml(report: Pick<Report, 'unrecognised'>): string[] {
  const list = report.unrecognised ?? [];
  if (!list.length) return [];
  const out = [`<h2>Unrecognised errors (${list.length})</h2><p>Error templates mined from warn/error lines that no signature claimed, best first.</p><table><tr><th>level</th><th>component</th><th>template</th><th>count</th><th>pods</th><th>seen</th><th>examples</th></tr>`];
  for (const t of list) {
    const ex = t.examples.map((e) => `<code>${esc(location(e))}</code>${e.excerpt ? `<br><code>${esc(e.excerpt)}</code>` : ''}`).join('<br>');
    out.push(`<tr><td>${esc(t.level ?? 'warn')}</td><td>${esc(t.component)}</td><td><code>${esc(t.template)}</code></td><td>${t.count}${esc(near(t))}</td><td>${esc(pods(t))}</td><td>${esc(when(t))}</td><td>${ex}</td></tr>`);
  }
  out.push('</table>');
  return out;
}

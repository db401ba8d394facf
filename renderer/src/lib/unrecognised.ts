/**
 * Reading `report.unrecognised` (templates mined by Drain over warn/error lines no signature claimed): the
 * template split into literal text and masks for display, a regex that finds the template's lines in the Logs
 * view, and where its lines are (log files the Logs view reads, or other files such as Kubernetes events,
 * which open in the evidence viewer). Pure.
 */
import type { UnrecognisedTemplate } from '../../../analyzers/report/schema.js';
import { logFilterParams, type Params } from './url-state.js';

/** A mask the miner puts for a variable part: `<*>` (Drain's wildcard) or a typed one (`<IP>`, `<NUM>`, `<POD>`…). */
const MASK = /<(?:\*|[A-Z]+)>/g;

/** The template as runs of literal text and masks, for showing the masks apart. */
export function templateParts(template: string): Array<{ text: string; mask: boolean }> {
  const out: Array<{ text: string; mask: boolean }> = [];
  let at = 0;
  for (const m of template.matchAll(MASK)) {
    if (m.index > at) out.push({ text: template.slice(at, m.index), mask: false });
    out.push({ text: m[0], mask: true });
    at = m.index + m[0].length;
  }
  if (at < template.length) out.push({ text: template.slice(at), mask: false });
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A JavaScript regex source matching the lines of `template`: literal text escaped, each mask any run of
 * characters (`.+?`), whitespace any whitespace (the miner joins tokens with one space where the line may have
 * tabs). Masks at either end are dropped: they add nothing to a search inside the line.
 */
export function templateRegex(template: string): string {
  const parts = templateParts(template.trim());
  while (parts.length && parts[0].mask) parts.shift();
  while (parts.length && parts[parts.length - 1].mask) parts.pop();
  return parts.map((p) => (p.mask ? '.+?' : escape(p.text).replace(/\s+/g, '\\s+'))).join('');
}

/** The files the template's example lines are in, in order of first mention. */
export function templateFiles(t: Pick<UnrecognisedTemplate, 'examples'>): string[] {
  return [...new Set(t.examples.map((e) => e.file))];
}

/**
 * The Logs view's URL parameters that list the template's lines across every file (its pods' logs): its regex,
 * opened at its first line, with istioctl's own log included when an example is there. `undefined` when none
 * of its example files is a log the Logs view reads (`logFiles`: bundle paths), as for Kubernetes events.
 */
export function logsParamsFor(t: Pick<UnrecognisedTemplate, 'template' | 'examples' | 'firstSeen'>, logFiles: ReadonlySet<string>, collectorFiles: ReadonlySet<string> = new Set()): Params | undefined {
  const files = templateFiles(t).filter((f) => logFiles.has(f));
  if (!files.length) return undefined;
  return logFilterParams({
    q: templateRegex(t.template), regex: true, t: t.firstSeen,
    ...(files.some((f) => collectorFiles.has(f)) ? { collector: true } : {}),
  });
}

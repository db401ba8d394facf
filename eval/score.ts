/**
 * Scoring of one analysed variant and the tables `npm run eval` prints.
 *
 * - top-1: the expected cause is `rootCauses[0]` with confidence ≥ 0.5; top-3: it is among the first three.
 * - May 2023 archive: its own real fault (GKE Autopilot's policy webhook refuses istio-init's NET_ADMIN →
 *   `traffic-interception-failure`) is set aside before scoring a variant injected into it, unless that is the
 *   injected cause.
 * - pristine copies: every cause ≥ 0.5 in `rootCauses` is a false cause unless it is the archive's known fault.
 * - at capture: when the report has `incidents[]`, whether the incident marked `at-capture` ranks the expected
 *   cause (top 3); `n/a` while the engine does not produce incidents.
 */
import type { Report } from '../analyzers/report/schema.js';
import type { Variant } from './variant.js';
import type { ArchiveId } from './lib/bundle.js';

export const KNOWN_FAULT: Record<ArchiveId, string | undefined> = { may2023: 'traffic-interception-failure', sep2023: undefined };
const THRESHOLD = 0.5;

export interface VariantResult {
  name: string;
  cause: string | null;
  archive: ArchiveId;
  how: string;
  /** Ranked causes after setting aside the archive's known fault (for pristine copies: as reported). */
  ranked: Array<{ id: string; confidence: number }>;
  top1: boolean;
  top3: boolean;
  /** Pristine only: causes ≥ 0.5 other than the archive's known fault. */
  falseCauses: string[];
  /** Pristine May copy: whether the known fault was named ≥ 0.5. */
  knownFaultFound?: boolean;
  atCapture: 'yes' | 'no' | 'n/a';
  error?: string;
  ms: number;
  line: string;
}

export function scoreVariant(v: Variant, report: Report | undefined, error: string | undefined, ms: number): VariantResult {
  const all = (report?.rootCauses ?? []).map((c) => ({ id: c.id, confidence: c.confidence }));
  const known = KNOWN_FAULT[v.archive];
  const ranked = v.cause !== null && known && v.cause !== known ? all.filter((c) => c.id !== known) : all;
  const top1 = v.cause !== null && ranked[0]?.id === v.cause && ranked[0].confidence >= THRESHOLD;
  const top3 = v.cause !== null && ranked.slice(0, 3).some((c) => c.id === v.cause);
  const falseCauses = v.cause === null ? all.filter((c) => c.confidence >= THRESHOLD && c.id !== known).map((c) => c.id) : [];
  let atCapture: VariantResult['atCapture'] = 'n/a';
  if (report?.incidents && v.cause !== null) {
    const inc = report.incidents.find((i) => i.status === 'at-capture');
    const causes = (inc?.rootCauses ?? []).filter((c) => !(known && v.cause !== known && c.id === known)).slice(0, 3);
    atCapture = causes.some((c) => c.id === v.cause) ? 'yes' : 'no';
  }
  const knownFaultFound = v.cause === null && known ? all.some((c) => c.id === known && c.confidence >= THRESHOLD) : undefined;
  const got = ranked.slice(0, 3).map((c) => `${c.id} ${c.confidence.toFixed(2)}`).join(', ') || '(none)';
  const verdict = error ? 'ERROR' : v.cause === null ? (falseCauses.length ? 'FALSE' : 'clean') : top1 ? 'top1' : top3 ? 'top3' : 'miss';
  const line = `${verdict.padEnd(5)} ${v.name}: ${error ?? got}`;
  return { name: v.name, cause: v.cause, archive: v.archive, how: v.how, ranked, top1, top3, falseCauses, ...(knownFaultFound !== undefined ? { knownFaultFound } : {}), atCapture, ...(error ? { error } : {}), ms, line };
}

export interface Summary {
  machine: string;
  durationMs: number;
  perCause: Array<{ cause: string; variants: number; top1: number; top3: number; confusedWith: string[] }>;
  notShown: Array<{ cause: string; why: string }>;
  pristine: Array<{ name: string; archive: ArchiveId; falseCauses: string[]; knownFaultFound?: boolean }>;
  confusion: Array<{ variant: string; expected: string; got: string }>;
  overall: { variants: number; top1: number; top3: number; top1Pct: number; top3Pct: number; falseCausesOnPristine: number; errors: number };
  results: VariantResult[];
}

export function summarise(results: VariantResult[], notShown: Array<{ cause: string; why: string }>, durationMs: number, machine: string): Summary {
  const faults = results.filter((r) => r.cause !== null);
  const causes = [...new Set(faults.map((r) => r.cause!))].sort();
  const perCause = causes.map((cause) => {
    const rs = faults.filter((r) => r.cause === cause);
    const confused = new Set<string>();
    for (const r of rs) if (!r.top1) confused.add(r.ranked[0] ? r.ranked[0].id : '(none)');
    return { cause, variants: rs.length, top1: rs.filter((r) => r.top1).length, top3: rs.filter((r) => r.top3).length, confusedWith: [...confused].filter((c) => c !== cause) };
  });
  const confusion = faults.filter((r) => !r.top1).map((r) => ({ variant: r.name, expected: r.cause!, got: r.error ? 'error' : r.ranked[0] ? `${r.ranked[0].id} ${r.ranked[0].confidence.toFixed(2)}` : '(none)' }));
  const pristine = results.filter((r) => r.cause === null).map((r) => ({ name: r.name, archive: r.archive, falseCauses: r.falseCauses, ...(r.knownFaultFound !== undefined ? { knownFaultFound: r.knownFaultFound } : {}) }));
  const top1 = faults.filter((r) => r.top1).length;
  const top3 = faults.filter((r) => r.top3).length;
  const pct = (n: number): number => (faults.length ? Math.round((1000 * n) / faults.length) / 10 : 0);
  return {
    machine,
    durationMs: Math.round(durationMs),
    perCause,
    notShown: notShown.filter((n) => !causes.includes(n.cause)),
    pristine,
    confusion,
    overall: { variants: faults.length, top1, top3, top1Pct: pct(top1), top3Pct: pct(top3), falseCausesOnPristine: pristine.reduce((s, p) => s + p.falseCauses.length, 0), errors: results.filter((r) => r.error).length },
    results,
  };
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |';
  return [line(head), '|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

/** The tables as Markdown (they read the same in a terminal and paste into docs/evaluation.md). */
export function renderTables(s: Summary): string {
  const out: string[] = [];
  out.push('## Per cause', '');
  out.push(table(['cause', 'variants', 'top-1', 'top-3', 'confused with'], s.perCause.map((c) => [c.cause, String(c.variants), `${c.top1}/${c.variants}`, `${c.top3}/${c.variants}`, c.confusedWith.join(', ') || '-'])));
  if (s.notShown.length) {
    out.push('', 'Not injected:', '');
    for (const n of s.notShown) out.push(`- \`${n.cause}\`: ${n.why}`);
  }
  out.push('', '## Pristine copies (causes ≥ 0.5 that are not the archive\'s known fault)', '');
  out.push(table(['copy', 'false causes', 'known fault named'], s.pristine.map((p) => [p.name, p.falseCauses.join(', ') || 'none', p.knownFaultFound === undefined ? '-' : p.knownFaultFound ? 'yes' : 'no'])));
  out.push('', '## Confusions (expected → got)', '');
  out.push(s.confusion.length ? table(['variant', 'expected', 'got (rank 1)'], s.confusion.map((c) => [c.variant, c.expected, c.got])) : 'none');
  out.push('', '## Per variant', '');
  out.push(table(['variant', 'top-1', 'top-3', 'at capture', 'ranked (first three)'], s.results.filter((r) => r.cause !== null).map((r) => [r.name, r.top1 ? 'yes' : 'no', r.top3 ? 'yes' : 'no', r.atCapture, r.error ?? (r.ranked.slice(0, 3).map((c) => `${c.id} ${c.confidence.toFixed(2)}`).join(', ') || '(none)')])));
  const o = s.overall;
  out.push('', `Overall: ${o.variants} fault variants, top-1 ${o.top1}/${o.variants} (${o.top1Pct} %), top-3 ${o.top3}/${o.variants} (${o.top3Pct} %), ` +
    `false causes on pristine copies: ${o.falseCausesOnPristine}${o.errors ? `, ${o.errors} variant(s) failed to build or analyse` : ''}. Run time ${(s.durationMs / 1000).toFixed(1)} s (${s.machine}).`);
  return out.join('\n');
}

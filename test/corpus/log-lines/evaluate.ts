// The labelled public corpus of real log lines and how the real scanner classifies each of them.
// lines.jsonl: lines collected for meshlens (issue URL or bug-report file:line in `source`);
// holdout-2.jsonl: the second blind batch (labelled and committed before the scanner saw them);
// public-labels.jsonl: our labels for ../shared/corpus/log-lines/public.jsonl (read from there, not copied);
// classes.json: what each class means and which signatures stand for it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SignatureEngine } from '../../../analyzers/signatures/engine.js';
import { createLogScanner } from '../../../analyzers/signatures/scanner.js';
import { resolveTableEvents } from '../../../analyzers/parse/k8s/events.js';

export interface CorpusEntry {
  line: string;
  source: string;
  component: string;
  classes: string[];
  benign: boolean;
  split: 'dev' | 'holdout' | 'holdout2';
  /** Lines around the labelled one in the same paste (scanned with it, not evaluated). */
  before?: string[];
  after?: string[];
  note?: string;
}

export interface ClassDef {
  description: string;
  signatures: string[];
}

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const jsonl = <T>(path: string): T[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

/** Every labelled line: ours (both held-out batches included), then public.jsonl's with our labels. */
export function loadCorpus(): CorpusEntry[] {
  const own = [...jsonl<CorpusEntry>(here('./lines.jsonl')), ...jsonl<CorpusEntry>(here('./holdout-2.jsonl'))];
  const pub = jsonl<{ line: string; source: string; component: string }>(here('../../../../shared/corpus/log-lines/public.jsonl'));
  const labels = jsonl<{ n: number; classes: string[]; benign: boolean; after?: string[]; note?: string }>(here('./public-labels.jsonl'));
  const fromPublic = labels.map((l): CorpusEntry => {
    const p = pub[l.n - 1];
    if (!p) throw new Error(`public-labels.jsonl names line ${l.n}, which public.jsonl does not have`);
    return { line: p.line, source: p.source, component: p.component, classes: l.classes, benign: l.benign, split: 'dev', ...(l.after ? { after: l.after } : {}), ...(l.note ? { note: l.note } : {}) };
  });
  return [...own, ...fromPublic];
}

export function loadClasses(): Record<string, ClassDef> {
  return JSON.parse(readFileSync(here('./classes.json'), 'utf8')) as Record<string, ClassDef>;
}

/** What the scanner made of one entry: the classes and signature ids reported on the labelled line. */
export interface Prediction {
  classes: Set<string>;
  signatures: Set<string>;
}

/**
 * Scan the entry as a loose pasted file (component unknown, as a ticket attachment), with its context lines, through
 * the real scanner; event rows found in it are matched as events, as the pipeline does. A signature counts for the
 * labelled line when one of its finding groups cites that line; context-only and benign-suppressed hits do not count.
 */
export function classify(engine: SignatureEngine, classOf: ReadonlyMap<string, string>, e: CorpusEntry): Prediction {
  const lines = [...(e.before ?? []), e.line, ...(e.after ?? [])];
  const target = (e.before?.length ?? 0) + 1;
  const file = 'pasted.txt';
  const scanner = createLogScanner(engine);
  const sink = scanner.sink({ file, component: 'unknown' });
  sink.begin({ file, component: 'unknown' });
  sink.write(new TextEncoder().encode(lines.join('\n') + '\n'));
  sink.end();
  for (const ev of resolveTableEvents(scanner.logEvents(), '2026-01-01T00:00:00Z')) scanner.matchEvent(ev);
  const signatures = new Set<string>();
  for (const g of scanner.groups()) {
    if (g.contextOnly) continue;
    if (g.samples.some((s) => s.file === file && s.line === target)) signatures.add(g.signature.id);
  }
  const classes = new Set<string>();
  for (const s of signatures) classes.add(classOf.get(s) ?? `unmapped:${s}`);
  return { classes, signatures };
}

export interface ClassScore {
  cls: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  perClass: ClassScore[];
  /** Micro-averaged over the failure classes (not healthy/other). */
  precision: number;
  recall: number;
  lines: number;
  benignLines: number;
  /** Benign lines on which some signature reported a finding. */
  benignFlagged: CorpusEntry[];
  misses: Array<{ entry: CorpusEntry; predicted: string[] }>;
  wrong: Array<{ entry: CorpusEntry; predicted: string[] }>;
}

const NEUTRAL = new Set(['healthy', 'other', 'context']);

export function evaluate(engine: SignatureEngine, classes: Record<string, ClassDef>, entries: readonly CorpusEntry[]): Evaluation {
  const classOf = new Map<string, string>();
  for (const [cls, def] of Object.entries(classes)) for (const s of def.signatures) classOf.set(s, cls);
  const counts = new Map<string, { tp: number; fp: number; fn: number; support: number }>();
  const c = (k: string) => counts.get(k) ?? (counts.set(k, { tp: 0, fp: 0, fn: 0, support: 0 }), counts.get(k)!);
  const out: Evaluation = { perClass: [], precision: 0, recall: 0, lines: entries.length, benignLines: 0, benignFlagged: [], misses: [], wrong: [] };
  for (const e of entries) {
    const p = classify(engine, classOf, e);
    const truth = new Set(e.classes.filter((k) => !NEUTRAL.has(k)));
    if (e.benign) {
      out.benignLines++;
      if (p.classes.size) out.benignFlagged.push(e);
    }
    for (const k of truth) {
      c(k).support++;
      if (p.classes.has(k)) c(k).tp++;
      else c(k).fn++;
    }
    for (const k of p.classes) if (!truth.has(k)) c(k).fp++;
    const predicted = [...p.classes].sort();
    if ([...truth].some((k) => !p.classes.has(k))) out.misses.push({ entry: e, predicted });
    else if (predicted.some((k) => !truth.has(k))) out.wrong.push({ entry: e, predicted });
  }
  let tp = 0, fp = 0, fn = 0;
  for (const [cls, v] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    tp += v.tp; fp += v.fp; fn += v.fn;
    out.perClass.push({ cls, ...v, precision: v.tp + v.fp ? v.tp / (v.tp + v.fp) : 1, recall: v.support ? v.tp / v.support : 1 });
  }
  out.precision = tp + fp ? tp / (tp + fp) : 1;
  out.recall = tp + fn ? tp / (tp + fn) : 1;
  return out;
}

/** The per-class table as printed by the corpus test (Markdown, so it can be pasted into docs). */
export function formatTable(ev: Evaluation, title: string): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const rows = ev.perClass.map((r) => `| ${r.cls} | ${r.support} | ${r.tp} | ${r.fp} | ${r.fn} | ${pct(r.precision)} | ${pct(r.recall)} |`);
  return [
    `${title}: ${ev.lines} lines (${ev.benignLines} benign, ${ev.benignFlagged.length} of them flagged); precision ${pct(ev.precision)}, recall ${pct(ev.recall)}`,
    '| class | lines | TP | FP | FN | precision | recall |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

// The labelled public corpus through the real scanner: per-class precision and recall, printed as a table
// (docs/signatures/corpus.md explains the classes below target). Targets from issue 10: recall ≥ 90 %, precision ≥ 95 %.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../../analyzers/node/packs.js';
import { compileEngine, type SignatureEngine } from '../../../analyzers/signatures/engine.js';
import { evaluate, formatTable, loadClasses, loadCorpus, type Evaluation } from './evaluate.js';

const defs = loadBuiltinPacks();
const classes = loadClasses();
const corpus = loadCorpus();
let engine: SignatureEngine;
let dev: Evaluation;
let holdout: Evaluation;
let holdout2: Evaluation;

beforeAll(() => {
  engine = compileEngine(defs);
  dev = evaluate(engine, classes, corpus.filter((e) => e.split === 'dev'));
  holdout = evaluate(engine, classes, corpus.filter((e) => e.split === 'holdout'));
  holdout2 = evaluate(engine, classes, corpus.filter((e) => e.split === 'holdout2'));
  console.log(formatTable(dev, 'Labelled corpus (lines the signatures were written with)'));
  if (holdout.lines) console.log(formatTable(holdout, 'Held-out lines (collected after the signatures were written)'));
  if (holdout2.lines) console.log(formatTable(holdout2, 'Second held-out batch (issues not used before, labelled before the scanner saw them)'));
  const show = (label: string, list: Array<{ entry: { classes: string[]; source: string; line: string }; predicted: string[] }>) => {
    if (list.length) console.log(`${label}:\n${list.map((m) => `  ${m.entry.classes.join(',')} <= ${m.predicted.join(',') || '(nothing)'}  ${m.entry.source}  ${m.entry.line.slice(0, 140).replace(/\t/g, '⇥')}`).join('\n')}`);
  };
  show('Missed', [...dev.misses, ...holdout.misses, ...holdout2.misses]);
  show('Also reported', [...dev.wrong, ...holdout.wrong, ...holdout2.wrong]);
});

describe('labelled public log-line corpus', () => {
  it('holds at least 300 real lines, each with a source and known classes', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const e of corpus) {
      // An issue or PR (`owner/repo#N`), a file of a public repository (`owner/repo path`), or a bug-report file:line.
      expect(e.source, e.line).toMatch(/^(?:[\w.-]+\/[\w.-]+(?:#\d+| \S)|bug-report-20\d\d-\d\d-[0-9a-f]+:\S+:\d+)/);
      for (const c of e.classes) expect(classes[c], `${c} (${e.source})`).toBeDefined();
      if (e.benign) expect(e.classes.every((c) => ['healthy', 'other', 'context'].includes(c)), e.line).toBe(true);
    }
  });

  it('maps every signature that can report a finding to exactly one class', () => {
    const owners = new Map<string, string[]>();
    for (const [cls, def] of Object.entries(classes)) for (const s of def.signatures) owners.set(s, [...(owners.get(s) ?? []), cls]);
    for (const d of defs) {
      if (d.contextOnly) continue;
      expect(owners.get(d.id), d.id).toHaveLength(1);
    }
    for (const s of owners.keys()) expect(defs.some((d) => d.id === s), `${s} is in classes.json but not in any pack`).toBe(true);
  });

  it('reaches the targets on the labelled lines: precision ≥ 95 %, recall ≥ 90 %', () => {
    expect(dev.precision).toBeGreaterThanOrEqual(0.95);
    expect(dev.recall).toBeGreaterThanOrEqual(0.9);
  });
});

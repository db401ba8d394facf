// Grouping accuracy (Zhu et al., "Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019): a line is parsed
// correctly when the group the miner put it in holds exactly the lines of its true event. Truth is per log component
// and event, as the miner keeps one template tree per component.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Drain, type DrainOptions } from '../../analyzers/mining/drain.js';
import { tokenize } from '../../analyzers/mining/mask.js';
import { parseLogLine } from '../../analyzers/parse/logs/parse.js';

export interface LabelledLine {
  /** The log statement that printed the line (hand-labelled). */
  event: string;
  file: string;
  line: number;
  text: string;
}

export function loadLabelled(): LabelledLine[] {
  const path = fileURLToPath(new URL('./labelled-sep-2023.jsonl', import.meta.url));
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledLine);
}

/** The log component of a bug-report file, as the ingest layer names it. */
export const componentOf = (file: string): string => (file.includes('/cni/') ? 'cni' : file.includes('/istio/') ? 'istiod' : 'istio-proxy');

/** Grouping accuracy of Drain with these options over the lines, in file order; and the events it got wrong. */
export function groupingAccuracy(lines: readonly LabelledLine[], opts: Partial<DrainOptions> = {}): { accuracy: number; wrong: Map<string, number> } {
  const drains = new Map<string, Drain>();
  const predicted = lines.map((l) => {
    const c = componentOf(l.file);
    let d = drains.get(c);
    if (!d) drains.set(c, (d = new Drain(opts)));
    return `${c}:${d.add(tokenize(parseLogLine(l.text).msg)).id}`;
  });
  const truth = lines.map((l) => `${componentOf(l.file)}:${l.event}`);
  const members = (keys: string[]) => {
    const m = new Map<string, number[]>();
    keys.forEach((k, i) => m.set(k, [...(m.get(k) ?? []), i]));
    return m;
  };
  const byPred = members(predicted);
  const byTruth = members(truth);
  let correct = 0;
  const wrong = new Map<string, number>();
  lines.forEach((l, i) => {
    const p = byPred.get(predicted[i]!)!;
    const t = byTruth.get(truth[i]!)!;
    if (p.length === t.length && p.every((x, k) => x === t[k])) correct++;
    else wrong.set(truth[i]!, (wrong.get(truth[i]!) ?? 0) + 1);
  });
  return { accuracy: lines.length ? correct / lines.length : 1, wrong };
}

// Grouping accuracy of the miner on 561 lines of the real bug-report 2023-09 (shared/corpus/istio-bug-reports),
// each labelled by hand with the log statement that printed it (labelled-sep-2023.jsonl: file, line, text, event).
// Drain's published figure on Loghub-2k is 0.865; docs/mining.md gives these figures and how the options were chosen
// (on half of the events, A, then measured on the other half, B).
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRAIN } from '../../analyzers/mining/drain.js';
import { groupingAccuracy, loadLabelled } from './accuracy.js';

const lines = loadLabelled();
const events = [...new Set(lines.map((l) => l.event))].sort();
const halfA = new Set(events.filter((_, i) => i % 2 === 0));

describe('template mining: grouping accuracy on hand-labelled lines of a real bug-report', () => {
  it('has at least 500 labelled lines of at least 40 log statements', () => {
    expect(lines.length).toBeGreaterThanOrEqual(500);
    expect(events.length).toBeGreaterThanOrEqual(40);
  });

  it('beats Drain\'s published 0.865 on all of them, and on the events the options were not chosen on', () => {
    const all = groupingAccuracy(lines);
    const a = groupingAccuracy(lines.filter((l) => halfA.has(l.event)));
    const b = groupingAccuracy(lines.filter((l) => !halfA.has(l.event)));
    console.log(`grouping accuracy (depth ${DEFAULT_DRAIN.depth}, similarity ${DEFAULT_DRAIN.similarity}): all ${all.accuracy.toFixed(3)} (${lines.length} lines), half A ${a.accuracy.toFixed(3)}, half B ${b.accuracy.toFixed(3)}; wrong: ${[...all.wrong].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    expect(all.accuracy).toBeGreaterThan(0.865);
    expect(b.accuracy).toBeGreaterThan(0.865);
  });

  it('the options matter: Drain\'s usual depth of two prefix tokens does worse here', () => {
    expect(groupingAccuracy(lines, { depth: 2 }).accuracy).toBeLessThan(groupingAccuracy(lines).accuracy);
  });
});

/**
 * istioctl analyzer conformance: runs Istio's own analyzer test grid through our analyzers and
 * compares the {code, resource} multiset of every case. Cases that do not match must be listed in
 * known-differences.json with a reason; a listed case that starts matching fails too, so the list
 * stays true.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseKey, expectedOf, loadGrid, runGridCase } from './istio-harness.js';

const known = JSON.parse(readFileSync(join(import.meta.dirname, 'known-differences.json'), 'utf8')) as Record<string, { reason: string; missing?: string[]; extra?: string[] }>;
const grid = loadGrid();

function diff(got: string[], want: string[]): { missing: string[]; extra: string[] } {
  const left = [...got];
  const missing: string[] = [];
  for (const w of want) {
    const i = left.indexOf(w);
    if (i >= 0) left.splice(i, 1);
    else missing.push(w);
  }
  return { missing, extra: left };
}

describe('istioctl analyze conformance grid', () => {
  const results = grid.map((c, i) => ({ key: caseKey(i, c), ...diff(runGridCase(c), expectedOf(c)) }));
  const matching = results.filter((r) => r.missing.length === 0 && r.extra.length === 0);

  it('has the 104 cases of the corpus', () => {
    expect(grid).toHaveLength(104);
  });

  it('matches at least 95 cases, and reports the count', () => {
    console.log(`${matching.length} of ${grid.length} cases match`);
    expect(matching.length).toBeGreaterThanOrEqual(95);
  });

  it('lists every non-matching case in known-differences.json, with its exact difference and a reason', () => {
    for (const r of results) {
      const k = known[r.key];
      if (r.missing.length === 0 && r.extra.length === 0) {
        expect(k, `${r.key} now matches: remove it from known-differences.json`).toBeUndefined();
        continue;
      }
      expect(k, `${r.key} does not match (missing ${JSON.stringify(r.missing)}, extra ${JSON.stringify(r.extra)}) and is not in known-differences.json`).toBeDefined();
      expect(k.reason.length).toBeGreaterThan(40);
      expect(k.reason.toLowerCase()).not.toContain('not implemented');
      expect([...r.missing].sort()).toEqual([...(k.missing ?? [])].sort());
      expect([...r.extra].sort()).toEqual([...(k.extra ?? [])].sort());
    }
    for (const key of Object.keys(known)) {
      if (key.startsWith('$')) continue;
      expect(results.some((r) => r.key === key), `${key} in known-differences.json is not a grid case`).toBe(true);
    }
  });
});

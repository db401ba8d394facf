import { describe, expect, it } from 'vitest';
import { Growable } from '../../analyzers/node/logindex/growable.js';

describe('Growable (chunked column)', () => {
  it.each([
    ['empty', 0, 4],
    ['less than a chunk', 3, 4],
    ['exactly one chunk', 4, 4],
    ['across chunks', 11, 4],
    ['chunk size rounded up to a power of two', 13, 3],
  ])('%s: get, set and done give the pushed values, done at the exact length', (_, n, chunk) => {
    const g = new Growable(Float64Array, chunk);
    for (let i = 0; i < n; i++) g.push(i * 1.5);
    expect(g.length).toBe(n);
    for (let i = 0; i < n; i++) expect(g.get(i)).toBe(i * 1.5);
    if (n) g.set(n - 1, -1);
    const out = g.done();
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual(Array.from({ length: n }, (_, i) => (i === n - 1 ? -1 : i * 1.5)));
    expect(g.length).toBe(0);
  });
});

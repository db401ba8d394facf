/**
 * Every built-in check, whatever produces it (config analyzers, proxy, status, platform and tool-output checks, log
 * signatures), has an id of its own, and each of our codes (MSH, SIG) names one check: `--disable` and `meshlens rules list` name checks by either, and a
 * code is never reused (STYLE.md).
 */
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../analyzers/checks.js';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';

describe('the catalogue of built-in checks', () => {
  const checks = allChecks(loadBuiltinPacks());

  it('gives every check a unique id, and every code of ours to one check only', () => {
    const dup = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    expect(dup(checks.map((c) => c.id))).toEqual([]);
    // Istio's codes are Istio's: it reports IST0101 (ReferencedResourceNotFound) from many analyzers, and so do we.
    expect(dup(checks.map((c) => c.code).filter((code) => !code.startsWith('IST')))).toEqual([]);
  });

  it('keeps each family of our own codes in its range', () => {
    const range: Record<string, RegExp> = { status: /^MSH5\d{3}$/, proxy: /^MSH6\d{3}$/, platform: /^MSH7\d{3}$/, output: /^MSH8\d{3}$/ };
    for (const c of checks) if (range[c.kind]) expect(c.code, c.id).toMatch(range[c.kind]!);
  });
});

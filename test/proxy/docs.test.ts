/** Every proxy check has a docs page whose title is its id and which states its code and message. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS, checkDocs } from '../../analyzers/proxy/analyze/checks.js';

describe('proxy check docs', () => {
  it('codes are unique MSH6xxx codes', () => {
    const codes = Object.values(CHECKS).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^MSH6\d{3}$/.test(c))).toBe(true);
  });

  it.each(Object.values(CHECKS).map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const path = checkDocs(c);
    expect(existsSync(path)).toBe(true);
    const md = readFileSync(path, 'utf8');
    expect(md.split('\n')[0]).toBe(`# ${c.id}`);
    expect(md).toContain(`**${c.code}**`);
    expect(md).toContain(c.message);
  });
});

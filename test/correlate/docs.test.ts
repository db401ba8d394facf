import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../analyzers/correlate/catalogue.js';
import { STATUS_CHECKS } from '../../analyzers/status/index.js';
import { CAUSE_RULES } from '../../analyzers/correlate/rules.js';

describe('catalogue and status-check documentation', () => {
  const catalogueDoc = readFileSync('docs/root-causes.md', 'utf8');
  const shared = readFileSync('../shared/ROOT-CAUSES.md', 'utf8');

  it.each(CATALOGUE.map((e) => e.id))('%s is in ROOT-CAUSES.md and documented in docs/root-causes.md', (id) => {
    expect(shared).toContain('`' + id + '`');
    expect(catalogueDoc).toContain('## `' + id + '`');
  });

  it('covers every id of ROOT-CAUSES.md', () => {
    // Ids head the rows of the catalogue tables and again of the cause-model table.
    const ids = [...new Set([...shared.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]))];
    expect(ids.length).toBeGreaterThan(20);
    expect(CATALOGUE.map((e) => e.id).sort()).toEqual(ids.sort());
  });

  it('cause rules only mention catalogue ids', () => {
    const known = new Set(CATALOGUE.map((e) => e.id));
    for (const [id, rule] of Object.entries(CAUSE_RULES)) {
      expect(known.has(id)).toBe(true);
      for (const other of rule.explains ?? []) expect(known.has(other)).toBe(true);
    }
  });

  it.each(Object.values(STATUS_CHECKS).map((m) => [m.id, m.code] as const))('%s (%s) has a docs page titled with its id', (id) => {
    const page = `docs/checks/${id.replace('/', '-')}.md`;
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${id}`);
  });
});

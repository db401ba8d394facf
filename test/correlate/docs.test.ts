import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../analyzers/correlate/catalogue.js';
import { CAUSES } from '../../analyzers/correlate/causes/index.js';
import { STATUS_CHECKS } from '../../analyzers/status/index.js';

describe('catalogue, cause models and their documentation', () => {
  const catalogueDoc = readFileSync('docs/root-causes.md', 'utf8');
  const shared = readFileSync('../shared/ROOT-CAUSES.md', 'utf8');

  it.each(CATALOGUE.map((e) => e.id))('%s is in ROOT-CAUSES.md and documented in docs/root-causes.md', (id) => {
    expect(shared).toContain('`' + id + '`');
    expect(catalogueDoc).toContain('## `' + id + '`');
  });

  it('has one model per id of ROOT-CAUSES.md, in the registry, no more', () => {
    // Ids head the rows of the catalogue tables and again of the cause-model table.
    const ids = [...new Set([...shared.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]))];
    expect(ids.length).toBe(27);
    expect(CAUSES.map((m) => m.id).sort()).toEqual(ids.sort());
    expect(new Set(CAUSES.map((m) => m.id)).size).toBe(CAUSES.length);
  });

  it.each(CAUSES.map((m) => [m.id, m] as const))('%s: a docs page titled with its id, defining evidence, preconditions, remediation, catalogue-only explains', (id, m) => {
    expect(m.docs).toBe(`docs/root-causes/${id}.md`);
    expect(existsSync(m.docs)).toBe(true);
    const page = readFileSync(m.docs, 'utf8');
    expect(page.split('\n')[0]).toBe(`# ${id}`);
    for (const c of [...m.defining, ...m.supporting, ...m.contradicting]) expect(page, `${id} page names "${c.says}"`).toContain(c.says);
    expect(m.defining.length).toBeGreaterThan(0);
    expect(m.preconditions.length).toBeGreaterThan(0);
    expect(m.remediation.length).toBeGreaterThan(0);
    const says = [...m.defining, ...m.supporting, ...m.contradicting].map((c) => c.says);
    expect(new Set(says).size).toBe(says.length);
    for (const other of m.explains) expect(CAUSES.some((x) => x.id === other), `${id} explains ${other}`).toBe(true);
    expect(m.explains).not.toContain(id);
  });

  it.each(Object.values(STATUS_CHECKS).map((m) => [m.id, m.code] as const))('%s (%s) has a docs page titled with its id', (id) => {
    const page = `docs/checks/${id.replace('/', '-')}.md`;
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${id}`);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('signature docs', () => {
  const defs = loadBuiltinPacks();
  for (const d of defs) {
    it(`${d.id} has a docs section whose title is its description`, () => {
      const [page, anchor] = d.docs.split('#');
      expect(existsSync(root + page)).toBe(true);
      const text = readFileSync(root + page, 'utf8');
      // `## SIG-CA-001` gives the anchor `sig-ca-001`; the bold line under it is the description.
      expect(anchor).toBe(d.id.toLowerCase());
      expect(text).toContain(`## ${d.id}\n\n**${d.description}**\n`);
    });
  }

  it('the README lists every pack', () => {
    const readme = readFileSync(root + 'docs/signatures/README.md', 'utf8');
    for (const pack of new Set(defs.map((d) => d.pack))) expect(readme).toContain(`[${pack}](${pack}.md)`);
  });
});

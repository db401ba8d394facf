import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { compileEngine, type SignatureEngine } from '../../analyzers/signatures/engine.js';
import { checkExamples } from '../../analyzers/signatures/examples.js';
import type { SignatureDef } from '../../analyzers/signatures/types.js';

const defs: SignatureDef[] = loadBuiltinPacks();
let engine: SignatureEngine;
beforeAll(() => {
  engine = compileEngine(defs);
});

describe('signature examples', () => {
  it('the built-in packs load and ids are unique', () => {
    expect(defs.length).toBeGreaterThanOrEqual(60);
    expect(new Set(defs.map((d) => d.id)).size).toBe(defs.length);
  });

  for (const def of defs) {
    describe(def.id, () => {
      const checks = () => checkExamples(engine, def);
      it('matches its examples, misses its counter-examples, has a healthy one, and suppresses its benign sequences', () => {
        const failed = checks().filter((c) => !c.ok).map((c) => `${c.kind} ${c.index + 1}: ${c.detail}`);
        expect(failed).toEqual([]);
      });
    });
  }
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { compileEngine, type SignatureEngine } from '../../analyzers/signatures/engine.js';
import { createLogScanner } from '../../analyzers/signatures/scanner.js';
import type { SignatureDef, SignatureExample } from '../../analyzers/signatures/types.js';
import { eventOf, hitIds, scanLines } from './run.js';

const defs: SignatureDef[] = loadBuiltinPacks();
let engine: SignatureEngine;
beforeAll(() => {
  engine = compileEngine(defs);
});

/** Run one example through the real engine: a log line in a file of the signature's first component, or an event. */
function idsFor(def: SignatureDef, ex: SignatureExample): Set<string> {
  if (typeof ex === 'string') return hitIds(scanLines(engine, [ex], def.appliesTo[0]!));
  const scanner = createLogScanner(engine);
  scanner.matchEvent(eventOf(ex));
  return hitIds(scanner);
}

describe('signature examples', () => {
  it('the built-in packs load and ids are unique', () => {
    expect(defs.length).toBeGreaterThanOrEqual(60);
    expect(new Set(defs.map((d) => d.id)).size).toBe(defs.length);
  });

  for (const def of defs) {
    describe(def.id, () => {
      def.examples.match.forEach((ex, i) => {
        it(`matches example ${i + 1}`, () => {
          expect(idsFor(def, ex).has(def.id)).toBe(true);
        });
      });
      def.examples.noMatch.forEach((ex, i) => {
        it(`does not match counter-example ${i + 1}`, () => {
          expect(idsFor(def, ex).has(def.id)).toBe(false);
        });
      });
      it('has a healthy counter-example (no signature finds anything in it)', () => {
        const healthy = def.examples.noMatch.some((ex) => {
          const scanner = typeof ex === 'string' ? scanLines(engine, [ex], def.appliesTo[0]!) : createLogScanner(engine);
          if (typeof ex !== 'string') scanner.matchEvent(eventOf(ex));
          return scanner.groups().every((g) => g.contextOnly);
        });
        expect(healthy).toBe(true);
      });
      def.examples.benignSequences.forEach((seq, i) => {
        // The hit is the first line of a benignIfFollowedBy sequence and the last of a benignIfPrecededBy one.
        const hitLine = def.benignIfPrecededBy && !def.benignIfFollowedBy ? seq[seq.length - 1]! : seq[0]!;
        it(`benign sequence ${i + 1} gives no hit, while its hit line alone does`, () => {
          const scanner = scanLines(engine, seq, def.appliesTo[0]!);
          expect(hitIds(scanner).has(def.id)).toBe(false);
          expect(scanner.stats().suppressed).toBeGreaterThan(0);
          expect(scanner.suppressedGroups().some((g) => g.signature.id === def.id)).toBe(true);
          expect(hitIds(scanLines(engine, [hitLine], def.appliesTo[0]!)).has(def.id)).toBe(true);
        });
      });
    });
  }
});

/**
 * fast-check settings shared by the fuzz properties: a fixed seed and a CI-sized run count, so that CI is
 * deterministic and quick. Run longer (and with fresh seeds) by hand:
 *
 *   FUZZ_RUNS=20000 npx vitest run test/fuzz                 # more runs, same seed
 *   FUZZ_RUNS=20000 FUZZ_SEED=random npx vitest run test/fuzz # a new seed each run (printed on failure)
 *   FUZZ_SEED=1234 FUZZ_PATH=… npx vitest run test/fuzz       # replay a failure fast-check printed
 */
import type { Parameters } from 'fast-check';

const seedEnv = process.env.FUZZ_SEED;
const seed = seedEnv === 'random' ? (Math.random() * 2 ** 31) | 0 : Number(seedEnv ?? 20260310);

/** Parameters for `fc.assert`: `runs` is the CI default, scaled by FUZZ_RUNS. */
export function fuzz<T>(runs = 300): Parameters<T> {
  return {
    seed,
    numRuns: Number(process.env.FUZZ_RUNS ?? runs),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    endOnFailure: true,
  };
}

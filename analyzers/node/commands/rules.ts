/**
 * `meshlens rules list [--format text|json]`: every check with its code, severity and one-line description.
 * `meshlens rules test PACK…`: run every example of user signature packs and print pass/fail.
 */
import { parseArgs } from 'node:util';
import { EXIT, type CliIO, UsageError } from '../io.js';
import { loadBuiltinPacks, loadUserPacks } from '../packs.js';
import { allChecks } from '../../checks.js';
import { compileEngine } from '../../signatures/engine.js';
import { checkExamples } from '../../signatures/examples.js';
import { PackError } from '../../signatures/pack.js';
import type { SignatureDef } from '../../signatures/types.js';

/**
 * `meshlens rules test PACK…`: load each pack (a `.yaml` file or a directory of them) as `--signatures` would, then run
 * every signature's examples through the real scanner together with the built-in packs: each `match` example must hit
 * it, each `noMatch` must not, one counter-example must be healthy, benign sequences must be suppressed. Prints one
 * `PASS`/`FAIL` line per signature (failures explained below it) and a total.
 * @returns 0 when every signature passes, 1 when one fails, 2 when a pack does not load (its problems are printed).
 */
export function runRulesTest(packs: readonly string[], io: CliIO): number {
  const builtin = loadBuiltinPacks();
  const user: SignatureDef[] = [];
  try {
    for (const p of packs) user.push(...loadUserPacks(p, [...builtin, ...user]));
  } catch (e) {
    if (!(e instanceof PackError)) throw e;
    io.stderr(`meshlens rules test: ${e.file}: invalid signature pack:\n${e.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT.usage;
  }
  const engine = compileEngine([...builtin, ...user]);
  let failed = 0;
  for (const def of user) {
    const checks = checkExamples(engine, def);
    const bad = checks.filter((c) => !c.ok);
    const examples = def.examples.match.length + def.examples.noMatch.length + def.examples.benignSequences.length;
    io.stdout(`${bad.length ? 'FAIL' : 'PASS'}  ${def.id}  ${examples} example(s)  ${def.docs.replace(/#.*$/, '')}\n`);
    for (const c of bad) io.stdout(`      ${c.kind}${c.kind === 'healthy' ? '' : ` ${c.index + 1}`}: ${c.detail}\n`);
    if (bad.length) failed++;
  }
  io.stdout(`${user.length} signature(s): ${user.length - failed} passed, ${failed} failed\n`);
  return failed ? EXIT.findings : EXIT.ok;
}

export async function runRules(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  if (positionals[0] === 'test') {
    if (positionals.length < 2) throw new UsageError('usage: meshlens rules test PACK… (signature pack files or directories)');
    return runRulesTest(positionals.slice(1), io);
  }
  if (positionals[0] !== 'list' || positionals.length !== 1) throw new UsageError('usage: meshlens rules list [--format text|json] | meshlens rules test PACK…');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
  const checks = allChecks(loadBuiltinPacks());
  if (values.format === 'json') {
    io.stdout(JSON.stringify(checks, null, 2) + '\n');
    return EXIT.ok;
  }
  const codeW = Math.max(...checks.map((c) => c.code.length));
  const idW = Math.max(...checks.map((c) => c.id.length));
  let kind = '';
  for (const c of checks) {
    if (c.kind !== kind) {
      kind = c.kind;
      io.stdout(`\n${{ analyzer: 'Config analyzers', proxy: 'Proxy-state checks', status: 'Status checks', platform: 'Platform checks (outside the mesh)', signature: 'Log signatures' }[kind]} (${checks.filter((x) => x.kind === kind).length})\n`);
    }
    io.stdout(`  ${c.code.padEnd(codeW)}  ${c.severity.padEnd(8)}  ${c.id === c.code ? ''.padEnd(idW) : c.id.padEnd(idW)}  ${c.description}\n`);
  }
  return EXIT.ok;
}

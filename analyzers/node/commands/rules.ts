/**
 * `meshlens rules …`: the checks. A command group: `list` (every check) and `test` (run the examples of user
 * signature packs); add more with `.addCommand()` in `rulesCommand.create`.
 */
import { Command, Option } from 'commander';
import { EXIT, type CliCommand, type CliIO } from '../io.js';
import { loadBuiltinPacks, loadUserPacks } from '../packs.js';
import { allChecks } from '../../checks.js';
import { compileEngine } from '../../signatures/engine.js';
import { checkExamples } from '../../signatures/examples.js';
import { PackError } from '../../signatures/pack.js';
import type { SignatureDef } from '../../signatures/types.js';
import { examples } from './help.js';

const LIST_FORMATS = ['text', 'json'] as const;

export const rulesCommand: CliCommand = {
  create(ctx) {
    const list = new Command('list')
      .summary('every check with its code, severity and description')
      .description('Every check: config analyzers, proxy-state and status checks, log signatures, with code, severity and a one-line description.')
      .addOption(new Option('-f, --format <format>', 'output format').choices(LIST_FORMATS).default('text'))
      .addOption(new Option('-o, --output <format>', 'same as --format').choices(LIST_FORMATS))
      .addHelpText('after', examples([
        ['meshlens rules list', 'a table grouped by kind'],
        ['meshlens rules list -o json', 'the same as a JSON array of { kind, id, code, severity, description }'],
      ]))
      .action((flags: { format: 'text' | 'json'; output?: 'text' | 'json' }) => ctx.exit(listRules(flags.output ?? flags.format, ctx.io)));
    const test = new Command('test')
      .summary('run the examples of your own signature packs')
      .description('Load signature packs (YAML files, or directories of them) as `analyze --signatures` would and run every example of their signatures through the real scanner with the built-in packs: PASS/FAIL per signature. Exit 0 all pass, 1 one fails, 2 a pack does not load (every problem is named). How to write a pack: docs/signatures/writing.md.')
      .argument('<pack...>', 'a signature pack file (.yaml) or a directory of them')
      .addHelpText('after', examples([
        ['meshlens rules test ~/meshlens-packs', 'every .yaml in the directory'],
        ['meshlens rules test team.yaml extra.yaml', 'two packs, checked against each other too'],
      ]))
      .action((packs: string[]) => ctx.exit(runRulesTest(packs, ctx.io)));
    return new Command('rules')
      .summary('list the checks meshlens runs; test your own signature packs')
      .description('The checks meshlens runs (config analyzers, proxy-state and status checks, log signatures), and a test runner for your own signature packs.')
      .addCommand(list)
      .addCommand(test);
  },
};

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

function listRules(format: 'text' | 'json', io: CliIO): number {
  const checks = allChecks(loadBuiltinPacks());
  if (format === 'json') {
    io.stdout(JSON.stringify(checks, null, 2) + '\n');
    return EXIT.ok;
  }
  const codeW = Math.max(...checks.map((c) => c.code.length));
  const idW = Math.max(...checks.map((c) => c.id.length));
  let kind = '';
  for (const c of checks) {
    if (c.kind !== kind) {
      kind = c.kind;
      io.stdout(`\n${{ analyzer: 'Config analyzers', proxy: 'Proxy-state checks', status: 'Status checks', platform: 'Platform checks (outside the mesh)', output: 'Tool-output checks (linkerd check, proxy metrics, identity certificates)', signature: 'Log signatures' }[kind]} (${checks.filter((x) => x.kind === kind).length})\n`);
    }
    io.stdout(`  ${c.code.padEnd(codeW)}  ${c.severity.padEnd(8)}  ${c.id === c.code ? ''.padEnd(idW) : c.id.padEnd(idW)}  ${c.description}\n`);
  }
  return EXIT.ok;
}

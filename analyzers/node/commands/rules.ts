/**
 * `meshlens rules …`: the checks. A command group, so that more subcommands can join `list`
 * (add one with `.addCommand()` in `rulesCommand.create`).
 */
import { Command, Option } from 'commander';
import { EXIT, type CliCommand, type CliIO } from '../io.js';
import { loadBuiltinPacks } from '../packs.js';
import { allChecks } from '../../checks.js';
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
    return new Command('rules')
      .summary('list the checks meshlens runs')
      .description('The checks meshlens runs (config analyzers, proxy-state and status checks, log signatures).')
      .addCommand(list);
  },
};

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

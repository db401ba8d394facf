/** `meshlens rules list [--format text|json]`: every check with its code, severity and one-line description. */
import { parseArgs } from 'node:util';
import { EXIT, type CliIO, UsageError } from '../io.js';
import { loadBuiltinPacks } from '../packs.js';
import { allChecks } from '../../checks.js';

export async function runRules(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  if (positionals[0] !== 'list' || positionals.length !== 1) throw new UsageError('usage: meshlens rules list [--format text|json]');
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

/**
 * `meshlens` command-line entry, on commander (docs/cli.md says why). `main` parses, dispatches and returns the
 * exit code (0 ok, 1 findings at or above --fail-on, 2 usage error, unreadable input or an internal error)
 * instead of exiting, so tests run it in-process; bin/meshlens.mjs runs it from the build in out/cli/.
 * Errors never print a stack trace: a usage error is one line plus the command's usage; anything else is one
 * line (`MESHLENS_DEBUG=1` adds the stack).
 */
import { Command, CommanderError } from 'commander';
import { EXIT, type CliContext, type CliIO, UsageError } from './io.js';
import { COMMANDS } from './commands/index.js';
import { normalizeAnalyzeArgv } from './commands/analyze.js';
import { REPORT_SCHEMA_VERSION } from '../report/schema.js';
import { TOOL_VERSION } from './version.js';

export const VERSION_TEXT = `meshlens ${TOOL_VERSION} (report schemaVersion ${REPORT_SCHEMA_VERSION})`;

const ABOUT = `A <bundle> is an istioctl bug-report (.tar.gz, .tgz, .tar, .zip or its folder), an OpenShift must-gather,
a kubectl cluster-info dump, a troubleshoot.sh support bundle, a folder of kubectl YAML/JSON, Envoy config
dumps, istioctl and Linkerd outputs and logs, or one such file; archives inside it are read to one level.

Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage error or unreadable input.
Full reference: docs/cli.md.`;

/** The whole command tree, wired to `ctx` (exported for the completion and help tests). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('meshlens')
    .description('Offline analyzer for service-mesh support bundles: what broke first, and why, with file:line evidence.')
    .version(VERSION_TEXT, '-v, --version', 'print the version and the report schema version')
    .helpOption('-h, --help', 'display help for a command')
    .addHelpText('after', `\n${ABOUT}\n`)
    .showSuggestionAfterError(true);
  for (const c of COMMANDS) program.addCommand(c.create(ctx));
  return program;
}

/** Every command of the tree, the root first. */
export function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/** `meshlens analyze` for the analyze command: the names from the root. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

class CommandError extends Error {
  constructor(readonly error: CommanderError, readonly command: Command) {
    super(error.message);
  }
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  let current: Command | undefined;
  const ctx: CliContext = { io, exit: (c) => { code = c; }, program: () => program };
  const program = buildProgram(ctx);
  for (const cmd of allCommands(program)) {
    cmd.exitOverride((err) => { throw new CommandError(err, cmd); });
    cmd.configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} });
  }
  program.hook('preAction', (_self, action) => { current = action; });

  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(normalizeAnalyzeArgv(argv), { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommandError) {
      const { error: cause, command } = err;
      if (cause.code === 'commander.helpDisplayed' || cause.code === 'commander.version') return EXIT.ok;
      if (cause.code === 'commander.help') return EXIT.usage; // a command group without its subcommand: help went to stderr
      usage(io, command, cause.message.replace(/^error: /, ''));
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      usage(io, current ?? program, err.message);
      return EXIT.usage;
    }
    const e = err as Error;
    io.stderr(`meshlens: internal error: ${e?.message ?? String(err)}${io.env?.MESHLENS_DEBUG ? `\n${e?.stack ?? ''}` : ' (set MESHLENS_DEBUG=1 for details)'}\n`);
    return EXIT.usage;
  }
}

/** One line saying what is wrong, then the command's usage and where its help is. */
function usage(io: CliIO, cmd: Command, message: string): void {
  const path = commandPath(cmd);
  io.stderr(`${path}: ${message.replace(/\n/g, ' ')}\nUsage: ${path} ${cmd.usage()}\nRun "${path} --help" for its flags and examples.\n`);
}

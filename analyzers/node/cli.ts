/**
 * `meshlens` command-line entry: dispatches subcommands. Every command returns its exit code
 * (0 ok, 1 findings at or above --fail-on, 2 usage or unreadable input) instead of exiting, so tests
 * can run it in-process.
 */
import { EXIT, type CliIO, UsageError } from './io.js';
import { runAnalyze } from './commands/analyze.js';
import { runRules } from './commands/rules.js';
import { run as runProxyConfig } from './commands/proxy-config.js';
import { run as runProxyStatus } from './commands/proxy-status.js';
import { run as runServe } from './serve/index.js';
import { TOOL_VERSION } from './version.js';

export const USAGE = `meshlens ${TOOL_VERSION}: offline analyzer for service-mesh support bundles

Usage:
  meshlens analyze <bundle> [--format text|json|md|html] [--out FILE] [--fail-on SEVERITY]
                            [--compare-istioctl] [--disable ID,…] [--config FILE]
                            [--redact[=ips,hosts]] [--max-size SIZE] [--signatures DIR]
  meshlens rules list [--format text|json]
  meshlens rules test PACK…
  meshlens proxy-config <cluster|listener|route|endpoint|secret|bootstrap|all> <bundle> --pod NS/NAME [-o short|json|yaml]
  meshlens proxy-status <bundle>
  meshlens serve <bundle> [--port N]

<bundle> is an istioctl bug-report (.tar.gz, .tgz, .tar or extracted directory), a troubleshoot.sh
support bundle, a directory of kubectl YAML/JSON and logs, or a single file.
Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage error or unreadable input.
See README.md and docs/cli.md for every flag and output format.
`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze': return await runAnalyze(rest, io);
      case 'rules': return await runRules(rest, io);
      case 'proxy-config': return await runProxyConfig(rest, io);
      case 'proxy-status': return await runProxyStatus(rest, io);
      case 'serve': return await runServe(rest, io);
      case '--version': case '-v': io.stdout(`${TOOL_VERSION}\n`); return EXIT.ok;
      case undefined: case '--help': case '-h': case 'help': io.stdout(USAGE); return command === undefined ? EXIT.usage : EXIT.ok;
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`meshlens: ${err.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw err;
  }
}

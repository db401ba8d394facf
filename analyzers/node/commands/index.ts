/**
 * The `meshlens` commands, in the order `meshlens --help` lists them. Adding a command: write
 * `commands/<name>.ts` exporting a `CliCommand` (see analyze.ts for a full one, proxy-status.ts for a small
 * one), then add it here (docs/cli.md "Adding a command").
 */
import type { CliCommand } from '../io.js';
import { analyzeCommand } from './analyze.js';
import { completionCommand } from './completion.js';
import { diffCommand } from './diff.js';
import { fleetCommand } from './fleet.js';
import { proxyConfigCommand } from './proxy-config.js';
import { proxyStatusCommand } from './proxy-status.js';
import { rulesCommand } from './rules.js';
import { serveCommand } from './serve.js';

export const COMMANDS: readonly CliCommand[] = [
  analyzeCommand,
  diffCommand,
  fleetCommand,
  serveCommand,
  proxyConfigCommand,
  proxyStatusCommand,
  rulesCommand,
  completionCommand,
];

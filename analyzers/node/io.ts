import type { Command } from 'commander';

/** What a CLI command may touch of the process: output streams, whether stderr is a terminal, the environment. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

/** Exit codes (DESIGN.md "CLI conventions"). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Thrown for bad command-line usage; the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

/** What a command's action gets: the process's streams, and where it reports its exit code. */
export interface CliContext {
  io: CliIO;
  /** Sets the exit code `main` returns (EXIT.ok unless an action says otherwise). */
  exit(code: number): void;
  /** The whole program, for commands that describe it (completion). */
  program(): Command;
}

/**
 * One `meshlens` command: a commander `Command` built for a context. Adding a command is one file exporting
 * a `CliCommand` plus one line in `commands/index.ts` (docs/cli.md "Adding a command").
 */
export interface CliCommand {
  create(ctx: CliContext): Command;
}

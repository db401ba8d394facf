/** What a CLI command may touch of the process: output streams, whether stderr is a terminal, the environment. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

/** Exit codes (DESIGN.md "CLI conventions"). */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Thrown for bad command-line usage; the CLI prints the message and exits 2. */
export class UsageError extends Error {}

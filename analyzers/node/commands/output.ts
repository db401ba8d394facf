/** Where a command's rendered output goes: the `--out` file, or stdout. */
import { writeFile } from 'node:fs/promises';
import type { CliIO } from '../io.js';

/**
 * Write `body` (or `bytes`, for binary formats) to `out` when given, else print `body` on stdout. Returns false
 * after telling stderr why `out` could not be written (the caller exits EXIT.usage); never throws for that.
 */
export async function emitOutput(io: CliIO, out: string | undefined, body: string, bytes: string | Uint8Array = body): Promise<boolean> {
  if (!out) {
    io.stdout(body);
    return true;
  }
  try {
    await writeFile(out, bytes);
    return true;
  } catch (e) {
    io.stderr(`meshlens: cannot write --out ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return false;
  }
}

/** What the report commands (analyze, diff, fleet) share about output: the format flags, redaction, where it goes. */
import { writeFile } from 'node:fs/promises';
import { UsageError, type CliIO } from '../io.js';
import { parseRedactClasses, type RedactClass } from '../../report/redact.js';

/** `--format` and its kubectl/istioctl spelling `--output`: the one given. Throws UsageError when both are given and differ. */
export function chosenFormat<F extends string>(flags: { format: F; output?: F }): F {
  if (flags.output && flags.format !== 'text' && flags.output !== flags.format) throw new UsageError(`--output ${flags.output} and --format ${flags.format} disagree: give one`);
  return flags.output ?? flags.format;
}

/** The `--redact` classes given (parseRedactClasses). Throws UsageError naming the bad class. */
export function redactFlag(values: readonly string[] | undefined): RedactClass[] {
  try {
    return parseRedactClasses([...(values ?? [])]);
  } catch (e) {
    throw new UsageError(`--redact: ${(e as Error).message}`);
  }
}

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

/** Command-line handling of the desktop app: `meshlens-desktop [bundle]` (packaged) or `electron . [bundle]` (dev). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The bundle named on the command line: the last argument that is not a flag and exists, made absolute. */
export function bundleFromArgv(argv: readonly string[], defaultApp: boolean): string | undefined {
  const args = argv.slice(defaultApp ? 2 : 1).filter((a) => !a.startsWith('-'));
  const last = args[args.length - 1];
  return last && existsSync(last) ? resolve(last) : undefined;
}

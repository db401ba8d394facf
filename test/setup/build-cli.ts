/**
 * vitest globalSetup: tests that spawn `meshlens` (the hostile suite, the secrets suite) run bin/meshlens.mjs,
 * which runs the built CLI (out/cli/meshlens.mjs). Rebuild it (`npm run build:cli`, ~1 s) when a source it is
 * built from is newer, so that those tests never run a stale build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = join(ROOT, 'out/cli/meshlens.mjs');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export default function setup(): void {
  const built = existsSync(BUILT) && existsSync(join(ROOT, 'out/signatures/packs.json')) ? statSync(BUILT).mtimeMs : 0;
  const sources = Math.max(...['analyzers', 'scripts/build-cli.mjs', 'package.json'].map((p) => newest(join(ROOT, p))));
  if (sources > built) execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

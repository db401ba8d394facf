// `node test/e2e/run.mjs`: build the CLI and the renderer, then run the end-to-end tests (node's test runner).
// Needs Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH); screenshots go to test-results/e2e/.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { ARTIFACTS, CHROMIUM, ROOT } from './harness.mjs';

if (!existsSync(CHROMIUM)) {
  console.error(`e2e: ${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(2);
}
const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
rmSync(ARTIFACTS, { recursive: true, force: true }); // screenshots of this run only
step(process.execPath, [`${ROOT}scripts/build-cli.mjs`]);
step(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '-c', 'renderer/vite.config.ts', '--logLevel', 'warn']);
step(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=300000', 'test/e2e/sample.e2e.mjs', 'test/e2e/bug-report.e2e.mjs', 'test/e2e/may-bug-report.e2e.mjs', 'test/e2e/ambient.e2e.mjs', 'test/e2e/ambient-sample.e2e.mjs', 'test/e2e/fleet.e2e.mjs', 'test/e2e/diff.e2e.mjs']);

/**
 * Starting one of `meshlens serve`'s own threads (worker_threads): from the built CLI, the thread's module built on its
 * own beside out/cli/meshlens.mjs (scripts/build-cli.mjs: `<name>.mjs`); from sources (tests, tsx), a bootstrap that
 * registers tsx in the thread and imports the module's TypeScript, as sources/scan-pool.ts does.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The Node options of this process a thread can take: a thread inherits them, and those of `node -e` (the code, and
 * `--input-type`, which Node refuses for a file) would stop it from starting.
 */
export function threadExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print' || a === '--input-type') i++;
    else if (!a.startsWith('--input-type=') && !a.startsWith('--eval=') && !a.startsWith('--print=')) out.push(a);
  }
  return out;
}

/** `moduleUrl`: the thread module's own `import.meta.url`; `built`: its file name in out/cli/ once built. */
export function startThread(moduleUrl: string, built: string, workerData: unknown): Worker {
  const url = new URL(moduleUrl);
  const execArgv = threadExecArgv();
  if (!url.pathname.endsWith('.ts')) return new Worker(fileURLToPath(new URL(built, url)), { workerData, execArgv });
  const tsx = pathToFileURL(join(dirname(createRequire(moduleUrl).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData, execArgv });
}

/**
 * Starting one of `meshlens serve`'s own threads (worker_threads): from the built CLI, the thread's module built on its
 * own beside out/cli/meshlens.mjs (scripts/build-cli.mjs: `<name>.mjs`); from sources (tests, tsx), a bootstrap that
 * registers tsx in the thread and imports the module's TypeScript, as sources/scan-pool.ts does.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** `moduleUrl`: the thread module's own `import.meta.url`; `built`: its file name in out/cli/ once built. */
export function startThread(moduleUrl: string, built: string, workerData: unknown): Worker {
  const url = new URL(moduleUrl);
  if (!url.pathname.endsWith('.ts')) return new Worker(fileURLToPath(new URL(built, url)), { workerData });
  const tsx = pathToFileURL(join(dirname(createRequire(moduleUrl).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData });
}

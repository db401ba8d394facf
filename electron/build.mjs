// Bundles the Electron shell into out/electron/: main.mjs (ESM), engine.mjs (ESM, utilityProcess), its log index
// thread log-thread.mjs (ESM) and preload.cjs (CommonJS: sandboxed preloads cannot load ES modules). Everything but `electron` and
// Node's built-ins is bundled in, so the packaged app needs no node_modules. The engine reads its
// signature packs from `../signatures/packs/` beside its own file (analyzers/node/packs.ts): they are
// copied to out/signatures/packs/.
import { cpSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const entries = [
  { name: 'main', entry: 'electron/main/index.ts', format: 'es', file: 'main.mjs' },
  { name: 'engine', entry: 'electron/engine/index.ts', format: 'es', file: 'engine.mjs' },
  { name: 'preload', entry: 'electron/preload/index.ts', format: 'cjs', file: 'preload.cjs' },
  // the engine's log index thread (BundleSession starts it beside the engine's own file: analyzers/node/serve/threads.ts)
  { name: 'log-thread', entry: 'analyzers/node/logindex/log-thread.ts', format: 'es', file: 'log-thread.mjs' },
  // the engine's log-scan threads (analyzers/node/sources/scan-pool.ts: SCAN_THREAD_FILE), which otherwise load engine.mjs
  { name: 'scan-thread', entry: 'analyzers/node/sources/scan-pool.ts', format: 'es', file: 'scan-thread.mjs' },
];

for (const e of entries) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: e.entry,
      outDir: 'out/electron',
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: false,
      rollupOptions: { external, output: { format: e.format, entryFileNames: e.file, codeSplitting: false } },
    },
  });
  console.log(`built out/electron/${e.file}`);
}

cpSync(`${root}analyzers/signatures/packs`, `${root}out/signatures/packs`, { recursive: true });
console.log('copied out/signatures/packs');

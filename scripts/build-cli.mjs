// `npm run build:cli` (run by `npm ci` through `prepare`): bundles the CLI and the engine into one ES module,
// out/cli/meshlens.mjs, with vite (as electron/build.mjs bundles the desktop engine), so that `meshlens` starts
// from JavaScript: no TypeScript compiler and no module graph of ~300 files to resolve at start-up. Every npm
// dependency is bundled in; only Node's built-ins and playwright-core (optional, for --format pdf) stay imports. The signature packs are copied to out/signatures/packs/, where analyzers/node/packs.ts looks
// for them beside the bundle (`../signatures/packs/`), as it does in out/electron/, and written parsed to
// out/signatures/packs.json: parsing their YAML took ~150 ms of every start, reading the JSON takes 1 ms
// (packs.ts validates it exactly as it validates the YAML).
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
// playwright-core (PDF output only) stays an import, loaded lazily: it is an optional dependency of the package
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'playwright-core'];

// The CLI, then its threads: `meshlens serve`'s analysis and log index (analyzers/node/serve/threads.ts) and the log
// scan's, beside the CLI in out/cli (emptied by the first build only).
const entries = [
  ['analyzers/node/cli.ts', 'meshlens.mjs'],
  ['analyzers/node/serve/analysis-thread.ts', 'analysis-thread.mjs'],
  ['analyzers/node/logindex/log-thread.ts', 'log-thread.mjs'],
  // the log-scan threads (analyzers/node/sources/scan-pool.ts), which otherwise load the whole CLI
  ['analyzers/node/sources/scan-pool.ts', 'scan-thread.mjs'],
];
for (const [i, [entry, name]] of entries.entries()) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: entry,
      outDir: 'out/cli',
      emptyOutDir: i === 0,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { external, output: { format: 'es', entryFileNames: name, codeSplitting: false } },
    },
  });
}
const packs = `${root}analyzers/signatures/packs/`;
cpSync(packs, `${root}out/signatures/packs`, { recursive: true });
// the same YAML options as parsePack (analyzers/signatures/pack.ts)
const parsed = readdirSync(packs).filter((f) => f.endsWith('.yaml')).sort().map((file) => ({ file, doc: parse(readFileSync(packs + file, 'utf8'), { uniqueKeys: true, maxAliasCount: 0 }) }));
writeFileSync(`${root}out/signatures/packs.json`, JSON.stringify(parsed));
console.log(`built ${entries.map(([, name]) => `out/cli/${name}`).join(', ')}, out/signatures/packs.json; copied out/signatures/packs/`);

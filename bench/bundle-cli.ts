/**
 * Bundles the CLI into one ESM file with vite (as electron/build.mjs bundles the desktop engine), so that the
 * benchmark can tell what tsx costs: `.bench/cli/node/meshlens.mjs`, with the signature packs beside it
 * (`.bench/cli/signatures/packs/`) and the package version at `.bench/package.json`, where the engine's
 * `import.meta.url` lookups find them.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'vite';

/** Builds the bundle under `out` (the .bench folder) and returns the path of the entry file. */
export async function bundleCli(root: string, out: string): Promise<string> {
  const dir = join(out, 'cli');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: join(root, 'bench/cli-entry.ts'),
      outDir: join(dir, 'node'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)], output: { format: 'es', entryFileNames: 'meshlens.mjs', codeSplitting: false } },
    },
  });
  mkdirSync(join(dir, 'signatures'), { recursive: true });
  cpSync(join(root, 'analyzers/signatures/packs'), join(dir, 'signatures/packs'), { recursive: true });
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'meshlens-bench-cli', private: true, version }));
  return join(dir, 'node/meshlens.mjs');
}

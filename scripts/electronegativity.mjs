// `npm run lint:electron`: Doyensec's Electronegativity over the desktop shell (electron/**) and the renderer's
// index.html (where the CSP <meta> is), failing on any HIGH or MEDIUM finding; it prints every finding it makes.
//
// Run through its programmatic API, not its CLI: the CLI needs a commander 2-era API that it does not declare
// (it breaks on the commander this project uses), and both fetch translations from the internet at start-up.
// That fetch is replaced here by a refusal, so the scan never touches the network (it falls back to its bundled
// English messages). The scan runs on a copy in a temp dir of ours, so that node_modules and builds are not walked.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Electronegativity is CommonJS: load it (and pre-seed its module cache) through a CommonJS loader
const load = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = dirname(load.resolve('@doyensec/electronegativity/package.json'));
const gotPath = load.resolve('got', { paths: [pkgDir] });
let refused = 0;
load.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: () => { refused++; return Promise.reject(new Error('offline: meshlens scans without network')); } };
const run = load(join(pkgDir, 'dist/runner.js'));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-electronegativity-'));
  try {
    cpSync(join(root, 'electron'), join(dir, 'electron'), { recursive: true, filter: (p) => !p.endsWith('.mjs') || !p.includes('build') });
    cpSync(join(root, 'renderer/index.html'), join(dir, 'renderer/index.html'));
    const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'meshlens', devDependencies: { electron: devDependencies.electron } }));
    const electronVersion = devDependencies.electron.replace(/^[^\d]*/, '');
    // AvailableSecurityFixesGlobalCheck compares with Electron's release list online: left out (no network here)
    const result = await run({ input: dir, isRelative: true, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] });
    const issues = result.issues.map((i) => ({ id: i.id, severity: i.severity.name, confidence: i.confidence.name, file: i.file, line: i.location.line, description: i.description }));
    for (const i of issues) console.log(`${i.severity.padEnd(13)} ${i.confidence.padEnd(9)} ${i.id}  ${i.file}:${i.line}`);
    const blocking = issues.filter((i) => i.severity === 'HIGH' || i.severity === 'MEDIUM');
    console.log(`electronegativity: ${result.globalChecks + result.atomicChecks} checks, ${issues.length} finding(s), ${blocking.length} HIGH or MEDIUM; ${refused} network request(s) refused`);
    if (result.errors.length) console.log(`electronegativity: ${result.errors.length} file(s) could not be parsed: ${result.errors.map((e) => e.file).join(', ')}`);
    process.exitCode = blocking.length || result.errors.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`electronegativity: ${e.message}`);
  process.exitCode = 1;
});

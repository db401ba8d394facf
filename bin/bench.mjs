#!/usr/bin/env node
// `npm run bench`: generates the synthetic bundles (cached in .bench/) and measures meshlens against the floor
// and the grep peer. Options: see bench/run.ts (`npm run bench -- --help`).
// `npm run bench -- serve [BUNDLE]`: `meshlens serve` under load (bench/serve-load.ts).
import { register } from 'tsx/esm/api';

register();
const argv = process.argv.slice(2);
const { main } = argv[0] === 'serve' ? await import('../bench/serve-load.ts') : await import('../bench/run.ts');
process.exitCode = await main(argv[0] === 'serve' ? argv.slice(1) : argv);

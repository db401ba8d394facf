#!/usr/bin/env node
// `npm run bench`: generates the synthetic bundles (cached in .bench/) and measures meshlens against the floor
// and the grep peer. Options: see bench/run.ts (`npm run bench -- --help`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));

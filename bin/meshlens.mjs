#!/usr/bin/env node
// Entry point of the `meshlens` command. The engine is TypeScript; tsx loads it without a build step,
// so `npm ci && npx meshlens …` works on a fresh machine.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../analyzers/node/cli.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

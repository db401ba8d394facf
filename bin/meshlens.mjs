#!/usr/bin/env node
// Entry point of the `meshlens` command. It runs the CLI built to JavaScript (out/cli/meshlens.mjs, one bundled
// module made by `npm run build:cli`, which `npm ci` runs through `prepare`): nothing is compiled at start-up.
let cli;
try {
  cli = await import('../out/cli/meshlens.mjs');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('out/cli/meshlens.mjs')) throw err;
  process.stderr.write('meshlens: the CLI is not built (out/cli/meshlens.mjs is missing): run `npm run build` in the meshlens folder (`npm ci` does it)\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

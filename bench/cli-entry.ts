// Entry of the bundled CLI that `npm run bench` measures beside bin/meshlens.mjs: the same main(), without tsx.
import { main } from '../analyzers/node/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

// The CLI run from its TypeScript sources (through tsx), for `npm run bench -- --profile`: a CPU profile of the
// built bundle names one file, out/cli/meshlens.mjs; from the sources every function keeps its module's path.
import { main } from '../analyzers/node/cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});

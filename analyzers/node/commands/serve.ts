/** `meshlens serve <bundle> [--port N]`: the app in a browser, on 127.0.0.1 (analyzers/node/serve/). */
import { Command, InvalidArgumentError } from 'commander';
import type { CliCommand } from '../io.js';
import { examples } from './help.js';

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('want a number from 0 to 65535');
  return n;
}

export const serveCommand: CliCommand = {
  create(ctx) {
    return new Command('serve')
      .summary('open the bundle in the app, in a browser on 127.0.0.1')
      .description('Analyze the bundle and serve the meshlens app on 127.0.0.1 only, with a random token in the URL it prints. Ctrl+C stops it.')
      .argument('[bundle]', 'any bundle analyze reads')
      .option('--port <port>', 'port to listen on (0: a free one)', port, 0)
      .option('--fleet <dir>', 'a folder of bundles or JSON reports (as meshlens fleet reads them): the app opens on the Fleet view, each cluster opens on demand')
      .option('--diff <before>', 'compare BEFORE (a bundle or JSON report) with the bundle: the app gains a Diff view (meshlens serve --diff before after)')
      .addHelpText('after', examples([
        ['meshlens serve bug-report.tar.gz', 'prints http://127.0.0.1:PORT/?token=…; open it in a browser'],
        ['meshlens serve ./must-gather.local.123 --port 8080', 'a fixed port'],
        ['meshlens serve --fleet bundles/', 'the Fleet view: causes matrix, clusters at risk, drift; click a cluster to open it'],
        ['meshlens serve --diff before.tar.gz after.tar.gz', 'the app on after.tar.gz, with a Diff view of what changed since before.tar.gz'],
      ]))
      .action(async (bundle: string | undefined, flags: { port: number; fleet?: string; diff?: string }) => {
        const { run } = await import('../serve/index.js');
        ctx.exit(await run([...(flags.diff ? ['--diff', flags.diff] : []), ...(bundle ? [bundle] : []), ...(flags.fleet ? ['--fleet', flags.fleet] : []), '--port', String(flags.port)], ctx.io));
      });
  },
};

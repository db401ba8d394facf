/**
 * `meshlens serve <bundle> [--port N]`: analyze the bundle and serve the app on 127.0.0.1 for a browser.
 * `meshlens serve --fleet DIR`: the app's Fleet view over the clusters in DIR (serve/fleet.ts); a cluster opens
 * in the other views on demand.
 * Prints the URL (with its random token) on stdout; stops on SIGINT/SIGTERM or `deps.signal`.
 * Exit codes: 0 after a clean stop, 2 for usage errors or a missing renderer build.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { startServer } from './http.js';
import { BundleSession, type AnalyzeFn } from './session.js';
import { PACKAGE_ROOT } from '../version.js';

export { startServer } from './http.js';
export { BundleSession } from './session.js';

/** The built renderer, at the package root (the same from the sources and from the built CLI in out/cli/). */
export const DEFAULT_STATIC_DIR = `${PACKAGE_ROOT}renderer/dist`;

export interface ServeDeps {
  analyze?: AnalyzeFn;
  staticDir?: string;
  signal?: AbortSignal;
}

function parseArgs(argv: string[]): { bundle?: string; port: number; fleet: string[] } {
  let bundle: string | undefined;
  let port = 0;
  const fleet: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fleet' || a.startsWith('--fleet=')) {
      const v = a.includes('=') ? a.slice(8) : argv[++i];
      if (!v) throw new UsageError('--fleet wants a folder of bundles or reports');
      fleet.push(v);
    } else if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port wants a number from 0 to 65535, got "${v}"`);
    } else if (a.startsWith('-')) throw new UsageError(`serve: unknown option ${a}`);
    else if (bundle) throw new UsageError('serve takes one bundle');
    else bundle = a;
  }
  if (!bundle && !fleet.length) throw new UsageError('serve needs a bundle: meshlens serve <bundle> [--port N], or a fleet: meshlens serve --fleet DIR');
  return { ...(bundle ? { bundle } : {}), port, fleet };
}

/** `--fleet`: the fleet is read in the background; "ready (fleet of N clusters)" on stderr when it is. */
async function serveFleet(session: BundleSession, paths: string[], io: CliIO, signal: AbortSignal): Promise<void> {
  const { FleetHost, attachFleet } = await import('./fleet.js');
  const host = new FleetHost();
  attachFleet(session, host);
  const s = await host.load(paths, { signal });
  if (s.state === 'ready') io.stderr(`meshlens serve: ready (fleet of ${s.summary.clusters} clusters${s.summary.errors.length ? `, ${s.summary.errors.length} unreadable` : ''})\n`);
  else if (s.state === 'error') io.stderr(`meshlens serve: ${s.message}\n`);
}

export async function run(argv: string[], io: CliIO, deps: ServeDeps = {}): Promise<number> {
  const { bundle, port, fleet } = parseArgs(argv);
  for (const p of [...(bundle ? [bundle] : []), ...fleet]) {
    if (!existsSync(p)) {
      io.stderr(`meshlens serve: ${p}: no such file or directory\n`);
      return EXIT.usage;
    }
  }
  const staticDir = deps.staticDir ?? DEFAULT_STATIC_DIR;
  if (!existsSync(`${staticDir}/index.html`)) {
    io.stderr(`meshlens serve: the app is not built (${staticDir}/index.html is missing): run \`npm run build:renderer\` first\n`);
    return EXIT.usage;
  }
  // user-supplied log regexes: fall back to the linear engine instead of backtracking for ever
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  const analyze = deps.analyze ?? (await import('../analyze.js')).analyzePath;
  const session = new BundleSession(analyze);
  const server = await startServer({ session, staticDir, token: randomBytes(24).toString('base64url'), port });
  io.stdout(`meshlens serve: ${bundle ?? `fleet ${fleet.join(' ')}`}\nOpen ${server.url}\n(listening on 127.0.0.1 only; Ctrl+C stops)\n`);
  const stopFleet = new AbortController();
  const fleetLoaded = fleet.length ? serveFleet(session, fleet, io, stopFleet.signal) : Promise.resolve();
  const opened = !bundle ? Promise.resolve() : session.open(bundle).then(() => {
    const s = session.status();
    if (s.state === 'ready') io.stderr(`meshlens serve: ready (${s.progress.filesRead} files, ${s.progress.bytesRead} bytes)\n`);
    else if (s.state === 'error') io.stderr(`meshlens serve: ${s.message}\n`);
  });
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    deps.signal?.addEventListener('abort', stop, { once: true });
  });
  session.cancel();
  stopFleet.abort();
  await opened;
  await fleetLoaded;
  await server.close();
  await session.close();
  return EXIT.ok;
}

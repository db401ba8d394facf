/**
 * `meshlens serve <bundle> [--port N]`: analyze the bundle and serve the app on 127.0.0.1 for a browser.
 * `meshlens serve --fleet DIR`: the app's Fleet view over the clusters in DIR (serve/fleet.ts); a cluster opens
 * in the other views on demand.
 * `meshlens serve --diff <before> <after> [--port N]`: the same on `after`, plus the comparison with `before`
 * (bundles or JSON reports, as `meshlens diff` reads them) for the app's Diff view.
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

function parseArgs(argv: string[]): { bundle?: string; port: number; fleet: string[]; before?: string } {
  let bundle: string | undefined;
  let before: string | undefined;
  let port = 0;
  const fleet: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fleet' || a.startsWith('--fleet=')) {
      const v = a.includes('=') ? a.slice(8) : argv[++i];
      if (!v) throw new UsageError('--fleet wants a folder of bundles or reports');
      fleet.push(v);
    } else if (a === '--diff') {
      if (bundle || before) throw new UsageError('serve --diff takes two inputs: meshlens serve --diff <before> <after>');
      [before, bundle] = [argv[i + 1], argv[i + 2]];
      if (!before || !bundle || before.startsWith('-') || bundle.startsWith('-')) throw new UsageError('serve --diff takes two inputs: meshlens serve --diff <before> <after>');
      i += 2;
    } else if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port wants a number from 0 to 65535, got "${v}"`);
    } else if (a.startsWith('-')) throw new UsageError(`serve: unknown option ${a}`);
    else if (bundle) throw new UsageError('serve takes one bundle');
    else bundle = a;
  }
  if (!bundle && !fleet.length) throw new UsageError('serve needs a bundle: meshlens serve <bundle> [--port N], or a fleet: meshlens serve --fleet DIR');
  if (before && fleet.length) throw new UsageError('serve takes --diff or --fleet, not both');
  return { ...(bundle ? { bundle } : {}), port, fleet, ...(before ? { before } : {}) };
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

/**
 * The AnalyzeFn of `serve --diff`: reads `before` and then the open bundle as `meshlens diff` does (bundles
 * with their resource and proxy digests, or JSON reports), keeps the comparison (secrets masked, as the CLI
 * does) on the session, and gives the session the after side's report.
 */
function diffingAnalyze(before: string, session: () => BundleSession): AnalyzeFn {
  return async (after, opts) => {
    const { loadInput } = await import('../report-input.js');
    const { diffBundles } = await import('../../diff/index.js');
    const { redactValue, Redactor } = await import('../../report/redact.js');
    const a = await loadInput(before, { digests: true, ...opts });
    const b = await loadInput(after, { digests: true, ...opts });
    session().setDiff(redactValue(diffBundles(a, b), new Redactor(['secrets'])));
    return b.report;
  };
}

export async function run(argv: string[], io: CliIO, deps: ServeDeps = {}): Promise<number> {
  const { bundle, port, fleet, before } = parseArgs(argv);
  for (const p of [...(before ? [before] : []), ...(bundle ? [bundle] : []), ...fleet]) {
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
  // the analysis on its own thread: the server keeps answering while the engine runs
  const analyze = deps.analyze ?? (await import('./analysis-thread.js')).analyzeOnThread;
  const session: BundleSession = new BundleSession(before ? diffingAnalyze(before, () => session) : analyze);
  const server = await startServer({ session, staticDir, token: randomBytes(24).toString('base64url'), port });
  io.stdout(`meshlens serve: ${bundle ? (before ? `${before} → ${bundle} (Diff view: #/diff)` : bundle) : `fleet ${fleet.join(' ')}`}\nOpen ${server.url}\n(listening on 127.0.0.1 only; Ctrl+C stops)\n`);
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

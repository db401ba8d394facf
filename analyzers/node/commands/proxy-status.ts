/**
 * `meshlens proxy-status <bundle>`: istioctl's `proxy-status` table rebuilt from every istiod's
 * `debug/syncz` in a bug-report. Exit codes: 0 printed, 2 usage error, unreadable bundle or no syncz.
 */
import { Command } from 'commander';
import { EXIT, type CliCommand, type CliIO } from '../io.js';
import { parseSyncz } from '../../parse/envoy/istiod.js';
import { renderProxyStatus, type IstiodSync } from '../../proxy/proxy-status.js';
import { istiodPathParts, readBundleFiles } from './bundle-files.js';
import { examples } from './help.js';

export const proxyStatusCommand: CliCommand = {
  create(ctx) {
    return new Command('proxy-status')
      .alias('ps')
      .summary("istioctl proxy-status, from istiod's debug/syncz")
      .description("istioctl proxy-status, offline: each proxy's xDS sync state (SYNCED, NOT SENT, STALE, ERROR) per type, rebuilt from every istiod's debug/syncz in the bundle.")
      .argument('<bundle>', 'bug-report archive or folder')
      .addHelpText('after', examples([['meshlens proxy-status bug-report.tar.gz', 'one row per proxy, as istioctl prints it']]))
      .action(async (bundle: string) => ctx.exit(await proxyStatus(bundle, ctx.io)));
  },
};

/** Prints the proxy-status table; returns the exit code. */
export async function proxyStatus(bundle: string, io: CliIO): Promise<number> {
  let bf;
  try {
    bf = await readBundleFiles(bundle, (p) => istiodPathParts(p)?.file === 'debug/syncz', 256 * 1024 * 1024);
  } catch (e) {
    io.stderr(`meshlens: cannot read ${bundle}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.usage;
  }
  for (const w of bf.warnings) io.stderr(`warning: ${w}\n`);
  const sources: IstiodSync[] = [];
  for (const [path, data] of [...bf.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      sources.push({ istiod: istiodPathParts(path)!.pod, statuses: parseSyncz(new TextDecoder().decode(data)) });
    } catch (e) {
      io.stderr(`warning: ${path}: ${(e as Error).message}; skipped\n`);
    }
  }
  if (sources.length === 0) {
    io.stderr(`meshlens: no readable istiod debug/syncz in ${bundle}\n`);
    return EXIT.usage;
  }
  io.stdout(renderProxyStatus(sources));
  return EXIT.ok;
}

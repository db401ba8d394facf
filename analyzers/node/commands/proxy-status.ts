/**
 * `meshlens proxy-status <bundle>`: istioctl's `proxy-status` table rebuilt from every istiod's
 * `debug/syncz` in a bug-report. Exit codes: 0 printed, 2 usage error, unreadable bundle or no syncz.
 */
import { parseSyncz } from '../../parse/envoy/istiod.js';
import { renderProxyStatus, type IstiodSync } from '../../proxy/proxy-status.js';
import { istiodPathParts, readBundleFiles } from './bundle-files.js';

type IO = { stdout: (s: string) => void; stderr: (s: string) => void };

export async function run(argv: string[], io: IO): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    io.stderr('usage: meshlens proxy-status <bundle>\n');
    return 2;
  }
  let bf;
  try {
    bf = await readBundleFiles(argv[0], (p) => istiodPathParts(p)?.file === 'debug/syncz', 256 * 1024 * 1024);
  } catch (e) {
    io.stderr(`cannot read ${argv[0]}: ${(e as Error).message}\n`);
    return 2;
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
    io.stderr(`no readable istiod debug/syncz in ${argv[0]}\n`);
    return 2;
  }
  io.stdout(renderProxyStatus(sources));
  return 0;
}

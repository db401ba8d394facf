/**
 * `npm run bench -- --profile`: runs (c) once more under `node --cpu-prof` on the largest bundle and prints where
 * the main thread's time went, by self time per function and per engine area. zlib inflates on libuv's thread
 * pool, so it shows here only as the callbacks that hand its output over.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './measure.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Engine areas by source path, first match wins. */
const AREAS: Array<[RegExp, string]> = [
  [/signatures\/(scanner|aho|engine|match|groups)\.ts|parse\/logs\//, 'log scan (lines, literal automaton, times, candidate parse)'],
  [/js-yaml|parse\/k8s\//, 'Kubernetes YAML/JSON'],
  [/proxy\/|parse\/envoy\/|pipeline\/proxy-state/, 'proxy state files and checks'],
  [/rules\/|config\//, 'config analyzers'],
  [/correlate\/|report\//, 'ranking, timeline, report, redaction'],
  [/tar-stream|streamx|node:zlib|node:internal\/streams|node:stream|sources\//, 'tar/gzip plumbing'],
  [/ingest\//, 'ingest (classify, loader)'],
  [/tsx|esbuild|node:internal\/modules|loader|hooks/, 'startup: module loading (tsx)'],
  [/node:internal\/encoding|node:buffer|^buffer$/, 'decoding and buffers'],
  [/^$/, 'V8 builtins (JSON.parse, RegExp, sort…)'],
];

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)' || fn === '(program)') return 'idle / waiting on I/O and zlib';
  for (const [re, name] of AREAS) if (re.test(url)) return name;
  return 'other';
}

/** Self time per function and per area of a .cpuprofile, in ms, largest first. */
export function summarize(p: CpuProfile): { total: number; areas: Array<[string, number]>; functions: Array<[string, number]> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total: [...self.values()].reduce((a, b) => a + b, 0), areas: sorted(areas), functions: sorted(fns).slice(0, 15) };
}

/** Profiles `cli analyze bundle --format json`, run from the sources (bench/cli-entry.ts), and prints the summary. */
export async function profileRun(root: string, out: string, bundle: string): Promise<void> {
  const dir = join(out, 'profile');
  rmSync(dir, { recursive: true, force: true });
  await measure(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', join(root, 'bench/cli-entry.ts'), 'analyze', bundle, '--format', 'json', '--out', join(out, 'report-profiled.json')], root);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written to ${dir}`);
  const s = summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
  console.log(`\nprofile of (c) on ${bundle} (main thread, ${(s.total / 1000).toFixed(2)} s sampled; ${join(dir, file)}):`);
  console.log('| area | self time | share |\n|---|---|---|');
  for (const [a, ms] of s.areas) console.log(`| ${a} | ${(ms / 1000).toFixed(2)} s | ${((100 * ms) / s.total).toFixed(0)} % |`);
  console.log('\n| function | self time |\n|---|---|');
  for (const [f, ms] of s.functions) console.log(`| \`${f}\` | ${(ms / 1000).toFixed(2)} s |`);
}

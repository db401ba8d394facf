/**
 * `npm run bench [-- --sizes 100,1000] [--profiles quiet,incident] [--runs N] [--regen] [--seed N] [--profile]`
 *
 * For each profile and size (MB of uncompressed content), generates a synthetic bug-report with scripts/gen-bundle.ts
 * into `.bench/` (cached by a stamp of the generator's sources), then measures, in one run, wall time, CPU time
 * (user + sys) and peak RSS of:
 *   (a) the floor: Node zlib + tar-stream reading every byte with 1 MiB chunks (bench/floor.mjs);
 *   (b) the peer: `zcat BUNDLE | grep -c -E -e P…` with one ERE per log signature of our packs (bench/grep-patterns.ts);
 *   (c) `meshlens analyze BUNDLE --format json` (bin/meshlens.mjs, the built CLI, as a user runs it).
 * Profiles: `quiet` (signature hits are rare) and `incident` (about one log line in five hits a signature, in every
 * pod and upstream cluster). Prints the ratios c/a and c/b, the RSS and the report's size per profile and size,
 * against the targets of docs/performance.md, and writes them to `.bench/results.json`. Figures are printed, never
 * asserted: the exit code is 0 unless a command failed. `--sizes 4000` adds the 4 GB point of the scale curve.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuiltinPacks } from '../analyzers/node/packs.js';
import { generateBundle, type BenchProfile } from '../scripts/gen-bundle.js';
import buildCliIfStale from '../test/setup/build-cli.js';
import { profileRun } from './profile.js';
import { grepPatterns } from './grep-patterns.js';
import { canMeasureRss, measure, median, type Measured } from './measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.bench');
const GENERATOR = ['scripts/gen-bundle.ts', 'scripts/gen-bundle-world.ts', 'scripts/gen-bundle-proxy.ts', 'scripts/gen-bundle-logs.ts'];
const TARGET = { ca: 1.5, cb: 1.0, rssMB: 300, rssGrowthMB: 50, reportMB: 5 };
const PROFILES: readonly BenchProfile[] = ['quiet', 'incident'];

interface Options {
  sizes: number[];
  profiles: BenchProfile[];
  runs: number;
  regen: boolean;
  seed: number;
  profile: boolean;
}

interface SizeResult {
  profile: BenchProfile;
  sizeMB: number;
  bundle: string;
  uncompressedMB: number;
  gzipMB: number;
  floor: { s: number; cpuS?: number; rssMB?: number };
  grep: { s: number; cpuS?: number; rssMB?: number; matches: number };
  meshlens: { s: number; cpuS?: number; rssMB?: number; findings: number; evidence: number; linesScanned: number; reportMB: number };
  /** Share of log lines that grep's signature patterns match. */
  hitShare: number;
  ca: number;
  cb: number;
}

function parseArgs(argv: readonly string[]): Options | string {
  const o: Options = { sizes: [100, 1000], profiles: [...PROFILES], runs: 1, regen: false, seed: 1, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = (): string => argv[++i] ?? '';
    if (a === '--sizes') o.sizes = v().split(',').map(Number);
    else if (a === '--profiles') o.profiles = v().split(',') as BenchProfile[];
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--regen') o.regen = true;
    else if (a === '--profile') o.profile = true;
    else return a === '--help' || a === '-h' ? '' : `unknown option ${a}`;
  }
  if (o.sizes.some((s) => !(s > 0)) || !(o.runs >= 1)) return 'sizes and runs must be positive numbers';
  if (o.profiles.some((p) => !PROFILES.includes(p))) return `profiles are ${PROFILES.join(', ')}`;
  return o;
}

/** The cached bundle for a profile and size, generated when missing or when the generator changed. */
async function bundleFor(profile: BenchProfile, sizeMB: number, seed: number, regen: boolean): Promise<string> {
  const stamp = createHash('sha256').update(GENERATOR.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\0')).digest('hex').slice(0, 10);
  const prefix = `bundle-${profile}-${sizeMB}mb-s${seed}-`;
  const file = join(OUT, `${prefix}${stamp}.tar.gz`);
  if (existsSync(file) && !regen) return file;
  if (existsSync(OUT)) for (const f of readdirSync(OUT)) if (f.startsWith(prefix)) rmSync(join(OUT, f));
  const t = performance.now();
  const g = await generateBundle(sizeMB, file, seed, profile);
  console.log(`generated ${file}: ${(g.uncompressedBytes / 1e6).toFixed(0)} MB in ${g.entries} entries (${g.proxies} proxies, ${g.resources} objects), ${(g.gzipBytes / 1e6).toFixed(0)} MB gzip, ${((performance.now() - t) / 1000).toFixed(1)} s`);
  writeFileSync(`${file}.json`, JSON.stringify(g));
  return file;
}

function check(m: Measured, what: string): Measured {
  if (m.exitCode !== 0) throw new Error(`${what} exited with ${m.exitCode}`);
  return m;
}

async function runSize(profile: BenchProfile, sizeMB: number, bundle: string, patterns: readonly string[], runs: number): Promise<SizeResult> {
  const meta = JSON.parse(readFileSync(`${bundle}.json`, 'utf8')) as { uncompressedBytes: number; gzipBytes: number };
  const report = join(OUT, `report-${profile}-${sizeMB}mb.json`);
  const a: Measured[] = [];
  const b: Measured[] = [];
  const c: Measured[] = [];
  for (let r = 0; r < runs; r++) {
    a.push(check(await measure(process.execPath, [join(ROOT, 'bench/floor.mjs'), bundle], ROOT), 'floor'));
    b.push(check(await measure('bash', ['-c', 'f=$1; shift; zcat -- "$f" | grep -c -E "$@"', 'bash', bundle, ...patterns.flatMap((p) => ['-e', p])], ROOT), 'zcat | grep'));
    c.push(check(await measure(process.execPath, [join(ROOT, 'bin/meshlens.mjs'), 'analyze', bundle, '--format', 'json', '--out', report], ROOT), 'meshlens analyze'));
  }
  const floorBytes = Number(a[0]!.stdout.trim());
  if (floorBytes !== meta.uncompressedBytes) throw new Error(`floor read ${floorBytes} bytes, the bundle holds ${meta.uncompressedBytes}`);
  const rep = JSON.parse(readFileSync(report, 'utf8')) as { findings: Array<{ evidence: unknown[] }>; stats: { linesScanned: number; bytesRead: number } };
  const s = (ms: readonly Measured[]): number => median(ms.map((m) => m.wallMs)) / 1000;
  const cpu = (ms: readonly Measured[]): number | undefined => (ms[0]!.cpuS === undefined ? undefined : median(ms.map((m) => m.cpuS!)));
  const rss = (ms: readonly Measured[]): number | undefined => (ms[0]!.rssMB === undefined ? undefined : Math.max(...ms.map((m) => m.rssMB!)));
  const matches = Number(b[0]!.stdout.trim());
  const res: SizeResult = {
    profile, sizeMB, bundle, uncompressedMB: meta.uncompressedBytes / 1e6, gzipMB: meta.gzipBytes / 1e6,
    floor: { s: s(a), cpuS: cpu(a), rssMB: rss(a) },
    grep: { s: s(b), cpuS: cpu(b), rssMB: rss(b), matches },
    meshlens: {
      s: s(c), cpuS: cpu(c), rssMB: rss(c), findings: rep.findings.length, evidence: rep.findings.reduce((n, f) => n + f.evidence.length, 0),
      linesScanned: rep.stats.linesScanned, reportMB: statSync(report).size / 1e6,
    },
    hitShare: matches / Math.max(1, rep.stats.linesScanned),
    ca: 0, cb: 0,
  };
  res.ca = res.meshlens.s / res.floor.s;
  res.cb = res.meshlens.s / res.grep.s;
  return res;
}

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const mb = (x?: number): string => (x === undefined ? 'n/a' : `${Math.round(x)} MB`);
const cpuOf = (x?: number): string => (x === undefined ? '' : `, CPU ${f2(x)} s`);
const mark = (ok: boolean): string => (ok ? 'met' : 'NOT met');

function print(results: readonly SizeResult[], runs: number): void {
  console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg().map(f1).join(' ')}; ${runs === 1 ? 'one run' : `median of ${runs} runs`} each`);
  console.log('\n| profile | bundle | (a) floor: zlib + tar-stream | (b) zcat \\| grep -c -E | (c) meshlens analyze --format json | c/a | c/b | report |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const rate = (s: number): string => `${Math.round(r.uncompressedMB / s)} MB/s`;
    console.log(`| ${r.profile} | ${f1(r.uncompressedMB)} MB (${f1(r.gzipMB)} MB gzip; ${(100 * r.hitShare).toFixed(1)} % of lines hit) | ${f2(r.floor.s)} s, ${rate(r.floor.s)}, RSS ${mb(r.floor.rssMB)} | ${f2(r.grep.s)} s${cpuOf(r.grep.cpuS)}, ${rate(r.grep.s)}, RSS ${mb(r.grep.rssMB)} (${r.grep.matches} lines) | ${f2(r.meshlens.s)} s${cpuOf(r.meshlens.cpuS)}, ${rate(r.meshlens.s)}, RSS ${mb(r.meshlens.rssMB)} (${r.meshlens.linesScanned} log lines) | ${f2(r.ca)} | ${f2(r.cb)} | ${f2(r.meshlens.reportMB)} MB, ${r.meshlens.findings} findings, ${r.meshlens.evidence} evidence |`);
  }
  for (const profile of new Set(results.map((r) => r.profile))) {
    const rs = results.filter((r) => r.profile === profile);
    const big = rs.reduce((x, y) => (y.sizeMB > x.sizeMB ? y : x));
    const small = rs.reduce((x, y) => (y.sizeMB < x.sizeMB ? y : x));
    console.log(`\n${profile}, targets at ${f1(big.uncompressedMB)} MB: c/a ${f2(big.ca)} ≤ ${TARGET.ca} ${mark(big.ca <= TARGET.ca)}; c/b ${f2(big.cb)} ≤ ${TARGET.cb} ${mark(big.cb <= TARGET.cb)}; RSS ${mb(big.meshlens.rssMB)} ≤ ${TARGET.rssMB} MB ${big.meshlens.rssMB === undefined ? 'n/a' : mark(big.meshlens.rssMB <= TARGET.rssMB)}; report ${f2(Math.max(...rs.map((r) => r.meshlens.reportMB)))} MB ≤ ${TARGET.reportMB} MB ${mark(rs.every((r) => r.meshlens.reportMB <= TARGET.reportMB))}`);
    if (big !== small && big.meshlens.rssMB !== undefined && small.meshlens.rssMB !== undefined) {
      const growth = big.meshlens.rssMB - small.meshlens.rssMB;
      console.log(`RSS ${mb(small.meshlens.rssMB)} at ${f1(small.uncompressedMB)} MB → ${mb(big.meshlens.rssMB)} at ${f1(big.uncompressedMB)} MB: grows ${mb(growth)} < ${TARGET.rssGrowthMB} MB ${mark(growth < TARGET.rssGrowthMB)}`);
    }
    if (rs.length > 1) console.log(`scale: ${rs.map((r) => `${f1(r.uncompressedMB)} MB ${f2(r.meshlens.s)} s (${f2(r.meshlens.s / (r.uncompressedMB / 1000))} s/GB) ${mb(r.meshlens.rssMB)}`).join(' → ')}`);
  }
  if (!canMeasureRss()) console.log('RSS and CPU not measured: GNU time (/usr/bin/time) is not installed (Debian: apt-get install time)');
  console.log('Why the targets that are not met are not, with a profile: docs/performance.md');
}

export async function main(argv: readonly string[]): Promise<number> {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    console.error(`${o ? `${o}\n` : ''}usage: npm run bench [-- --sizes 100,1000] [--profiles quiet,incident] [--runs N] [--regen] [--seed N] [--profile]`);
    return o ? 2 : 0;
  }
  const bundles: Array<[BenchProfile, number, string]> = [];
  for (const profile of o.profiles) for (const size of o.sizes) bundles.push([profile, size, await bundleFor(profile, size, o.seed, o.regen)]);
  const patterns = grepPatterns(loadBuiltinPacks());
  const results: SizeResult[] = [];
  try {
    buildCliIfStale();
    for (const [profile, size, file] of bundles) {
      console.log(`measuring ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB gzip)…`);
      results.push(await runSize(profile, size, file, patterns, o.runs));
    }
  } catch (e) {
    console.error(`bench failed: ${(e as Error).message}`);
    return 1;
  }
  print(results, o.runs);
  if (o.profile) for (const profile of o.profiles) await profileRun(ROOT, OUT, bundles.filter((b) => b[0] === profile).reduce((x, y) => (y[1] > x[1] ? y : x))[2]);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: totalmem() / 2 ** 30, node: process.version, loadavg: loadavg() }, runs: o.runs, results }, null, 2));
  return 0;
}

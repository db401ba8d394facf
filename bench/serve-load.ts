/**
 * `npm run bench -- serve [BUNDLE] [--calls 3000] [--clients 50] [--profile DIR]`: `meshlens serve` under load.
 *
 * Starts `node bin/meshlens.mjs serve BUNDLE` (default: the cached 100 MB incident-heavy bench bundle), times how long
 * the report and the log index take to be ready, then sends `--calls` Backend API calls from `--clients` concurrent
 * clients (keep-alive connections): a mix of what the app sends while a user browses (status, log sources, log pages
 * filtered by text, level and pod, excerpts of evidence, proxies, the report now and then) plus, one call in fifty, an
 * excerpt of a path outside the bundle, which must answer 404. A call's time runs until its whole answer is received
 * (not parsed: the clients share the bench's one thread). Prints latency percentiles (ms) per method and overall,
 * the answers by HTTP status, and the server's peak RSS (VmHWM of its process, MiB, sampled from /proc). Figures are
 * printed, never asserted; the exit code is 0 unless the server could not start or an answer was unexpected. Also the
 * server's CPU time (user + system, /proc) until ready and during the load; `--profile DIR` writes its V8 CPU profile.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Call {
  method: string;
  args: unknown[];
  /** The HTTP status this call must get. */
  expect: number;
}

interface Options {
  bundle: string;
  calls: number;
  clients: number;
  /** Write the server's V8 CPU profile (.cpuprofile) into this folder. */
  profile?: string;
}

function parseArgs(argv: readonly string[]): Options | string {
  const o: Options = { bundle: '', calls: 3000, clients: 50 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--calls') o.calls = Number(argv[++i]);
    else if (a === '--clients') o.clients = Number(argv[++i]);
    else if (a === '--profile') o.profile = argv[++i];
    else if (a.startsWith('-')) return a === '--help' || a === '-h' ? '' : `unknown option ${a}`;
    else o.bundle = a;
  }
  if (!(o.calls > 0) || !(o.clients > 0)) return '--calls and --clients must be positive numbers';
  if (!o.bundle) {
    const dir = join(ROOT, '.bench');
    const cached = existsSync(dir) ? readdirSync(dir).find((f) => /^bundle-incident-100mb-.*\.tar\.gz$/.test(f)) : undefined;
    if (!cached) return 'no bundle given and no cached .bench/bundle-incident-100mb-*.tar.gz (run `npm run bench -- --sizes 100` first)';
    o.bundle = join(dir, cached);
  }
  return o;
}

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

/** CPU time (user + system) the process has used so far, s (from /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function rssOf(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    console.error(`${o ? `${o}\n` : ''}usage: npm run bench -- serve [BUNDLE] [--calls 3000] [--clients 50] [--profile DIR]`);
    return o ? 2 : 0;
  }
  const t0 = performance.now();
  const profile = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'bin/meshlens.mjs'), 'serve', o.bundle, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!, 'VmRSS') ?? 0)), 100);
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const m = /Open (http:\/\/\S+)\n/.exec(out);
        if (m) resolve(new URL(m[1]!));
      });
      child.on('exit', (code) => reject(new Error(`meshlens serve exited with ${code}`)));
    });
    const token = url.searchParams.get('token') ?? '';
    // under load the answer is received whole but not parsed: the 50 clients share this one thread, and parsing a
    // multi-megabyte report here would hold up the timing of every other client's calls
    const api = async (method: string, args: unknown[], parse = true): Promise<{ status: number; value: unknown }> => {
      const res = await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'X-Meshlens-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
      if (!parse) {
        await res.arrayBuffer();
        return { status: res.status, value: undefined };
      }
      const body = (await res.json()) as { value?: unknown };
      return { status: res.status, value: body.value };
    };
    let reportMs: number | undefined;
    let state = '';
    while (state !== 'ready') {
      const s = (await api('status', [])).value as { state: string; message?: string };
      state = s.state;
      if (state === 'error' || state === 'cancelled') throw new Error(`the bundle did not open: ${s.message ?? state}`);
      if (reportMs === undefined && (await api('report', [])).status === 200) reportMs = performance.now() - t0;
      if (state !== 'ready') await new Promise((r) => setTimeout(r, 200));
    }
    const readyMs = performance.now() - t0;
    const readyCpu = cpuOf(child.pid!);
    const readyRss = peak;
    const report = (await api('report', [])).value as { findings: Array<{ evidence: Array<{ file: string; line?: number }> }> };
    const sources = (await api('logSources', [])).value as { files: Array<{ namespace?: string; pod?: string }> };
    const evidence = report.findings.flatMap((f) => f.evidence).filter((e) => e.line !== undefined).slice(0, 200);
    const pods = [...new Set(sources.files.flatMap((f) => (f.namespace && f.pod ? [`${f.namespace}/${f.pod}`] : [])))];
    const texts = ['UH', 'upstream connect error', 'no healthy upstream', 'cluster_not_found', 'timeout', 'outbound|', 'CSR', 'x-request-id'];
    const callAt = (i: number): Call => {
      if (i % 50 === 49) return { method: 'excerpt', args: ['../../../../etc/passwd', 1, 5], expect: 404 };
      switch (i % 10) {
        case 0: return { method: 'status', args: [], expect: 200 };
        case 1: return { method: 'logSources', args: [], expect: 200 };
        case 2: case 3: return { method: 'queryLogs', args: [{ text: texts[i % texts.length], offset: (i % 7) * 200, limit: 200 }], expect: 200 };
        case 4: return { method: 'queryLogs', args: [{ levels: ['warn', 'error'], offset: (i % 13) * 200, limit: 200 }], expect: 200 };
        case 5: return { method: 'queryLogs', args: [{ pods: pods.length ? [pods[i % pods.length]] : [], text: 'HTTP/1.1', offset: 0, limit: 200 }], expect: 200 };
        case 6: case 7: {
          const e = evidence[i % Math.max(1, evidence.length)];
          return e ? { method: 'excerpt', args: [e.file, Math.max(1, e.line! - 5), e.line! + 5], expect: 200 } : { method: 'status', args: [], expect: 200 };
        }
        case 8: return { method: 'proxies', args: [], expect: 200 };
        default: return i % 100 === 9 ? { method: 'report', args: [], expect: 200 } : { method: 'queryLogs', args: [{ offset: (i % 31) * 200, limit: 200 }], expect: 200 };
      }
    };
    const lat = new Map<string, number[]>();
    const statuses = new Map<number, number>();
    const wrong: string[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: o.clients }, async () => {
      for (let i = next++; i < o.calls; i = next++) {
        const c = callAt(i);
        const t = performance.now();
        const { status } = await api(c.method, c.args, false);
        const ms = performance.now() - t;
        (lat.get(c.method) ?? lat.set(c.method, []).get(c.method)!).push(ms);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== c.expect && wrong.length < 10) wrong.push(`${c.method}(${JSON.stringify(c.args).slice(0, 80)}): ${status}, expected ${c.expect}`);
      }
    }));
    const loadS = (performance.now() - started) / 1000;
    const all = [...lat.values()].flat();
    const hwm = rssOf(child.pid!, 'VmHWM');
    const endCpu = cpuOf(child.pid!);
    console.log(`\nmeshlens serve ${o.bundle}`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`report answered after ${((reportMs ?? readyMs) / 1000).toFixed(1)} s, ready (log index built) after ${(readyMs / 1000).toFixed(1)} s; server CPU ${readyCpu?.toFixed(1) ?? '?'} s, peak RSS ${Math.round(readyRss)} MiB by then`);
    console.log(`${o.calls} calls from ${o.clients} clients in ${loadS.toFixed(1)} s (${Math.round(o.calls / loadS)} calls/s), server CPU ${endCpu !== undefined && readyCpu !== undefined ? (endCpu - readyCpu).toFixed(1) : '?'} s; answers by status: ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
    console.log('\n| method | calls | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|');
    for (const [m, xs] of [...lat, ['all', all] as [string, number[]]]) console.log(`| ${m} | ${xs.length} | ${Math.round(pct(xs, 50))} | ${Math.round(pct(xs, 95))} | ${Math.round(pct(xs, 99))} | ${Math.round(Math.max(...xs))} |`);
    console.log(`\nserver peak RSS ${Math.round(Math.max(peak, hwm ?? 0))} MiB (target ≤ 300); p99 ${Math.round(pct(all, 99))} ms (target < 1000)`);
    if (wrong.length) {
      console.error(`unexpected answers:\n  ${wrong.join('\n  ')}`);
      return 1;
    }
    return 0;
  } catch (e) {
    console.error(`serve bench failed: ${(e as Error).message}`);
    return 1;
  } finally {
    clearInterval(sampler);
    child.kill('SIGTERM');
  }
}

/**
 * Runs one command of the benchmark and measures it: wall time (ms, from spawn to exit, measured here), CPU time
 * (user + sys seconds of the command and its children, GNU time's `%U` + `%S`) and peak resident set size (the
 * largest process of the command's tree, GNU time's `%M` in KiB).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  wallMs: number;
  /** Peak RSS in MiB, or undefined when GNU time is not installed. */
  rssMB?: number;
  /** User + system CPU seconds, or undefined when GNU time is not installed. */
  cpuS?: number;
  stdout: string;
  exitCode: number;
}

const GNU_TIME = '/usr/bin/time';

/** True when GNU time is there to measure peak RSS (Debian: `apt-get install time`). */
export function canMeasureRss(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `cmd args…` with stdout captured and stderr passed through; rejects when it cannot start. */
export async function measure(cmd: string, args: readonly string[], cwd: string): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-bench-'));
  const rssFile = join(dir, 'rss');
  const [bin, argv] = canMeasureRss() ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, cmd, ...args]] : [cmd, [...args]];
  try {
    const started = process.hrtime.bigint();
    const child = spawn(bin, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    const exitCode = await new Promise<number>((ok, ko) => {
      child.on('error', ko);
      child.on('close', (code) => ok(code ?? 1));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const [kb, user, sys] = existsSync(rssFile) ? (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
    return { wallMs, stdout, exitCode, ...(Number.isFinite(kb) ? { rssMB: kb! / 1024 } : {}), ...(Number.isFinite(user) && Number.isFinite(sys) ? { cpuS: user! + sys! } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

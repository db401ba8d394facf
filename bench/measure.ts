/**
 * Runs one command of the benchmark and measures it: wall time (ms, from spawn to exit, measured here) and
 * peak resident set size (KiB, the largest process of the command's tree, from GNU time's `%M`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  wallMs: number;
  /** Peak RSS in MiB, or undefined when GNU time is not installed. */
  rssMB?: number;
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
  const [bin, argv] = canMeasureRss() ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, [...args]];
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
    const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
    return { wallMs, stdout, exitCode, ...(Number.isFinite(kb) ? { rssMB: kb / 1024 } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

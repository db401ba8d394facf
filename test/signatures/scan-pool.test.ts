import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { MINED_BATCH, scanPool } from '../../analyzers/node/sources/scan-pool.js';
import type { Report } from '../../analyzers/report/schema.js';
import { generateBundle } from '../../scripts/gen-bundle.js';

/** The report without its run time (the only field that may differ between two runs). */
const comparable = (r: Report): string => JSON.stringify({ ...r, stats: { ...r.stats, durationMs: 0 } });

/**
 * Log files scanned on worker threads (analyzers/node/sources/scan-pool.ts) give the report the single-threaded scan
 * gives, byte for byte, whatever the number of threads and so whichever thread scans which file and finishes first:
 * per-file groups are merged in bundle order on both paths.
 */
describe('log scan on worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-pool-'));
  const file = join(dir, 'incident.tar.gz');
  const reports = new Map<number, Report>();

  beforeAll(async () => {
    await generateBundle(1, file, 3, 'incident');
    for (const workers of [0, 1, 3]) reports.set(workers, await analyzePath(file, { workers }));
  }, 300_000);

  afterAll(async () => {
    for (const n of [1, 3]) await scanPool(n).close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans every log file on the threads (same lines, hits, no read failure)', () => {
    const inline = reports.get(0)!;
    expect(inline.stats.linesScanned).toBeGreaterThan(20_000);
    for (const n of [1, 3]) {
      const r = reports.get(n)!;
      expect(r.stats.linesScanned).toBe(inline.stats.linesScanned);
      expect(r.bundle.warnings).toEqual(inline.bundle.warnings);
      expect(r.findings.length).toBe(inline.findings.length);
    }
  });

  it('gives the same report with 0, 1 and 3 threads', () => {
    const inline = comparable(reports.get(0)!);
    expect(comparable(reports.get(1)!)).toBe(inline);
    expect(comparable(reports.get(3)!)).toBe(inline);
  });

  it('through the built CLI, whose threads load out/cli/scan-thread.mjs (~100 KB against 1.7 MB for the CLI), the report is the inline one', async () => {
    expect(existsSync('out/cli/scan-thread.mjs')).toBe(true);
    const run = async (threads: number): Promise<Report> => {
      const { stdout } = await promisify(execFile)(process.execPath, ['bin/meshlens.mjs', 'analyze', file, '--format', 'json'], { env: { ...process.env, MESHLENS_SCAN_THREADS: String(threads) }, maxBuffer: 64 << 20 });
      return JSON.parse(stdout) as Report;
    };
    const [inline, threaded] = [await run(0), await run(2)];
    expect(threaded.stats.linesScanned).toBe(reports.get(0)!.stats.linesScanned);
    expect(comparable(threaded)).toBe(comparable(inline));
  }, 120_000);

  it('sends a file\'s unclaimed warnings on in batches, and the miner sees them in the same order', async () => {
    // istiod-style warnings no signature claims (three templates, ids varying), far more than one batch, in one file
    // and so in one chunk: the thread sends them on before the file ends.
    const logs = join(dir, 'loose');
    mkdirSync(join(logs, 'istio-system', 'istiod-5d4f8c7b9-x2x4q'), { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < 3 * MINED_BATCH; i++) {
      const t = new Date(Date.UTC(2026, 2, 10, 6) + i * 1000).toISOString().replace('Z', '000Z');
      lines.push([`${t}\twarn\tads\tpush of cluster outbound|${9000 + (i % 50)}||svc-${i % 7}.ns.svc.cluster.local took ${i % 90}ms longer than expected`,
        `${t}\twarn\tkube\tskipped endpoint slice ns-${i % 11}/svc-${i % 13}-abcde: unknown address type FQDN`,
        `${t}\terror\tmodel\tlistener 0.0.0.0_${8000 + (i % 20)} has ${i % 5} overlapping filter chains`][i % 3]!);
    }
    writeFileSync(join(logs, 'istio-system', 'istiod-5d4f8c7b9-x2x4q', 'discovery.log'), lines.join('\n') + '\n');
    const [inline, threaded] = [await analyzePath(logs, { workers: 0 }), await analyzePath(logs, { workers: 2 })];
    expect(inline.unrecognised!.reduce((n, u) => n + u.count, 0)).toBe(3 * MINED_BATCH);
    expect(comparable(threaded)).toBe(comparable(inline));
  }, 120_000);
});

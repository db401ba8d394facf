/**
 * Benchmark (not a test): loadBundle throughput on a generated bug-report tar.gz. The bundle holds
 * `cluster/k8s-resources` made of the Sep 2023 archive's items repeated to ~LIST_MB, and `N` proxy logs made of
 * that archive's productpage istio-proxy.log repeated to ~LOG_MB each. A counting sink stands in for the
 * signature scanner. Run: `npx tsx test/ingest/bench-load.ts [LIST_MB] [N] [LOG_MB]`.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { loadBundle } from '../../analyzers/ingest/load.js';
import { openBundleSource } from '../../analyzers/node/sources/index.js';
import { CountingSink } from './count-sink.js';

const SEP = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
const member = (p: string) => execFileSync('tar', ['-xzOf', SEP, p], { maxBuffer: 1 << 28 }).toString();

function repeatList(targetMB: number): Buffer {
  const src = member('bug-report/cluster/k8s-resources');
  const body = src.slice(src.indexOf('\n- ') + 1, src.lastIndexOf('\nkind: List'));
  const parts = ['apiVersion: v1\nitems:\n'];
  for (let i = 0, size = 0; size < targetMB * 1e6; i++) {
    const copy = body.replace(/^ {4}name: (.*)$/gm, `    name: $1-c${i}`) + '\n';
    parts.push(copy);
    size += copy.length;
  }
  parts.push('kind: List\nmetadata:\n  resourceVersion: ""\n');
  return Buffer.from(parts.join(''));
}

async function build(file: string, listMB: number, logs: number, logMB: number): Promise<number> {
  const pack = tarStream.pack();
  const written = pipeline(pack, createGzip({ level: 6 }), createWriteStream(file));
  const add = (name: string, body: Buffer) => new Promise<void>((ok, ko) => pack.entry({ name, size: body.length }, body, (e) => (e ? ko(e) : ok())));
  let total = 0;
  const list = repeatList(listMB);
  await add('bug-report/cluster/k8s-resources', list);
  total += list.length;
  const line = Buffer.from(member('bug-report/proxies/default/productpage-v1-564d4686f-7kdqf/istio-proxy.log'));
  const log = Buffer.concat(Array.from({ length: Math.ceil((logMB * 1e6) / line.length) }, () => line));
  for (let i = 0; i < logs; i++) {
    await add(`bug-report/proxies/ns/pod-${i}/istio-proxy.log`, log);
    total += log.length;
  }
  pack.finalize();
  await written;
  return total;
}

const [listMB, logs, logMB] = [Number(process.argv[2] ?? 50), Number(process.argv[3] ?? 20), Number(process.argv[4] ?? 10)];
const dir = mkdtempSync(join(tmpdir(), 'meshlens-bench-load-'));
try {
  const file = join(dir, 'bundle.tar.gz');
  const raw = await build(file, listMB, logs, logMB);
  const t0 = performance.now();
  const m = await loadBundle(await openBundleSource(file), { logSink: () => new CountingSink() });
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    uncompressedMB: +(raw / 1e6).toFixed(1), gzipMB: +(statSync(file).size / 1e6).toFixed(1), seconds: +s.toFixed(2),
    mbPerS: +(raw / 1e6 / s).toFixed(1), resources: m.resources.length, logLines: m.stats.linesScanned,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

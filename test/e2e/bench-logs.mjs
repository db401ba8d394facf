// Benchmark of the log index behind the Logs view (not a test): builds a synthetic bug-report of
// ~1 GB of proxy and istiod logs (Istio text lines and Envoy access-log lines), indexes it the way
// `meshlens serve` does, and times the queries the Logs view sends.
// Usage: node test/e2e/bench-logs.mjs [sizeMB=1024] [dir=/tmp/meshlens-bench-1g]
import { existsSync, mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const sizeMb = Number(process.argv[2] ?? 1024);
const dir = process.argv[3] ?? `/tmp/meshlens-bench-${sizeMb}m`;
const FILES = 200;

function generate() {
  const perFile = Math.ceil((sizeMb << 20) / FILES);
  const start = Date.parse('2026-03-15T09:00:00Z');
  for (let f = 0; f < FILES; f++) {
    const ns = `ns-${f % 10}`, pod = `svc-${f}-7d9f8b6c5-${(f * 7919).toString(36).padStart(5, 'x')}`;
    const d = join(dir, 'bug-report', 'proxies', ns, pod);
    mkdirSync(d, { recursive: true });
    const fd = openSync(join(d, 'istio-proxy.log'), 'w');
    let written = 0, i = 0;
    const parts = [];
    while (written < perFile) {
      const t = new Date(start + i * 37 + f).toISOString().replace('Z', '123Z');
      const line = i % 5 === 0
        ? `[${t.slice(0, 23)}Z] "GET /api/v1/items/${i % 9973} HTTP/1.1" ${i % 97 === 0 ? 503 : 200} ${i % 97 === 0 ? 'UF' : '-'} via_upstream - "-" 0 ${i % 4096} 3 2 "-" "curl/8.5" "${f}-${i}" "svc-${(f + 1) % FILES}.${ns}:8080" "10.0.${f % 250}.${i % 250}:8080" outbound|8080||svc-${(f + 1) % FILES}.${ns}.svc.cluster.local 10.1.0.${f % 250}:41234 10.0.0.1:8080 10.1.0.2:5555 - default\n`
        : `${t}\t${i % 211 === 0 ? 'warn' : i % 997 === 0 ? 'error' : 'info'}\t${i % 211 === 0 ? 'ca\tca request failed, starting attempt 1 in 99.99ms' : `xdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012 id=${i}`}\n`;
      parts.push(line);
      written += line.length;
      i++;
      if (parts.length === 4096) { writeSync(fd, parts.join('')); parts.length = 0; }
    }
    writeSync(fd, parts.join(''));
    closeSync(fd);
  }
}

if (!existsSync(join(dir, 'bug-report'))) {
  const t0 = performance.now();
  generate();
  console.log(`generated ${sizeMb} MB in ${FILES} files under ${dir} in ${Math.round(performance.now() - t0)} ms`);
}

const { LogIndexBuilder } = await import('../../analyzers/node/logindex/builder.ts');
const { classifyLogFile } = await import('../../analyzers/node/logindex/classify.ts');
const { LogIndex } = await import('../../analyzers/node/logindex/log-index.ts');
const { openBundleStore } = await import('../../analyzers/node/serve/bundle-store.ts');
const { setFlagsFromString } = await import('node:v8');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

const t0 = performance.now();
const builder = new LogIndexBuilder();
const store = await openBundleStore(dir, { tap: (f) => { const id = classifyLogFile(f.path); return id ? builder.tap(f.path, id) : undefined; } });
const index = new LogIndex(builder.finish(), (p) => store.files.get(p).diskPath);
const openMs = performance.now() - t0;
const src = index.sources();
const mb = src.totalBytes / (1 << 20);
console.log(`indexed ${mb.toFixed(0)} MB, ${src.totalLines.toLocaleString()} lines in ${Math.round(openMs)} ms (${(mb / (openMs / 1000)).toFixed(0)} MB/s; index CPU ${src.indexMs} ms); RSS ${(process.memoryUsage().rss / (1 << 20)).toFixed(0)} MB`);

const time = (label, q) => {
  const a = performance.now();
  const p = index.query({ offset: 0, limit: 300, ...q });
  const ms = performance.now() - a;
  console.log(`${label.padEnd(44)} ${String(Math.round(ms)).padStart(6)} ms  ${p.total.toLocaleString().padStart(11)} rows${p.error ? `  (${p.error})` : ''}`);
  return p;
};
const all = time('first page, no filter', {});
time('last page (scrolled to the end)', { offset: all.total - 300 });
let pagesMs = 0;
for (let k = 0; k < 200; k++) { const a = performance.now(); index.query({ offset: Math.floor((all.total - 300) * k / 199), limit: 300 }); pagesMs += performance.now() - a; }
console.log(`${'200 pages spread over every line'.padEnd(44)} ${String(Math.round(pagesMs / 200)).padStart(6)} ms each`);
time('text "ca request failed" (smart case, rare)', { text: 'ca request failed' });
time('text "UF" (upper case: exact, rare)', { text: ' UF ' });
time('text "xdsproxy" (common)', { text: 'xdsproxy' });
time('text "no such thing" (no match)', { text: 'no such thing' });
time('regex "503 UF .*outbound\\|8080"', { text: '503 UF .*outbound\\|8080', regex: true });
time('pod filter (one of 200)', { pods: [src.files[3].namespace + '/' + src.files[3].pod] });
time('level error', { levels: ['error'] });
time('pod + text', { pods: [src.files[3].namespace + '/' + src.files[3].pod], text: 'ca request' });
time('same text again (cached)', { text: 'ca request failed' });
time('jump to time', { aroundTime: '2026-03-15T09:30:00Z' });
index.close();
await store.dispose();

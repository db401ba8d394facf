// Throughput of the log-signature scanner (line splitting + literal automaton + parse/match of candidate
// lines) over a synthetic ~100 MB istio-proxy log, fed in 1 MiB chunks. Usage: npx tsx scripts/bench-signatures.ts [MB]
import { loadBuiltinPacks } from '../analyzers/node/packs.js';
import { compileEngine } from '../analyzers/signatures/engine.js';
import { createLogScanner } from '../analyzers/signatures/scanner.js';

// Line mix modelled on bug-report-2023-09 istio-proxy logs plus Istio 1.9+ access-log lines (corpus #9 shape):
// mostly healthy lines, about 1 in 50 a failure that a signature matches.
const HEALTHY = [
  '2023-08-16T16:15:48.737757Z\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012',
  '2023-08-16T01:57:14.732267Z\tinfo\tcache\tgenerated new workload certificate\tlatency=82.094042ms ttl=23h59m59.267735759s',
  '2023-08-16T01:57:14.920721Z\tinfo\tads\tADS: new connection for node:productpage-v1-564d4686f-7kdqf.default-1',
  '[2025-06-01T15:37:04.814Z] "GET /get HTTP/1.1" 200 - via_upstream - "-" 0 621 94 63 "-" "fortio.org/fortio-1.69.5" "f47fa353-177d-9834-ac08-5c5be28f4593" "httpbin:8000" "10.244.1.27:8080" outbound|8000||httpbin.default.svc.cluster.local 10.244.2.30:42658 10.96.243.7:8000 10.244.2.30:58932 - default',
  '[2025-06-01T15:37:05.102Z] "POST /api/v1/orders HTTP/1.1" 201 - via_upstream - "-" 512 88 12 11 "-" "okhttp/4.12.0" "0b7d2c11-5a1e-4f0e-9a6c-2d4b8e1f7c90" "orders.shop:8080" "10.244.3.14:8080" outbound|8080||orders.shop.svc.cluster.local 10.244.2.30:42770 10.96.18.2:8080 10.244.2.30:59012 - default',
];
const FAILING = [
  '2023-08-09T05:19:08.116429Z\twarn\tca\tca request failed, starting attempt 1 in 109.842922ms',
  '2023-08-18T08:18:40.445185Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:190\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 146041s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.107.168.180:15012: connect: connection refused"\tthread=14',
  '[2025-06-01T15:37:04.857Z] "GET /get HTTP/1.1" 503 UO upstream_reset_before_response_started{overflow} - "-" 0 81 0 - "-" "fortio.org/fortio-1.69.5" "d4e65b2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b" "httpbin:8000" "-" outbound|8000||httpbin.default.svc.cluster.local - 10.96.243.7:8000 10.244.2.30:59002 - default',
];

function synthesize(targetBytes: number): Uint8Array {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const l = i % 50 === 49 ? FAILING[i % FAILING.length]! : HEALTHY[i % HEALTHY.length]!;
    lines.push(l);
    size += l.length + 1;
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const mb = Number(process.argv[2] ?? 100);
const data = synthesize(mb * 1024 * 1024);
const t0 = performance.now();
const engine = compileEngine(loadBuiltinPacks());
const t1 = performance.now();
const runs: number[] = [];
for (let r = 0; r < 3; r++) {
  const scanner = createLogScanner(engine);
  const sink = scanner.sink({ file: 'synthetic/istio-proxy.log', component: 'istio-proxy', namespace: 'default', pod: 'bench' });
  const start = performance.now();
  for (let off = 0; off < data.length; off += 1 << 20) sink.write(data.subarray(off, Math.min(data.length, off + (1 << 20))));
  const summary = sink.end();
  const ms = performance.now() - start;
  runs.push(data.length / 1024 / 1024 / (ms / 1000));
  if (r === 0) {
    const st = scanner.stats();
    console.log(`${engine.signatures.length} signatures, ${engine.matcher.literalCount} literals, compiled in ${(t1 - t0).toFixed(0)} ms`);
    console.log(`${(data.length / 1024 / 1024).toFixed(0)} MB, ${summary.lines} lines, ${st.candidateLines} candidate lines, ${st.hits} hits, ${scanner.groups().length} groups`);
  }
}
runs.sort((a, b) => a - b);
console.log(`scanner throughput: ${runs.map((r) => r.toFixed(0)).join(', ')} MB/s (median ${runs[1]!.toFixed(0)} MB/s)`);

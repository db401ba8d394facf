import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogComponent, LogFileMeta } from '../../analyzers/model/logs.js';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import type { LogFileSummary } from '../../analyzers/parse/logs/sink.js';
import { compileEngine, createLogScanner, type LogScanner } from '../../analyzers/signatures/engine.js';
import { groupsToFindings } from '../../analyzers/signatures/findings.js';
import type { SignatureGroup } from '../../analyzers/signatures/types.js';

// Every expected figure below was read off the extracted archive with wc/grep (see the comments).
const ARCHIVE = fileURLToPath(new URL('../../../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz', import.meta.url));
const HTTPBIN = 'bug-report/proxies/hello/httpbin-86869bccff-ztgt8/istio-proxy.log';
const INGRESS = 'bug-report/proxies/istio-ingress/istio-ingressgateway-66ff6cdcf5-ccj9x/istio-proxy.log';

function metaOf(path: string): LogFileMeta | undefined {
  let m = /^bug-report\/proxies\/([^/]+)\/([^/]+)\/istio-proxy\.log$/.exec(path);
  if (m) return { file: path, component: 'istio-proxy', namespace: m[1], pod: m[2], container: 'istio-proxy' };
  m = /^bug-report\/istio\/([^/]+)\/([^/]+)\/discovery\.log$/.exec(path);
  if (m) return { file: path, component: 'istiod', namespace: m[1], pod: m[2], container: 'discovery' };
  m = /^bug-report\/cni\/([^/]+)\/cni\.log$/.exec(path);
  if (m) return { file: path, component: 'cni', namespace: 'kube-system', pod: m[1] };
  return path.endsWith('.log') ? { file: path, component: 'unknown' as LogComponent } : undefined;
}

/** Stream the archive's .log entries into the scanner's sinks, re-cut into odd 4099-byte chunks. */
async function scanArchive(scanner: LogScanner): Promise<Map<string, LogFileSummary>> {
  const summaries = new Map<string, LogFileSummary>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const meta = header.type === 'file' ? metaOf(header.name) : undefined;
      if (!meta) {
        stream.on('end', next);
        stream.resume();
        return;
      }
      const sink = scanner.sink(meta);
      sink.begin(meta);
      stream.on('data', (data: unknown) => {
        const chunk = data as Uint8Array;
        for (let i = 0; i < chunk.length; i += 4099) sink.write(chunk.subarray(i, i + 4099));
      });
      stream.on('end', () => {
        summaries.set(meta.file, sink.end());
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  createReadStream(ARCHIVE).pipe(createGunzip()).pipe(extract);
  await done;
  return summaries;
}

let scanner: LogScanner;
let summaries: Map<string, LogFileSummary>;
let groups: SignatureGroup[];
/** The group of signature `id` for `workload` (the built-in packs group by workload, naming its pods). */
const group = (id: string, workload: string): SignatureGroup | undefined => groups.find((g) => g.signature.id === id && g.values['workload'] === workload);

beforeAll(async () => {
  scanner = createLogScanner(compileEngine(loadBuiltinPacks()));
  summaries = await scanArchive(scanner);
  groups = scanner.groups();
});

describe('scanner over bug-report-2023-09-ce74670', () => {
  it('summarizes a file with a previous-container section', () => {
    // wc -l / wc -c; grep -n "========= Previous log =========" → 3814; sorted timestamps → first/last.
    expect(summaries.get(HTTPBIN)).toEqual({
      meta: { file: HTTPBIN, component: 'istio-proxy', namespace: 'hello', pod: 'httpbin-86869bccff-ztgt8', container: 'istio-proxy' },
      lines: 3898,
      bytes: 718158,
      firstTime: '2023-07-31T04:37:06.009194Z',
      lastTime: '2023-09-06T09:12:54.542681Z',
      previousSection: { startLine: 3815, endLine: 3898 },
      longLinesCut: 0,
      warnings: [],
    });
    // grep -n "========= Previous log =========" → 3764 in a 4138-line file.
    expect(summaries.get(INGRESS)?.previousSection).toEqual({ startLine: 3765, endLine: 4138 });
  });

  it('reads every log file line (wc -l total 47647 over the 22 .log files)', () => {
    expect(summaries.size).toBe(22);
    expect([...summaries.values()].reduce((n, s) => n + s.lines, 0)).toBe(47647);
    expect(scanner.stats().linesScanned).toBe(47647);
  });

  it('counts CA request failures per workload with first/last times, samples and captures', () => {
    // grep -c "ca request failed" → 288; grep -n → first 913, 914, 915, last 1475; max "starting attempt" → 4.
    const g = group('SIG-CA-001', 'hello/httpbin')!;
    expect(g).toMatchObject({ count: 288, previousCount: 0, firstSeen: '2023-08-09T05:19:08.116429Z', lastSeen: '2023-08-09T05:35:47.618460Z', pods: ['hello/httpbin-86869bccff-ztgt8'], files: [HTTPBIN] });
    expect(g.samples.map((s) => s.line)).toEqual([913, 914, 915, 1475]);
    expect(g.samples[0]!.excerpt).toBe('2023-08-09T05:19:08.116429Z\twarn\tca\tca request failed, starting attempt 1 in 109.842922ms');
    expect(g.captures['attempt']).toEqual({ first: '1', last: '4', max: 4 });
  });

  it('counts xDS dial failures, marking those from the previous container', () => {
    // grep -cP 'closed(?: since \d+s ago)?: 14, (?:connection error: desc = "transport: (?:Error while dialing|…)' → 1231;
    // in the ingress gateway, one such line (4133) lies after the Previous log marker.
    expect(group('SIG-XDS-001', 'hello/httpbin')).toMatchObject({ count: 1231, previousCount: 0, pods: ['hello/httpbin-86869bccff-ztgt8'] });
    const ingress = group('SIG-XDS-001', 'istio-ingress/istio-ingressgateway')!;
    expect(ingress.pods).toEqual(['istio-ingress/istio-ingressgateway-66ff6cdcf5-ccj9x']);
    expect(ingress.previousCount).toBe(1);
    expect(ingress.samples.find((s) => s.previous)?.line).toBe(4133);
  });

  it('keeps routine max_age closes as context, drops the EOF closes that reconnect, and keeps 13s as context', () => {
    // 1214 "closed…: 14," lines that are not dial/handshake failures: 1199 are istiod's max-age GOAWAY (NO_ERROR), context
    // only (SIG-XDS-018); the other 15 are EOFs while istiod restarted on 08-18, each followed by "connected to upstream XDS server".
    expect(groups.filter((g) => g.signature.id === 'SIG-XDS-018').reduce((n, g) => n + g.count, 0)).toBe(1199);
    expect(groups.filter((g) => g.signature.id === 'SIG-XDS-018').every((g) => g.contextOnly)).toBe(true);
    expect(scanner.stats().suppressed).toBe(15);
    expect(groups.filter((g) => g.signature.id === 'SIG-XDS-002')).toEqual([]);
    // httpbin's previous log ends with two SDS and one ADS "closed: 13," (its last three lines).
    const ctx = groups.filter((g) => g.signature.id === 'SIG-XDS-003' && g.values['workload'] === 'hello/httpbin');
    expect(ctx.map((g) => [g.values['cluster'], g.count, g.previousCount, g.contextOnly])).toEqual([['sds-grpc', 2, 2, true], ['xds-grpc', 1, 1, true]]);
  });

  it('turns groups into findings with stable ids, filled messages and evidence', () => {
    const findings = groupsToFindings(groups);
    expect(findings.some((f) => f.code === 'SIG-XDS-003')).toBe(false);
    for (const f of findings) expect(f.message).not.toMatch(/\{\{/);
    const ca = findings.find((f) => f.code === 'SIG-CA-001' && f.resources[0]?.name === 'httpbin-86869bccff-ztgt8')!;
    expect(ca).toMatchObject({
      analyzer: 'signature/SIG-CA-001', severity: 'error', count: 288,
      message: '288 CA request failures in hello/httpbin-86869bccff-ztgt8 (retry attempt up to 4, 2023-08-09T05:19:08.116429Z to 2023-08-09T05:35:47.618460Z)',
      resources: [{ kind: 'Pod', namespace: 'hello', name: 'httpbin-86869bccff-ztgt8' }],
      rootCauses: ['external-ca-overload', 'istiod-unavailable', 'network-policy-blocking'],
      docs: 'docs/signatures/ca.md#sig-ca-001',
    });
    expect(ca.evidence[3]).toEqual({ file: HTTPBIN, line: 1475, excerpt: '2023-08-09T05:35:47.618460Z\twarn\tca\tca request failed, starting attempt 4 in 730.476851ms', time: '2023-08-09T05:35:47.618460Z' });
    const ingress = findings.find((f) => f.code === 'SIG-XDS-001' && f.resources[0]?.name === 'istio-ingressgateway-66ff6cdcf5-ccj9x')!;
    expect(ingress.message).toMatch(/\(1 of them in the previous container's log\)$/);
    expect(groupsToFindings(scanner.groups()).map((f) => f.id)).toEqual(findings.map((f) => f.id));
  });

  it('matches the bundle\'s istio-cni readiness event and adds its count', () => {
    // cluster/events line 6: kube-system 20m Warning Unhealthy pod/istio-cni-node-wpwvb spec.containers{install-cni} … COUNT 7.
    const s = createLogScanner(compileEngine(loadBuiltinPacks()));
    s.matchEvent({
      namespace: 'kube-system', type: 'Warning', reason: 'Unhealthy', object: { kind: 'Pod', namespace: 'kube-system', name: 'istio-cni-node-wpwvb' },
      subobject: 'spec.containers{install-cni}', sourceComponent: 'kubelet, xp.master', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      count: 7, source: { file: 'bug-report/cluster/events', line: 6 },
    });
    const [g] = s.groups();
    expect(s.groups()).toHaveLength(1);
    expect(g).toMatchObject({ count: 7, values: { workload: 'kube-system/istio-cni-node' }, pods: ['kube-system/istio-cni-node-wpwvb'] });
    expect(g!.signature.id).toBe('SIG-CNI-002');
    expect(g!.samples).toEqual([{ file: 'bug-report/cluster/events', line: 6, excerpt: 'Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503' }]);
  });
});

/**
 * samples/pool-overflow (a DestinationRule with a one-connection pool) through the whole engine: the right
 * root cause, evidence that really is at the cited file:line (access-log lines, Prometheus counters, the
 * DestinationRule fields), counters that agree with the logs, and the cluster thresholds in the dumps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';

const SAMPLE = 'samples/pool-overflow';
const CLUSTER = 'outbound|8000||httpbin.default.svc.cluster.local';
const read = (file: string) => readFileSync(join(SAMPLE, file), 'utf8');
const lineOf = (file: string, line: number) => read(file).split('\n')[line - 1];
const UO_LINE = /^\[\S+Z\] "GET \S+ HTTP\/1\.1" 503 UO upstream_reset_before_response_started\{overflow\} - "-" 0 81 \d+ - "-" "[^"]*" "[\w-]+" "httpbin:8000" "-" outbound\|8000\|\|httpbin\.default\.svc\.cluster\.local /;

/** The value of `envoy_cluster_<name>{cluster_name="<cluster>"}` in a Prometheus text file. */
function counter(file: string, name: string, cluster = CLUSTER): number {
  const line = read(file).split('\n').find((l) => l.startsWith(`envoy_cluster_${name}{cluster_name="${cluster}"} `));
  expect(line, `${file} ${name}`).toBeDefined();
  return Number(line!.split(' ').pop());
}

describe('samples/pool-overflow', () => {
  let r: Report;
  let webPods: string[];
  beforeAll(async () => {
    r = await analyzePath(SAMPLE);
    webPods = r.bundle.inventory.proxies.filter((p) => p.name.startsWith('web-')).map((p) => `bug-report/proxies/${p.namespace}/${p.name}`);
  });

  it('is a well-formed report, capture time from the newest log line of the folder', () => {
    expect(reportProblems(r)).toEqual([]);
    expect(r.bundle.format).toBe('istioctl-bug-report');
    expect(r.bundle.capturedAt).toBe('2026-05-06T14:31:00Z');
    expect(r.bundle.capturedAtSource).toBe('newest-log');
    expect(r.bundle.inventory.proxies).toHaveLength(5); // 3 web + 2 httpbin
    expect(webPods).toHaveLength(3);
  });

  it('names connection-pool-overflow first and nothing else as likely', () => {
    const [top, ...rest] = r.rootCauses;
    expect(top.id).toBe('connection-pool-overflow');
    expect(top.confidence).toBeGreaterThanOrEqual(0.7);
    for (const c of rest) expect(c.confidence, c.id).toBeLessThan(0.5);
  });

  it('says why: UO to httpbin whose DestinationRule sets the limits (the join defines it), nothing against', () => {
    const [top] = r.rootCauses;
    const defining = top.found!.filter((c) => c.role === 'defining');
    expect(defining.map((c) => c.says)).toEqual(['requests overflowed the connection pool (UO, overflow resets or counters) to a host whose DestinationRule sets connectionPool limits']);
    expect(defining[0]!.evidence![0]!.excerpt).toBe('connectionPool at spec.trafficPolicy of DestinationRule default/httpbin');
    expect(lineOf(defining[0]!.evidence![0]!.file, defining[0]!.evidence![0]!.line!)).toMatch(/^\s*- apiVersion: networking\.istio\.io\/v1/);
    expect(top.against).toEqual([]);
    expect(r.incidents).toHaveLength(1);
  });

  it('backs the cause with UO access logs, overflow counters and the tiny DestinationRule limits', () => {
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    const own = r.rootCauses[0].findingIds.map((id) => byId.get(id)!);
    const uo = own.filter((f) => f.code === 'SIG-ACCESS-003');
    // one finding per upstream cluster (aggregated at the source), naming every web sidecar that logged the UO
    expect(uo).toHaveLength(1);
    expect(uo[0]!.data?.['upstreamCluster']).toBe(CLUSTER);
    expect(uo[0]!.resources.filter((x) => x.kind === 'Pod').map((x) => x.name).sort()).toEqual(webPods.map((p) => p.split('/').pop()).sort());
    const tiny = own.filter((f) => f.code === 'MSH1004').map((f) => f.message);
    expect(tiny).toEqual(expect.arrayContaining([expect.stringContaining('tcp.maxConnections is 1'), expect.stringContaining('http.http1MaxPendingRequests is 1')]));
    const overflow = own.find((f) => f.code === 'MSH6006')!;
    const pending = webPods.reduce((s, p) => s + counter(`${p}/stats/prometheus`, 'upstream_rq_pending_overflow'), 0);
    const cx = webPods.reduce((s, p) => s + counter(`${p}/stats/prometheus`, 'upstream_cx_overflow'), 0);
    expect(overflow.message).toContain(`Cluster ${CLUSTER} overflowed its connection pool: ${pending} pending-request overflow(s), ${cx} connection overflow(s), 0 retry overflow(s), in 3 proxy(ies)`);
  });

  it('counts one pending overflow per UO line in each web sidecar', () => {
    let lines = 0;
    for (const p of webPods) {
      const log = read(`${p}/istio-proxy.log`).split('\n').filter((l) => l.includes(' 503 UO '));
      expect(log.length).toBeGreaterThan(50);
      for (const l of log) expect(l).toMatch(UO_LINE);
      expect(counter(`${p}/stats/prometheus`, 'upstream_rq_pending_overflow')).toBe(log.length);
      lines += log.length;
    }
    // the cluster's one finding counts every UO line of every web sidecar
    const fs = r.findings.filter((x) => x.code === 'SIG-ACCESS-003');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.count).toBe(lines);
  });

  it('cites evidence that is really at the cited file and line', () => {
    let checked = 0;
    for (const f of r.findings) {
      for (const e of f.evidence) {
        if (!e.line || !e.excerpt) continue;
        const text = lineOf(e.file, e.line);
        expect(text, `${e.file}:${e.line}`).toContain(e.excerpt.replace(/…$/, '').slice(0, 60));
        if (f.code === 'SIG-ACCESS-003') expect(text).toMatch(UO_LINE);
        if (f.code === 'MSH6006') expect(text).toMatch(/^envoy_cluster_upstream_(rq_pending|cx)_overflow\{cluster_name="outbound\|8000\|\|httpbin\.default\.svc\.cluster\.local"\} [1-9]\d*$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    for (const f of r.findings.filter((x) => x.code === 'MSH1004')) {
      const e = f.evidence[0];
      expect(e.file).toBe('bug-report/cluster/crs');
      const field = /^(maxConnections|http1MaxPendingRequests): 1$/.exec(lineOf(e.file, e.line!).trim());
      expect(field, `${e.file}:${e.line}`).not.toBeNull();
      const dr = parseAllDocuments(read(e.file))[0].toJS().items.find((i: any) => i.kind === 'DestinationRule');
      expect(dr.metadata.name).toBe('httpbin');
      const pool = dr.spec.trafficPolicy.connectionPool;
      expect(field![1] === 'maxConnections' ? pool.tcp.maxConnections : pool.http.http1MaxPendingRequests).toBe(1);
    }
  });

  it('shows the DestinationRule limits in every sidecar cluster, with healthy endpoints', () => {
    for (const p of r.bundle.inventory.proxies) {
      const dump = JSON.parse(read(`bug-report/proxies/${p.namespace}/${p.name}/config_dump?include_eds`));
      const clusters = dump.configs.find((c: any) => c['@type'].endsWith('ClustersConfigDump')).dynamic_active_clusters.map((c: any) => c.cluster);
      const httpbin = clusters.find((c: any) => c.name === CLUSTER);
      expect(httpbin.circuit_breakers.thresholds[0]).toMatchObject({ max_connections: 1, max_pending_requests: 1 });
      expect(httpbin.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].common_http_protocol_options.max_requests_per_connection).toBe(1);
      const eds = dump.configs.find((c: any) => c['@type'].endsWith('EndpointsConfigDump')).dynamic_endpoint_configs.find((e: any) => e.endpoint_config.cluster_name === CLUSTER);
      const hosts = eds.endpoint_config.endpoints.flatMap((l: any) => l.lb_endpoints);
      expect(hosts.map((h: any) => h.health_status)).toEqual(['HEALTHY', 'HEALTHY']);
    }
    expect(r.findings.filter((f) => ['MSH6004', 'MSH6005', 'MSH5002', 'MSH5007'].includes(f.code))).toEqual([]);
  });

  it('puts the DestinationRule before the first overflow on the timeline', () => {
    const first = (code: string) => {
      const ids = new Set(r.findings.filter((f) => f.code === code).map((f) => f.id));
      const item = r.timeline.find((t) => t.findingId && ids.has(t.findingId));
      expect(item, code).toBeDefined();
      return item!;
    };
    const dr = first('MSH1004');
    const uo = first('SIG-ACCESS-003');
    expect(dr.role).toBe('root-cause');
    expect(uo.role).toBe('root-cause');
    expect(Date.parse(dr.time)).toBeLessThan(Date.parse(uo.time));
    expect(uo.time).toBe('2026-05-06T14:02:14.307Z');
  });
});

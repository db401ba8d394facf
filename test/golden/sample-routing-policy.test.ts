/** samples/subset-mismatch and samples/mtls-conflict: each ranks its root cause first, on evidence that is really there. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';

const lineOf = (sample: string, file: string, line: number) => readFileSync(join(sample, file), 'utf8').split('\n')[line - 1];
const codesOf = (r: Report, ids: readonly string[]) => new Set(ids.map((id) => r.findings.find((f) => f.id === id)!.code));

describe('samples/subset-mismatch', () => {
  const sample = 'samples/subset-mismatch';

  it('ranks vs-subset-not-found first, from config, proxy state and 503 NC access logs', async () => {
    const r = await analyzePath(sample);
    expect(reportProblems(r)).toEqual([]);
    expect(r.rootCauses[0].id).toBe('vs-subset-not-found');
    expect(r.rootCauses[0].confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.rootCauses.slice(1).every((c) => c.confidence < 0.5)).toBe(true);
    expect(codesOf(r, r.rootCauses[0].findingIds)).toEqual(new Set(['IST0101', 'MSH6001', 'SIG-ACCESS-005']));

    const ist = r.findings.find((f) => f.code === 'IST0101')!;
    expect(ist.message).toContain('"reviews+v2-canary"');
    expect(lineOf(sample, ist.evidence[0].file, ist.evidence[0].line!).trim()).toBe('subset: v2-canary');

    const dump = r.findings.find((f) => f.code === 'MSH6001')!;
    const routeRef = dump.evidence[0];
    expect(routeRef.file).toMatch(/proxies\/shop\/productpage-[\w-]+\/config_dump\?include_eds$/);
    const json = JSON.parse(readFileSync(join(sample, routeRef.file), 'utf8'));
    // $.configs[3].dynamic_route_configs[0].route_config.virtual_hosts[0].routes[0].route.weighted_clusters.clusters[1].name
    const at = routeRef.jsonPath!.replace(/^\$/, '').match(/\.(\w+)|\[(\d+)\]/g)!.reduce((o: any, seg) => o[seg.startsWith('[') ? Number(seg.slice(1, -1)) : seg.slice(1)], json);
    expect(at).toBe('outbound|9080|v2-canary|reviews.shop.svc.cluster.local');

    const [top] = r.rootCauses;
    expect(top.found!.filter((c) => c.role === 'defining').map((c) => c.says)).toEqual([expect.stringContaining('a VirtualService routes to a subset that no DestinationRule for that host defines (IST0101)')]);
    expect(top.against).toEqual([]);
    expect(r.incidents!.filter((i) => i.status === 'at-capture').map((i) => i.id)).toEqual([top.incidentId]);

    const nc = r.findings.find((f) => f.code === 'SIG-ACCESS-005')!;
    expect(nc.count).toBe(33); // grep -c ' 503 NC ' in productpage's istio-proxy.log
    expect(lineOf(sample, nc.evidence[0].file, nc.evidence[0].line!)).toContain('503 NC cluster_not_found');
  });
});

describe('samples/mtls-conflict', () => {
  const sample = 'samples/mtls-conflict';

  it('ranks mtls-mode-conflict first, from the STRICT policy, the DISABLE rule and the rejected connections', async () => {
    const r = await analyzePath(sample);
    expect(reportProblems(r)).toEqual([]);
    expect(r.rootCauses[0].id).toBe('mtls-mode-conflict');
    expect(r.rootCauses[0].confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.rootCauses.slice(1).every((c) => c.confidence < 0.5)).toBe(true);
    expect(codesOf(r, r.rootCauses[0].findingIds)).toEqual(new Set(['MSH1010', 'MSH1011', 'SIG-ACCESS-012', 'SIG-ACCESS-013']));

    // All three ways the model defines the conflict are there; the STRICT policy is cited at its own line.
    const [top] = r.rootCauses;
    expect(top.found!.filter((c) => c.role === 'defining').map((c) => c.says)).toEqual([
      'plaintext reached a workload whose PeerAuthentication is STRICT (inbound NR filter_chain_not_found there)',
      'a caller without a sidecar calls a workload with STRICT mTLS',
      'a DestinationRule sends plaintext (tls.mode DISABLE or SIMPLE) to a workload with STRICT mTLS',
    ]);
    const pa = top.found![0]!.evidence![0]!;
    expect(pa.excerpt).toMatch(/^PeerAuthentication payments\/default: STRICT \(namespace\) for payments\/payments-/);
    expect(lineOf(sample, pa.file, pa.line!)).toMatch(/^\s*- apiVersion: security\.istio\.io\/v1/);
    expect(top.against).toEqual([]);

    const strict = r.findings.find((f) => f.code === 'MSH1010')!;
    expect(strict.message).toContain('legacy/batch-settlement');
    const disable = r.findings.find((f) => f.code === 'MSH1011')!;
    expect(lineOf(sample, disable.evidence[0].file, disable.evidence[0].line!).trim()).toBe('mode: DISABLE');

    const rejected = r.findings.filter((f) => f.code === 'SIG-ACCESS-012');
    expect(rejected.reduce((n, f) => n + f.count, 0)).toBe(302); // the generator's count of rejected plaintext connections
    // the policy is created before the first rejected connection, and the timeline shows it
    const created = r.timeline.find((t) => t.kind === 'config' && t.resource?.kind === 'PeerAuthentication')!;
    expect(created.time).toBe('2026-05-11T08:02:00Z');
    expect(Date.parse(created.time)).toBeLessThan(Date.parse(rejected[0].firstSeen!));
  });
});

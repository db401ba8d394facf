/**
 * samples/ca-overload (the seed incident) through the whole engine: the right root cause, evidence that
 * really is at the cited file:line, its symptoms kept as symptoms, and the causal order on the timeline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';

const SAMPLE = 'samples/ca-overload';
const lineOf = (file: string, line: number) => readFileSync(join(SAMPLE, file), 'utf8').split('\n')[line - 1];

describe('samples/ca-overload', () => {
  let r: Report;
  beforeAll(async () => {
    r = await analyzePath(SAMPLE);
  });

  it('is a well-formed report, capture time from the newest log line of the folder', () => {
    expect(reportProblems(r)).toEqual([]);
    expect(r.bundle.format).toBe('istioctl-bug-report');
    expect(r.bundle.capturedAt).toBe('2026-03-15T10:26:00Z');
    expect(r.bundle.capturedAtSource).toBe('newest-log');
    expect(r.bundle.inventory.proxies).toHaveLength(40); // 36 shop + 4 payments
  });

  it('names external-ca-overload as the root cause, with istiod and the webhook as symptoms', () => {
    const [top, ...rest] = r.rootCauses;
    expect(top.id).toBe('external-ca-overload');
    expect(top.confidence).toBeGreaterThanOrEqual(0.8);
    expect(rest.every((c) => c.confidence < 0.5)).toBe(true);
    const symptomCodes = new Set(top.symptoms.map((s) => r.findings.find((f) => f.id === s.findingId)!.code));
    expect([...symptomCodes]).toEqual(expect.arrayContaining(['SIG-K8S-003', 'SIG-INJ-001']));
    const istiod = r.rootCauses.find((c) => c.id === 'istiod-unavailable')!;
    expect(istiod.summary).toContain('explained by external-ca-overload');
  });

  it('says why: the external CA plus the storm define it; aborts, failed CSRs, the burst and 40 istiod replicas support it; nothing against', () => {
    const [top] = r.rootCauses;
    // From the first failed CSR (10:18:04); the pod burst at 10:18:00 is info: it joins the incident, it does not start it.
    expect(r.incidents!.map((i) => [i.status, i.start, i.id === top.incidentId])).toEqual([['at-capture', '2026-03-15T10:18:04Z', true]]);
    expect(top.found!.filter((c) => c.role === 'defining').map((c) => c.says)).toEqual([expect.stringMatching(/^the CA is external .* and CA requests failed across many pods inside one short window$/)]);
    const defining = top.found![0]!;
    expect(defining.evidence!.map((e) => e.excerpt)).toEqual(['istiod ENABLE_CA_SERVER=false', 'istio-csr Deployment cert-manager/cert-manager-istio-csr', 'meshConfig defaultConfig.caAddress=cert-manager-istio-csr.cert-manager.svc:443']);
    expect(new Set(defining.findingIds.flatMap((id) => r.findings.find((f) => f.id === id)!.resources.filter((x) => x.kind === 'Pod').map((x) => x.name))).size).toBe(36);
    expect(top.found!.map((c) => c.says)).toEqual(expect.arrayContaining(['pilot-agent aborted proxies that got no certificate in time (Aborting proxy)', 'CertificateSigningRequests or CertificateRequests failed', 'many istiod replicas, each opening its own connections to the CA']));
    expect(top.against).toEqual([]);
  });

  it('backs the cause with the CA storm, CSR failures, aborts and the external CA setting', () => {
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    const codes = new Set(r.rootCauses[0].findingIds.map((id) => byId.get(id)!.code));
    for (const code of ['SIG-CA-001', 'SIG-CA-002', 'MSH5004', 'MSH5005', 'MSH5006']) expect(codes).toContain(code);
    const ca = r.findings.filter((f) => f.code === 'SIG-CA-001');
    // one per shop workload, naming its pods: every sidecar of the burst (36 pods) hit the CA
    expect(ca).toHaveLength(new Set(ca.map((f) => f.data?.['workload'])).size);
    expect(new Set(ca.flatMap((f) => f.resources.filter((x) => x.kind === 'Pod').map((x) => x.name))).size).toBe(36);
    const external = r.findings.find((f) => f.code === 'MSH5006')!;
    expect(external.message).toContain('ENABLE_CA_SERVER=false');
    expect(external.message).toContain('40 replica');
  });

  it('cites evidence that is really at the cited file and line', () => {
    let checked = 0;
    for (const f of r.findings) {
      for (const e of f.evidence) {
        if (!e.line || !e.excerpt || !/proxies|events/.test(e.file)) continue;
        const text = lineOf(e.file, e.line);
        if (e.file.endsWith('/events')) {
          // events are cited as `<type> <reason>: <message>`, rendered from the table row at that line
          const m = /^(Normal|Warning) (\w+): (.*)$/.exec(e.excerpt)!;
          expect(m, e.excerpt).not.toBeNull();
          expect(text, `${e.file}:${e.line}`).toMatch(new RegExp(`\\b${m[1]}\\s+${m[2]}\\b`));
          expect(text).toContain(m[3].replace(/…$/, '').slice(0, 60));
        } else {
          expect(text, `${e.file}:${e.line}`).toContain(e.excerpt.replace(/…$/, '').slice(0, 60));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const abort = r.findings.find((f) => f.code === 'SIG-CA-002')!.evidence[0];
    expect(lineOf(abort.file, abort.line!)).toMatch(/\twarn\tAborting proxy$/);
    const webhook = r.findings.find((f) => f.code === 'SIG-INJ-001')!.evidence[0];
    expect(webhook.file).toBe('bug-report/cluster/events');
    expect(lineOf(webhook.file, webhook.line!)).toContain('no endpoints available for service "istiod"');
  });

  it('orders the timeline: pod burst, then CA failures, then aborts and restarts, then istiod and webhook symptoms', () => {
    const first = (pred: (code: string) => boolean) => {
      const ids = new Set(r.findings.filter((f) => pred(f.code)).map((f) => f.id));
      const item = r.timeline.find((t) => t.findingId && ids.has(t.findingId));
      expect(item, 'timeline item').toBeDefined();
      return Date.parse(item!.time);
    };
    const burst = first((c) => c === 'MSH5005');
    const caFailures = first((c) => c === 'MSH5004' || c === 'SIG-CA-001');
    const aborts = first((c) => c === 'SIG-CA-002');
    const restarts = first((c) => c === 'MSH5002');
    const istiod503 = first((c) => c === 'SIG-K8S-003');
    const webhook = first((c) => c === 'SIG-INJ-001');
    expect(burst).toBeLessThan(caFailures);
    expect(caFailures).toBeLessThan(aborts);
    expect(aborts).toBeLessThanOrEqual(restarts);
    expect(caFailures).toBeLessThan(istiod503);
    expect(istiod503).toBeLessThan(webhook);
    expect(r.timeline.filter((t) => t.role === 'root-cause').length).toBeGreaterThan(10);
    expect(r.timeline.filter((t) => t.role === 'symptom').length).toBeGreaterThan(10);
  });
});

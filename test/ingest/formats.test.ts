/**
 * Goldens of the tool layouts beyond the bug-report: an OpenShift must-gather with the Service Mesh gather and a
 * kubectl cluster-info dump (fixtures in test/fixtures/, sources in its README), each as a folder and as the
 * tar.gz a customer would attach, give a report with their proxies, control plane, events and logs. Expected
 * values are read off the fixture files themselves.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from '../golden/report-shape.js';
import { gzip, tarBytes, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

/** The fixture folder as a tar.gz, entry mtimes a day after the gather (a customer packing it later). */
async function tgzOf(dir: string): Promise<string> {
  const entries = files(dir).map((f) => ({ name: relative(join(dir, '..'), f), content: readFileSync(f), mtime: new Date('2025-09-10T09:00:00Z') }));
  return tmp.write(`${dir.split('/').pop()}.tar.gz`, gzip(await tarBytes(entries)));
}

const MG = 'test/fixtures/must-gather';
const IMG = 'must-gather.local.2984436610458306470/quay-io-maistra-istio-must-gather-sha256-9b1d1f3c5a1c0e1f2e0d8a3b6c7d4e5f60718293a4b5c6d7e8f90123456789ab';
const PP = 'productpage-v1-6b746f74dc-9stvn';

describe('OpenShift must-gather with the Service Mesh gather', () => {
  let dir: Report;
  let archive: Report;
  beforeAll(async () => {
    dir = await analyzePath(MG);
    archive = await analyzePath(await tgzOf(MG));
  }, 60_000);

  it('is a well-formed report, detected as a must-gather', () => {
    expect(reportProblems(dir)).toEqual([]);
    expect(reportProblems(archive)).toEqual([]);
    expect(dir.bundle.format).toBe('openshift-must-gather');
    expect(archive.bundle.format).toBe('openshift-must-gather');
  });

  it('takes the capture time from the gather\'s own `timestamp` (its end), before any archive mtime', () => {
    // timestamp: "2025-09-09 08:44:10.118327411 +0000 UTC m=+0.021885617" then "2025-09-09 08:46:52.603914012 +0000 UTC m=+162.507472218"
    for (const r of [dir, archive]) expect([r.bundle.capturedAt, r.bundle.capturedAtSource]).toEqual(['2025-09-09T08:46:52.603Z', 'must-gather-timestamp']);
  });

  it('maps the sidecar (config dump, current and previous logs) and istiod (discovery log, debug/syncz)', () => {
    expect(dir.bundle.inventory.proxies).toEqual([{ namespace: 'bookinfo', name: PP, configDump: true, log: true, logLines: 3 }]); // current.log: 3 lines
    expect(dir.bundle.inventory.controlPlane).toContainEqual({ namespace: 'istio-system', name: 'istiod-basic-7d9c8b8b5d-x2v9q', kind: 'istiod', log: true, logLines: 2 });
    const role = (p: string) => dir.bundle.files.find((f) => f.path === `${IMG}/${p}`);
    expect(role(`namespaces/bookinfo/pods/${PP}/istio-proxy/istio-proxy/logs/current.log`)).toMatchObject({ status: 'used', role: 'container-log' });
    expect(role(`namespaces/bookinfo/pods/${PP}/istio-proxy/istio-proxy/logs/previous.log`)).toMatchObject({ status: 'used', role: 'previous-container-log' });
    expect(role(`namespaces/bookinfo/pods/${PP}/config_dump_proxy.json`)).toMatchObject({ status: 'used', role: 'proxy-config-dump' });
    expect(role('namespaces/istio-system/debug-syncz.json')).toMatchObject({ status: 'used', role: 'istiod-debug' });
    expect(role(`namespaces/bookinfo/pods/${PP}/proxy_stats`)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^Envoy text stats/) });
    expect(dir.bundle.files.find((f) => f.path.endsWith('/timestamp'))).toMatchObject({ status: 'used', role: 'must-gather-timestamp' });
  });

  it('reads the inspect resources (lists and objects, the SMCP CR) and the events, with their times', () => {
    expect(dir.bundle.inventory.resources).toBe(11); // Node, 2 Namespaces, SMCP, VirtualService, Service, 2 Pods, 3 Events
    expect(dir.bundle.inventory.pods).toBe(2);
    expect(dir.bundle.inventory.events).toBe(3);
    const backoff = dir.timeline.find((t) => t.kind === 'event' && /Back-off restarting failed container istio-proxy/.test(t.text));
    expect(backoff).toMatchObject({ time: '2025-09-09T08:42:30Z', file: `${IMG}/namespaces/bookinfo/core/events.yaml` });
  });

  it('finds what the real log lines say, citing the must-gather paths, timed by the kubelet --timestamps prefix', () => {
    const sig = dir.findings.find((f) => f.code === 'SIG-CA-003');
    expect(sig?.resources).toContainEqual(expect.objectContaining({ namespace: 'bookinfo', name: PP }));
    expect(sig?.evidence[0]).toMatchObject({ file: `${IMG}/namespaces/bookinfo/pods/${PP}/istio-proxy/istio-proxy/logs/current.log`, line: 2, time: '2025-09-09T08:42:05.768400003Z' });
    expect(dir.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['SIG-CA-001', 'SIG-CA-004', 'SIG-K8S-001']));
  });

  it('reads the same from the archive as from the folder', () => {
    expect(archive.bundle.inventory).toEqual(dir.bundle.inventory);
    expect(archive.findings.map((f) => f.code).sort()).toEqual(dir.findings.map((f) => f.code).sort());
  });
});

const CI = 'test/fixtures/cluster-info-dump';
const RV = 'reviews-v1-545db77b95-sd8lk';

describe('kubectl cluster-info dump --output-directory', () => {
  let dir: Report;
  let archive: Report;
  beforeAll(async () => {
    dir = await analyzePath(CI);
    archive = await analyzePath(await tgzOf(CI));
  }, 60_000);

  it('is a well-formed report, detected as a cluster-info dump', () => {
    expect(reportProblems(dir)).toEqual([]);
    expect(dir.bundle.format).toBe('kubectl-cluster-info-dump');
    expect(archive.bundle.format).toBe('kubectl-cluster-info-dump');
  });

  it('reads the typed Lists (items without kind) as their objects', () => {
    expect(dir.bundle.inventory.resources).toBe(5); // Node, 2 Pods, 2 Events
    expect(dir.bundle.inventory.pods).toBe(2);
    expect(dir.bundle.inventory.events).toBe(2);
    expect(dir.bundle.warnings).toEqual([]);
  });

  it('reads each pod\'s logs.txt as that pod\'s log: a sidecar\'d pod (istio-init first) as a proxy, istiod as the control plane', () => {
    const lines = (f: string) => readFileSync(join(CI, f), 'utf8').split('\n').length - 1;
    expect(dir.bundle.inventory.proxies).toEqual([{ namespace: 'default', name: RV, configDump: false, log: true, logLines: lines(`default/${RV}/logs.txt`) }]);
    expect(dir.bundle.inventory.controlPlane).toEqual([{ namespace: 'istio-system', name: 'istiod-6f9f9dd6c5-q7x2n', kind: 'istiod', log: true, logLines: lines('istio-system/istiod-6f9f9dd6c5-q7x2n/logs.txt') }]);
    // lines 1-4 istio-init's section, 5-7 reviews', 8 istio-proxy's START, 9-10 istiod's routine stream recycling
    // ("closed: 14, transport is closing", istio/istio#34106 and #37623: context, never a finding), 11 a failed dial
    // to istiod (the Sep 2023 bug-report's line, retimed to this dump's day)
    expect(dir.findings.find((f) => f.code === 'SIG-XDS-002')).toBeUndefined();
    const xds = dir.findings.find((f) => f.code === 'SIG-XDS-001');
    expect(xds?.resources).toEqual([{ kind: 'Pod', namespace: 'default', name: RV }]);
    expect(xds?.evidence.map((e) => [e.file, e.line])).toEqual([[`default/${RV}/logs.txt`, 11]]);
  });

  it('capture time: the newest log line (a folder has no trustworthy mtimes); in the archive, its entry mtimes', () => {
    expect([dir.bundle.capturedAt, dir.bundle.capturedAtSource]).toEqual(['2021-07-15T18:53:16.278Z', 'newest-log']);
    expect([archive.bundle.capturedAt, archive.bundle.capturedAtSource]).toEqual(['2025-09-10T09:00:00Z', 'archive-mtime']);
  });
});

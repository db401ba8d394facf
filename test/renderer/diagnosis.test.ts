/**
 * The first screen's reading of a report (renderer/src/lib/diagnosis.ts), on the reports of the real
 * archives and the ca-overload sample, plus the diagnosis fields (incidents, state at capture, platform)
 * set explicitly the way the engine's diagnosis wave fills them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProxySummary } from '../../analyzers/contract/backend.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { openBundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { readMeshPods } from '../../analyzers/node/serve/mesh-pods.js';
import { proxySummaries } from '../../analyzers/node/serve/proxies.js';
import type { Finding, Incident, Report } from '../../analyzers/report/schema.js';
import { adviceFor, agoBeforeCapture, CONFIDENT, dataPlaneMode, decisiveEvidence, exitCodeMeaning, headline, platformView, replacementMarkers, shownState } from '../../renderer/src/lib/diagnosis.js';

const SEP = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
let sep: Report;
let ca: Report;
let may: Report;
let sepProxies: ProxySummary[];
beforeAll(async () => {
  [sep, ca, may] = await Promise.all([analyzePath(SEP), analyzePath('samples/ca-overload'), analyzePath('../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz')]);
  const store = await openBundleStore(SEP);
  sepProxies = await proxySummaries(sep, store, (await readMeshPods(store)).pods);
  await store.dispose();
}, 120_000);

describe('headline', () => {
  it('names the confident cause at capture on the ca-overload sample', () => {
    const h = headline(ca);
    expect(h.top?.id).toBe('external-ca-overload');
    expect(h.top!.confidence).toBeGreaterThanOrEqual(CONFIDENT);
    expect(h.candidates.map((c) => c.id)).not.toContain('external-ca-overload');
  });

  it('names no root cause on the Sep 2023 archive, whose top cause is below 0.5 and stopped 26 h before capture', () => {
    const h = headline(sep);
    expect(sep.rootCauses[0].confidence).toBeLessThan(CONFIDENT);
    expect(h.top).toBeUndefined();
    const istiod = h.past.find((p) => p.cause?.id === 'istiod-unavailable' && p.end?.startsWith('2023-09-05'));
    expect(istiod).toMatchObject({ ago: '26 h', end: '2023-09-05T07:02:37.325Z', fromIncidents: true });
  });

  it('does not call a resolved cause made only of info findings an incident (the May 2023 archive’s pod-creation burst)', () => {
    expect(may.rootCauses.filter((rc) => rc.id === 'external-ca-overload')).toEqual([]);
    expect(headline(may).past).toEqual([]);
    // What is broken at capture in that archive: GKE Autopilot refuses istio-init (docs/correlation.md).
    expect(headline(may).top?.id).toBe('traffic-interception-failure');
  });

  it('reads report.incidents when the engine gives them: past incidents latest first, with their window', () => {
    const past = (id: string, start: string, end: string, cause: string): Incident => ({
      id, status: 'past', start, end, rootCauses: [{ ...sep.incidents!.flatMap((i) => i.rootCauses).find((r) => r.id === cause)!, confidence: 0.8 }], findingIds: [], summary: `${cause} ${start}`,
    });
    const report: Report = {
      ...sep,
      rootCauses: [],
      incidents: [past('inc-aug9', '2023-08-09T03:20:00Z', '2023-08-09T04:00:00Z', 'external-ca-overload'), past('inc-sep5', '2023-09-05T06:01:00Z', '2023-09-05T07:02:37Z', 'istiod-unavailable')],
    };
    const h = headline(report);
    expect(h.top).toBeUndefined();
    expect(h.past.map((p) => [p.id, p.cause?.id, p.ago])).toEqual([['inc-sep5', 'istiod-unavailable', '26 h'], ['inc-aug9', 'external-ca-overload', '28 days']]);
  });
});

describe('decisive evidence', () => {
  it('leads with errors, never with an info line, one line per check, when the cause has no found/missing yet', () => {
    const ev = decisiveEvidence(ca, ca.rootCauses[0], 5);
    expect(ev).toHaveLength(5);
    expect(ev[0].finding.severity).toBe('critical');
    expect(ev.every((e) => e.finding.severity !== 'info')).toBe(true);
    expect(new Set(ev.map((e) => e.finding.code)).size).toBe(5);
  });

  it('leads with the findings of the defining checks when the cause model says which they are', () => {
    const rc = ca.rootCauses[0];
    const external = ca.findings.find((f) => f.code === 'MSH5006')!; // an info finding: istiod delegates to an external CA
    const ev = decisiveEvidence(ca, { ...rc, found: [{ says: 'istiod signs through an external CA', role: 'defining', findingIds: [external.id] }] }, 3);
    expect(ev[0]).toMatchObject({ finding: { id: external.id }, role: 'defining' });
  });
});

describe('exit codes', () => {
  it.each([
    [137, 'OOMKilled', /OOM killer/],
    [137, 'Error', /SIGKILL, not by the OOM killer.*kubelet.*liveness/],
    [137, undefined, /137 = SIGKILL: .*OOM killer .*liveness probes/],
    [143, 'Error', /143 = SIGTERM/],
    [255, 'Unknown', /node restarted/],
    [1, 'Error', /exit 1: the process failed on its own$/],
    [0, 'Completed', /finished normally/],
  ])('%s %s', (code, reason, meaning) => {
    expect(exitCodeMeaning(code, reason)).toMatch(meaning);
  });
});

describe('data-plane mode and advice', () => {
  it('calls the Sep 2023 mesh mixed: sidecars, and pods ztunnel redirects (ambient.istio.io/redirection)', () => {
    expect(dataPlaneMode({ ...sep, stateAtCapture: undefined }, sepProxies)).toBe('mixed');
    expect(dataPlaneMode(sep, sepProxies)).toBe('mixed'); // the engine's stateAtCapture agrees
    expect(dataPlaneMode({ ...sep, stateAtCapture: { dataPlaneMode: 'ambient', pods: { total: 0, ready: 0, notReady: [] }, controlPlane: { total: 0, ready: 0, pods: [] }, proxies: { total: 0, synced: 0, notSynced: [], unknown: 0 }, certificates: { checked: 0, expired: 0 } } }, sepProxies)).toBe('ambient');
  });

  it('keeps istio-init and UID 1337 advice off an ambient mesh', () => {
    const steps = ['Check istio-init logs: the iptables rules are written by istio-init as UID 1337', 'Check the istio-cni node agent logs on that node', 'Make sure the pod has NET_ADMIN and NET_RAW'];
    expect(adviceFor(steps, 'ambient')).toEqual({ apply: ['Check the istio-cni node agent logs on that node'], sidecarOnly: [steps[0], steps[2]] });
    expect(adviceFor(steps, 'sidecar').apply).toEqual(steps);
  });
});

describe('state at capture', () => {
  it('derives it from the proxies when the report has none: 17 proxies SYNCED, certificates valid, 31 mesh pods Ready', () => {
    const s = shownState({ ...sep, stateAtCapture: undefined }, sepProxies);
    expect(s.source).toBe('derived');
    expect(s.proxies).toEqual({ total: 17, synced: 17, notSynced: [], unknown: 0 });
    expect(s.certificates).toMatchObject({ checked: 17, expired: 0 });
    expect(Date.parse(s.certificates!.earliestExpiry!)).toBeGreaterThan(Date.parse(sep.bundle.capturedAt!));
    expect(s.pods).toMatchObject({ total: 31, ready: 31, notReady: [], scope: 'mesh' });
    expect(s.controlPlane.pods).toEqual([{ namespace: 'istio-system', name: 'istiod-5dc9d477-27gmf' }]);
    expect(s.mode).toBe('mixed');
  });

  it('shows the engine’s stateAtCapture as given', () => {
    const given = { dataPlaneMode: 'sidecar' as const, pods: { total: 61, ready: 60, notReady: [{ namespace: 'shop', name: 'cart-1', reason: 'CrashLoopBackOff' }] }, controlPlane: { total: 1, ready: 1, pods: [{ namespace: 'istio-system', name: 'istiod-1', ready: true }] }, proxies: { total: 17, synced: 17, notSynced: [], unknown: 0 }, certificates: { checked: 17, expired: 0, earliestExpiry: '2023-09-07T01:57:12Z' } };
    const s = shownState({ ...sep, stateAtCapture: given }, sepProxies);
    expect(s).toMatchObject({ source: 'report', mode: 'sidecar', pods: { total: 61, ready: 60, scope: 'all' }, controlPlane: { ready: 1 } });
  });
});

describe('outside the mesh and markers', () => {
  const platform = (severity: Finding['severity']): Finding => ({ id: 'p1', code: 'MSH9001', analyzer: 'platform/image-pull-secret', severity, title: 'Image pull secret missing', message: 'FailedToRetrieveImagePullSecret on 12 pods', resources: [], evidence: [], count: 3120 });

  it('puts the platform panel first when no mesh cause is confident and it holds an error', () => {
    expect(platformView({ ...sep, platform: [platform('error')] }, undefined).dominates).toBe(true);
    expect(platformView({ ...ca, platform: [platform('error')] }, ca.rootCauses[0]).dominates).toBe(false);
    expect(platformView({ ...sep, platform: [platform('warning')] }, undefined).dominates).toBe(false);
  });

  it('draws the reinstall and the replaced pods of the Sep 2023 archive as markers, one per minute', () => {
    // status/control-plane-reinstall and status/pods-replaced on this archive: istio-cni and istiod reinstalled on Sep 5, the gateway rolled out
    expect(replacementMarkers(sep)).toEqual([
      { time: '2023-09-05T06:57:37Z', label: 'reinstall', findingIds: expect.any(Array) },
      { time: '2023-09-05T07:02:10Z', label: 'reinstall', findingIds: expect.any(Array) },
      { time: '2023-09-05T07:03:48Z', label: 'rollout', findingIds: expect.any(Array) },
    ]);
    expect(replacementMarkers(sep)[0].findingIds).toHaveLength(2);
    expect(replacementMarkers(ca)).toEqual([]);
  });

  it('says durations as people do', () => {
    expect(agoBeforeCapture('2023-09-06T08:30:00Z', '2023-09-06T09:16:27Z')).toBe('46 min');
    expect(agoBeforeCapture('2023-09-05T07:02:37Z', '2023-09-06T09:16:27Z')).toBe('26 h');
  });
});

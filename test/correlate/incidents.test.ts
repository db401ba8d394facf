/**
 * Incidents (correlate/incidents.ts, diagnose.ts): episodes close in time cluster, a finding belongs to the
 * incident of its latest activity, exactly one incident is at capture, replaced pods are history, and the
 * state at capture joins the incident at capture.
 */
import { describe, expect, it } from 'vitest';
import { ClusterView } from '../../analyzers/correlate/cluster-view.js';
import { clusterIncidents, captureWindowMs } from '../../analyzers/correlate/incidents.js';
import { diagnose } from '../../analyzers/correlate/diagnose.js';
import type { Finding } from '../../analyzers/model/finding.js';
import type { PodStatusSummary } from '../../analyzers/model/pods.js';
import { bundleModel, finding, pod } from './model.js';

const CAPTURED = '2026-03-15T12:00:00Z';
const t = (h: number, m: number) => `2026-03-15T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
const status = (ns: string, name: string): PodStatusSummary => ({ namespace: ns, name, workload: name.replace(/-[a-z0-9]+$/, ''), ready: true, hasSidecar: true, containers: [], source: { file: 'bug-report/cluster/pods', line: 1 } });

function incidents(findings: Finding[], pods: PodStatusSummary[] = []) {
  return clusterIncidents(findings, new ClusterView({ model: bundleModel({ capturedAt: CAPTURED, pods }), findings }));
}

describe('clusterIncidents', () => {
  it('makes two incidents of two bursts an hour apart; the later, running into the capture window, is at capture', () => {
    const a = finding('SIG-XDS-001', 'error', { firstSeen: t(10, 0), lastSeen: t(10, 20) });
    const b = finding('SIG-CA-001', 'error', { firstSeen: t(10, 15), lastSeen: t(10, 30) });
    const c = finding('SIG-ACCESS-002', 'error', { firstSeen: t(11, 40), lastSeen: t(11, 55) });
    const inc = incidents([a, b, c]);
    expect(inc.map((i) => [i.findings.map((f) => f.id), i.atCapture])).toEqual([[[a.id, b.id], false], [[c.id], true]]);
    expect(inc[0]!.id).toBe('inc-20260315T100000Z');
  });

  it('has no incident at capture when the last activity ended long before it', () => {
    const a = finding('SIG-XDS-001', 'error', { firstSeen: t(6, 0), lastSeen: t(7, 0) });
    expect(incidents([a]).map((i) => i.atCapture)).toEqual([false]);
  });

  it('puts a sparse event that failed at the old outage and again just now in the incident at capture, not the old one', () => {
    const outage = finding('SIG-XDS-001', 'error', { firstSeen: t(6, 1), lastSeen: t(7, 2) });
    const probe = finding('SIG-CNI-002', 'error', { firstSeen: t(6, 59), lastSeen: t(11, 40), count: 7, data: { component: 'k8s-event' } });
    const inc = incidents([outage, probe]);
    expect(inc.map((i) => [i.findings.map((f) => f.code), i.atCapture])).toEqual([[['SIG-XDS-001'], false], [['SIG-CNI-002'], true]]);
    expect(new Date(inc[1]!.startMs).toISOString()).toBe('2026-03-15T11:40:00.000Z'); // its window is the latest activity only
  });

  it('treats failures of pods that no longer exist at capture as history: never at capture, left out of its causes', () => {
    const old = finding('SIG-CNI-004', 'error', { firstSeen: t(11, 40), lastSeen: t(11, 42), resources: [pod('istio-system', 'istio-cni-node-old')] });
    const pods = [status('istio-system', 'istio-cni-node-new')];
    expect(incidents([old], pods).map((i) => i.atCapture)).toEqual([false]);
    const current = finding('SIG-ACCESS-001', 'error', { firstSeen: t(11, 45), lastSeen: t(11, 55), resources: [pod('shop', 'web')] });
    const inc = incidents([old, current], [...pods, status('shop', 'web')]);
    expect(inc).toHaveLength(1);
    expect(inc[0]!.atCapture).toBe(true);
    expect(inc[0]!.findings.map((f) => f.code)).toEqual(['SIG-CNI-004', 'SIG-ACCESS-001']);
    expect(inc[0]!.view.map((f) => f.code)).toEqual(['SIG-ACCESS-001']);
  });

  it('joins the state at capture to the incident at capture, and makes one at capture for an error in the state alone', () => {
    const config = finding('IST0101', 'error', { analyzer: 'istio/vs-subset-not-found' });
    const traffic = finding('SIG-ACCESS-005', 'error', { firstSeen: t(11, 50), lastSeen: t(11, 58) });
    expect(incidents([config, traffic]).map((i) => i.findings.map((f) => f.code))).toEqual([['SIG-ACCESS-005', 'IST0101']]);
    const alone = incidents([config]);
    expect(alone.map((i) => [i.atCapture, new Date(i.startMs).toISOString()])).toEqual([[true, '2026-03-15T12:00:00.000Z']]);
    expect(incidents([finding('IST0118', 'info')])).toEqual([]);
  });

  it('lets info findings join the incident they fall in, but never start or stretch one', () => {
    const burst = finding('MSH5005', 'info', { analyzer: 'status/pod-burst', firstSeen: t(10, 18), lastSeen: t(10, 20) });
    const storm = finding('SIG-CA-001', 'error', { firstSeen: t(10, 21), lastSeen: t(10, 25) });
    const lonely = finding('MSH5005', 'info', { analyzer: 'status/pod-burst', firstSeen: t(3, 0), lastSeen: t(3, 2) });
    const inc = incidents([burst, storm, lonely]);
    expect(inc.map((i) => i.findings.map((f) => f.id))).toEqual([[burst.id, storm.id]]);
  });

  it('widens the capture window for a signal with a slow rhythm', () => {
    expect(captureWindowMs(finding('SIG-X', 'error', { firstSeen: t(0, 0), lastSeen: t(4, 0), count: 3 }))).toBe(4 * 3600_000);
    expect(captureWindowMs(finding('SIG-X', 'error', { firstSeen: t(0, 0), lastSeen: t(0, 1), count: 60 }))).toBe(30 * 60_000);
  });
});

describe('diagnose', () => {
  it('reports every incident with status, window and summary, and ranks causes only for each one\'s own findings', () => {
    const past = finding('SIG-XDS-001', 'error', { firstSeen: t(6, 0), lastSeen: t(7, 0), resources: [pod('a', 'x')] });
    const d = diagnose({ model: bundleModel({ capturedAt: CAPTURED }), findings: [past] });
    expect(d.rootCauses).toEqual([]);
    expect(d.incidents).toHaveLength(1);
    expect(d.incidents[0]).toMatchObject({ status: 'past', start: t(6, 0), end: t(7, 0), endedBeforeCaptureMs: 5 * 3600_000, findingIds: [past.id] });
    expect(d.incidents[0]!.summary).toMatch(/Resolved 5 h before capture\.$/);
    expect(d.incidentOf.get(past.id)).toBe(d.incidents[0]!.id);
  });

  it('evaluates every precondition of every model on the cluster', () => {
    const d = diagnose({ model: bundleModel({ capturedAt: CAPTURED }), findings: [] });
    expect(d.exposure.length).toBeGreaterThanOrEqual(27);
    expect(d.exposure.every((e) => e.holds === false && e.evidence.length === 0)).toBe(true);
  });
});

/**
 * samples/ambient-native-sidecar through the whole engine: the native sidecar's OOM loop read field by field, the
 * reinstall as context, the state at capture, nothing outside the mesh, evidence really at the cited lines, and the
 * diagnosis the README asks for (sidecar-resource-exhaustion first, no traffic-interception-failure).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Finding, Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';
import { renderText } from '../../analyzers/report/text.js';
import { renderMarkdown } from '../../analyzers/report/markdown.js';

const SAMPLE = 'samples/ambient-native-sidecar';
const lineOf = (file: string, line: number) => readFileSync(join(SAMPLE, file), 'utf8').split('\n')[line - 1];

describe('samples/ambient-native-sidecar', () => {
  let r: Report;
  let byCode: (code: string) => Finding[];
  beforeAll(async () => {
    r = await analyzePath(SAMPLE);
    byCode = (code) => r.findings.filter((f) => f.code === code);
  }, 60_000);

  it('is a well-formed 1.21+ bug-report, captured at the newest log line', () => {
    expect(reportProblems(r)).toEqual([]);
    expect([r.bundle.format, r.bundle.formatVersion, r.bundle.capturedAt, r.bundle.capturedAtSource]).toEqual(['istioctl-bug-report', '1.21-1.29', '2026-04-02T09:30:00Z', 'newest-log']);
    expect(r.bundle.inventory.cni.map((c) => c.log)).toEqual([true, true, true]);
  });

  it('reads the native sidecar\'s OOM loop: one MSH5001 for shop/orders, every field', () => {
    const [oom, ...more] = byCode('MSH5001');
    expect(more).toEqual([]);
    expect(oom.data).toEqual({
      container: 'istio-proxy', workload: 'orders', namespace: 'shop', pods: 2, restarts: 98, exitCode: 137, reason: 'OOMKilled',
      signal: 'SIGKILL', killedBy: 'oom-killer', nativeSidecar: 'yes', runSeconds: 58, probeFailures: 0,
    });
    expect(oom.severity).toBe('error');
    expect(oom.rootCauses).toEqual(['sidecar-resource-exhaustion']);
    expect(oom.remediation).toContain('memory limit 64Mi');
    expect(oom.remediation).not.toMatch(/Previous log/);
    expect(oom.resources.map((p) => p.name).sort()).toEqual(['orders-th5zb4gqbk-8f2gf', 'orders-th5zb4gqbk-wkhp9']);
    // evidence: each pod's initContainerStatuses entry for istio-proxy, whose lastState says OOMKilled
    expect(oom.evidence).toHaveLength(2);
    for (const e of oom.evidence) {
      expect(e.file).toBe('bug-report/cluster/pods');
      expect(lineOf(e.file, e.line!)).toMatch(/^\s+- containerID: containerd:\/\/istio-proxy$/);
      const entry = readFileSync(join(SAMPLE, e.file), 'utf8').split('\n').slice(e.line! - 1, e.line! + 14).join('\n');
      expect(entry).toContain('reason: OOMKilled');
      expect(entry).toContain('exitCode: 137');
    }
    expect(byCode('MSH5002').filter((f) => f.data?.workload === 'orders')).toEqual([]); // not counted twice
  });

  it('reads the reinstall as context: three reinstalled owners, new pods Ready, one control-plane reinstall', () => {
    const replaced = byCode('MSH5009').map((f) => [f.data?.namespace, f.data?.owner, f.data?.kind, f.data?.replaced, f.data?.readyNow]).sort();
    expect(replaced).toEqual([
      ['istio-system', 'istiod', 'reinstall', 1, '1/1'],
      ['istio-system', 'ztunnel', 'reinstall', 3, '3/3'],
      ['kube-system', 'istio-cni-node', 'reinstall', 3, '3/3'],
    ]);
    const [cp] = byCode('MSH5010');
    expect(cp.severity).toBe('info');
    expect(cp.data?.components).toBe('istiod, istio-cni, ztunnel');
    // the table's ages are "3h" (hour precision): the window is the hour of 06:28–06:31
    expect(cp.data?.from).toBe('2026-04-02T06:30:00Z');
    expect(Date.parse(String(cp.data?.to))).toBeGreaterThanOrEqual(Date.parse('2026-04-02T06:30:00Z'));
    for (const e of cp.evidence.filter((x) => x.file.endsWith('/events'))) expect(lineOf(e.file, e.line!)).toMatch(/\bKilling\b.*Stopping container|ScalingReplicaSet|SuccessfulCreate/);
  });

  it('states the mesh at capture: mixed, one pod not Ready, every control-plane and node-agent pod Ready; nothing outside the mesh', () => {
    const s = r.stateAtCapture!;
    expect(s.dataPlaneMode).toBe('mixed');
    expect(s.pods).toEqual({ total: 13, ready: 12, notReady: [{ namespace: 'shop', name: 'orders-th5zb4gqbk-8f2gf', reason: 'CrashLoopBackOff' }] });
    expect([s.controlPlane.total, s.controlPlane.ready]).toEqual([7, 7]);
    expect(s.proxies).toEqual({ total: 5, synced: 0, notSynced: [], unknown: 5 }); // no debug/syncz in this bundle
    expect(r.platform).toEqual([]);
  });

  it('names sidecar-resource-exhaustion first and no traffic-interception-failure at 0.5 or more', () => {
    expect(r.rootCauses[0]?.id).toBe('sidecar-resource-exhaustion');
    expect(r.rootCauses.filter((c) => c.id === 'traffic-interception-failure' && c.confidence >= 0.5)).toEqual([]);
  });

  it('shows the reinstall as context of the incident at capture, not as a cause', () => {
    const text = renderText(r, { color: false });
    const rootSection = text.slice(text.indexOf('ROOT CAUSE AT CAPTURE'), text.indexOf('STATE AT CAPTURE'));
    expect(rootSection).toContain('Context: Istio was reinstalled between 2026-04-02T06:30:00Z and');
    expect(rootSection).toContain('istiod, istio-cni, ztunnel stopped and created again');
    // the per-owner replacements the reinstall covers are not repeated
    expect(rootSection).not.toContain('replaced by a reinstall');
    expect(renderMarkdown(r)).toContain('- Context: Istio was reinstalled between 2026-04-02T06:30:00Z');
    // the reinstall restarted istiod but is no outage: nothing besides the sidecar's OOM loop reaches 0.5
    expect(r.rootCauses.filter((c) => c.confidence >= 0.5).map((c) => c.id)).toEqual(['sidecar-resource-exhaustion']);
  });
});

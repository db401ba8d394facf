/**
 * istiod-resource-exhaustion: istiod OOM-killed (status contract findings), or its resident memory at capture
 * close to its container limit (istiod's own /metrics in the bug-report joined with its Pod spec).
 */
import { describe, expect, it } from 'vitest';
import { deployment, event, pod, reasons, restarting, run } from './harness.js';

describe('istiod-resource-exhaustion', () => {
  const objects = [deployment('istio-system', 'istiod'), pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod' }, sidecar: false })];

  it('is defined by istiod OOM-killed, and explains istiod being unavailable', async () => {
    const oom = restarting('istio-system', 'istiod', ['istiod-7b9c-x1'], { container: 'discovery', exitCode: 137, reason: 'OOMKilled', signal: 'SIGKILL', killedBy: 'oom-killer', restarts: 6 }, '2026-03-15T10:02:00Z', '2026-03-15T10:26:00Z');
    const o = await run({ name: 'oom', objects, findings: [oom], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('istiod-resource-exhaustion');
    expect(reasons(o.cause('istiod-resource-exhaustion'))!.defining).toEqual(['istiod was OOM-killed (or killed with exit 137)']);
  });

  it('is not defined by istiod restarts after a node restart (exit 255, Unknown)', async () => {
    const node = restarting('istio-system', 'istiod', ['istiod-7b9c-x1'], { container: 'discovery', exitCode: 255, reason: 'Unknown', signal: '-', killedBy: 'node-restart', restarts: 1 }, '2026-03-15T10:02:00Z', '2026-03-15T10:02:00Z');
    const o = await run({ name: 'node restart', objects, findings: [node], capturedAt: '2026-03-15T10:10:00Z' });
    expect(o.cause('istiod-resource-exhaustion')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('goes first when istiod crash-loops because it is OOM-killed: the unavailability is its symptom', async () => {
    const backoff = event({ ns: 'istio-system', kind: 'Pod', name: 'istiod-7b9c-x1', reason: 'BackOff', message: 'Back-off restarting failed container discovery in pod istiod-7b9c-x1_istio-system(5c1d)', first: '2026-03-15T10:02:00Z', last: '2026-03-15T10:26:00Z', count: 9 });
    const oom = restarting('istio-system', 'istiod', ['istiod-7b9c-x1'], { container: 'discovery', exitCode: 137, reason: 'OOMKilled', signal: 'SIGKILL', killedBy: 'oom-killer', restarts: 6 }, '2026-03-15T10:20:00Z', '2026-03-15T10:20:00Z');
    const o = await run({ name: 'crash loop', objects: [...objects, backoff], findings: [oom], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.diagnosis.rootCauses.map((c) => [c.id, c.confidence >= 0.5])).toEqual(expect.arrayContaining([['istiod-resource-exhaustion', true]]));
    expect(o.diagnosis.rootCauses[0]!.id).toBe('istiod-resource-exhaustion');
  });

  /** istiod with a 1Gi limit on discovery, as the Deployment's template writes it. */
  function limited() {
    const p = pod('istio-system', 'istiod-7b9c-x1', { labels: { app: 'istiod' }, sidecar: false, containers: [{ name: 'discovery', ports: [15010, 15012, 15014] }] }) as any;
    p.spec.containers[0].resources = { limits: { memory: '1Gi' }, requests: { cpu: '500m', memory: '512Mi' } };
    return p;
  }
  /** istiod's /metrics (Prometheus text, Go client process collector and pilot gauges). */
  const metrics = (rss: number, services: number) => [
    '# HELP pilot_services Total services known to pilot.', '# TYPE pilot_services gauge', `pilot_services ${services}`,
    '# HELP process_resident_memory_bytes Resident memory size in bytes.', '# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${rss.toExponential(9)}`, '',
  ].join('\n');

  it('is defined by istiod resident at 97 % of its memory limit at capture, with the config size as support', async () => {
    const o = await run({
      name: 'near limit', objects: [deployment('istio-system', 'istiod'), limited()], capturedAt: '2026-03-15T10:30:00Z',
      files: { 'bug-report/istio/istio-system/istiod-7b9c-x1/metrics': metrics(1.041529569e9, 9038) },
    });
    const rc = o.cause('istiod-resource-exhaustion')!;
    expect(o.diagnosis.rootCauses[0]!.id).toBe('istiod-resource-exhaustion');
    expect(reasons(rc)!.defining).toEqual([expect.stringContaining('90 % or more of its container memory limit')]);
    expect(rc.found!.map((c) => c.says)).toEqual(expect.arrayContaining([expect.stringContaining('pilot_services')]));
    expect(rc.found!.find((c) => c.role === 'defining')!.evidence![0]).toMatchObject({ file: 'bug-report/istio/istio-system/istiod-7b9c-x1/metrics', line: 6, excerpt: expect.stringContaining('97% of its 1Gi limit') });
  });

  it('is not claimed when istiod uses 60 % of its limit, however large the config', async () => {
    const o = await run({
      name: 'room left', objects: [deployment('istio-system', 'istiod'), limited()], capturedAt: '2026-03-15T10:30:00Z',
      files: { 'bug-report/istio/istio-system/istiod-7b9c-x1/metrics': metrics(0.65e9, 9038) },
    });
    expect(o.anywhere('istiod-resource-exhaustion')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

/** istiod-resource-exhaustion: istiod OOM-killed or at its memory limit (status contract findings). */
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
});

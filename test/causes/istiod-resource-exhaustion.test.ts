/** istiod-resource-exhaustion: istiod OOM-killed or at its memory limit (status contract findings). */
import { describe, expect, it } from 'vitest';
import { deployment, pod, reasons, restarting, run } from './harness.js';

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
});

/**
 * sidecar-resource-exhaustion: istio-proxy OOM-killed (native sidecars included), fd exhaustion; not when the
 * sidecar restarts for another logged reason (Aborting proxy after CA failures), a node restart (255/Unknown)
 * or the kubelet's liveness kill. Restarts are status findings shaped as the contract says.
 */
import { describe, expect, it } from 'vitest';
import { agent, namespace, pod, reasons, restarting, run, times } from './harness.js';

const objects = [namespace('shop', { 'istio-injection': 'enabled' }), pod('shop', 'web-5f9d-w1')];
const cap = '2026-03-15T10:30:00Z';

describe('sidecar-resource-exhaustion', () => {
  it('is defined by a native istio-proxy sidecar OOM-killed in a loop (exit 137, OOMKilled)', async () => {
    const f = restarting('shop', 'web', ['web-5f9d-w1'], { container: 'istio-proxy', exitCode: 137, reason: 'OOMKilled', signal: 'SIGKILL', killedBy: 'oom-killer', nativeSidecar: 'yes', restarts: 67, runSeconds: 62 }, '2026-03-15T08:00:00Z', '2026-03-15T10:25:00Z');
    const o = await run({ name: 'native oom', objects, findings: [f], capturedAt: cap });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('sidecar-resource-exhaustion');
    expect(reasons(o.cause('sidecar-resource-exhaustion'))!.defining).toEqual(['istio-proxy (a native sidecar included) was OOM-killed']);
  });

  it('is defined by Envoy running out of file descriptors', async () => {
    const lines = times('2026-03-15T10:05:00.000Z', 5, 60).map((t) => agent(t.replace('Z', '000Z'), 'critical', 'envoy assert', 'panic: listener accept failure: Too many open files'));
    const o = await run({ name: 'fds', objects, proxyLogs: { 'shop/web-5f9d-w1': lines } });
    expect(reasons(o.cause('sidecar-resource-exhaustion'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is only supported, and contradicted, by exit 137 from the kubelet after failed liveness probes', async () => {
    const f = restarting('shop', 'web', ['web-5f9d-w1'], { container: 'istio-proxy', exitCode: 137, reason: 'Error', signal: 'SIGKILL', killedBy: 'liveness-probe', restarts: 67, runSeconds: 61, probeFailures: 201 }, '2026-03-15T08:00:00Z', '2026-03-15T10:25:00Z');
    const r = reasons((await run({ name: 'liveness', objects, findings: [f], capturedAt: cap })).cause('sidecar-resource-exhaustion'))!;
    expect(r.confidence).toBeLessThan(0.5);
    expect(r.against).toEqual(['the kubelet killed the sidecar after failed liveness probes (SIGKILL, not the OOM killer)']);
  });

  it('is contradicted by restarts after a node restart (exit 255, Unknown)', async () => {
    const f = restarting('shop', 'web', ['web-5f9d-w1'], { container: 'istio-proxy', exitCode: 255, reason: 'Unknown', signal: '-', killedBy: 'node-restart', restarts: 1 }, '2026-03-15T10:18:00Z', '2026-03-15T10:18:00Z');
    const r = reasons((await run({ name: 'node', objects, findings: [f], capturedAt: cap })).cause('sidecar-resource-exhaustion'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is contradicted when pilot-agent aborted the proxy after CA failures', async () => {
    const f = restarting('shop', 'web', ['web-5f9d-w1'], { container: 'istio-proxy', exitCode: 137, reason: 'OOMKilled', signal: 'SIGKILL', killedBy: 'oom-killer', restarts: 3 }, '2026-03-15T10:10:00Z', '2026-03-15T10:20:00Z');
    const lines = [agent('2026-03-15T10:09:58.000000Z', 'warn', 'ca', 'ca request failed, starting attempt 1 in 100.1ms'), '2026-03-15T10:10:00.000511Z\twarn\tAborting proxy'];
    const r = reasons((await run({ name: 'abort', objects, findings: [f], proxyLogs: { 'shop/web-5f9d-w1': lines }, capturedAt: cap })).cause('sidecar-resource-exhaustion'))!;
    expect(r.against).toEqual(['the sidecars restarted for another logged reason (pilot-agent aborted them after CA failures)']);
  });
});

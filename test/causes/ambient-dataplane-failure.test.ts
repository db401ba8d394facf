/** ambient-dataplane-failure: ztunnel errors in an ambient mesh; not in a sidecar-only mesh. */
import { describe, expect, it } from 'vitest';
import { namespace, pod, reasons, restarting, run, times } from './harness.js';

// ztunnel access log (src/telemetry.rs layout, corpus #7) with the `no healthy upstream` error of src/proxy.rs.
const zt = (t: string) => `${t}\terror\taccess\tconnection complete\tsrc.addr=10.244.0.9:58600 src.workload="shell-56bd5dbdbf-gz6cq" src.namespace="default" src.identity="spiffe://cluster.local/ns/default/sa/default" dst.service="echo.default.svc.cluster.local" direction="outbound" bytes_sent=0 bytes_recv=0 duration="0ms" error="no healthy upstream: echo.default.svc.cluster.local"`;

describe('ambient-dataplane-failure', () => {
  it('is defined by ztunnel connections completing with errors', async () => {
    const o = await run({
      name: 'ztunnel', objects: [namespace('default', { 'istio.io/dataplane-mode': 'ambient' }), pod('istio-system', 'ztunnel-x2k4', { containers: [{ name: 'istio-proxy' }], sidecar: false })],
      files: { 'bug-report/ztunnel/istio-system/ztunnel-x2k4/ztunnel.log': times('2026-03-15T10:05:00.100Z', 20, 30).map((t) => zt(t.replace('Z', '200Z'))).join('\n') + '\n' },
    });
    const r = reasons(o.cause('ambient-dataplane-failure'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is defined by ztunnel OOM-killed in a loop, which sidecar-resource-exhaustion does not claim (ztunnel\'s container is istio-proxy too)', async () => {
    // ztunnel's DaemonSet labels its pods app: ztunnel and names the container istio-proxy (manifests/charts/ztunnel).
    const zpod = pod('istio-system', 'ztunnel-x2k4', { labels: { app: 'ztunnel' }, containers: [{ name: 'istio-proxy' }], sidecar: false, ready: false });
    const oom = restarting('istio-system', 'ztunnel', ['ztunnel-x2k4'], { container: 'istio-proxy', exitCode: 137, reason: 'OOMKilled', signal: 'SIGKILL', killedBy: 'oom-killer', restarts: 12, runSeconds: 240 }, '2026-03-15T09:40:00Z', '2026-03-15T10:25:00Z');
    const o = await run({ name: 'ztunnel oom', objects: [namespace('default', { 'istio.io/dataplane-mode': 'ambient' }), namespace('istio-system'), zpod], findings: [oom], capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('ambient-dataplane-failure');
    expect(reasons(o.cause('ambient-dataplane-failure'))!.defining).toContain('ztunnel or a waypoint was OOM-killed or crash-looped (its container is istio-proxy, but it is no sidecar)');
    expect(o.cause('sidecar-resource-exhaustion')?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('is contradicted in a mesh with no ambient namespace and no ztunnel', async () => {
    const o = await run({ name: 'sidecar mesh', objects: [namespace('default', { 'istio-injection': 'enabled' })], files: { 'bug-report/ztunnel/istio-system/ztunnel-x2k4/ztunnel.log': zt('2026-03-15T10:05:00.100200Z') + '\n' } });
    expect(reasons(o.cause('ambient-dataplane-failure'))!.against).toEqual(['no namespace is in ambient mode and no ztunnel runs']);
  });
});

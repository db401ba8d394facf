/** listener-port-conflict: Envoy cannot bind 15006 (corpus #32, istio/istio#38824). */
import { describe, expect, it } from 'vitest';
import { namespace, pod, reasons, run, times } from './harness.js';

describe('listener-port-conflict', () => {
  it('is defined by "cannot bind 0.0.0.0:15006: Address already in use", and an app container on 15006 supports it', async () => {
    const line = (t: string) => `${t}\terror\tenvoy config\tlistener 'virtualInbound' failed to bind or apply socket options: cannot bind '0.0.0.0:15006': Address already in use`;
    const o = await run({ name: 'bind', objects: [namespace('shop'), pod('shop', 'web-1', { containers: [{ name: 'web', ports: [15006] }] })], proxyLogs: { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 5, 60).map((t) => line(t.replace('Z', '000Z'))) } });
    const rc = o.cause('listener-port-conflict')!;
    expect(reasons(rc)!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(rc.found!.map((c) => c.says)).toContain("an application container of the failing pods declares one of Envoy's ports (15000, 15001, 15006, 15020, 15021, 15090…)");
  });

  it('explains the listener updates Envoy then rejects (corpus #33 wording): a port conflict, not a stale push', async () => {
    const line = (t: string) => `${t}\twarning\tenvoy config\tgRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: Error adding/updating listener(s) virtualInbound: cannot bind '0.0.0.0:15006': Address already in use`;
    const o = await run({ name: 'lds rejected', objects: [namespace('shop'), pod('shop', 'web-1', { containers: [{ name: 'web', ports: [15006] }] })], proxyLogs: { 'shop/web-1': times('2026-03-15T10:05:00.000Z', 5, 60).map((t) => line(t.replace('Z', '000Z'))) } });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('listener-port-conflict');
    expect(o.cause('xds-push-stale')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

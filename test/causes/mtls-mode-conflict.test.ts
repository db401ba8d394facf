/** mtls-mode-conflict: STRICT PeerAuthentication on a workload joined with plaintext arriving at it. */
import { describe, expect, it } from 'vitest';
import { access, istio, namespace, pod, reasons, run, service, times } from './harness.js';

const NR = (time: string) => access({ time, method: '-', code: 0, flags: 'NR', details: 'filter_chain_not_found', local: '10.244.2.7:8080', remote: '10.244.3.9:51234' });
const world = (mode: 'STRICT' | 'PERMISSIVE' | undefined) => [
  namespace('payments', { 'istio-injection': 'enabled' }),
  pod('payments', 'payments-7d9f-abcde', { labels: { app: 'payments' }, ip: '10.244.2.7' }),
  service('payments', 'payments', { app: 'payments' }, [{ port: 8080 }]),
  ...(mode ? [istio('PeerAuthentication', 'payments', 'default', { mtls: { mode } })] : []),
];
const traffic = { 'payments/payments-7d9f-abcde': times('2026-03-15T10:02:00.000Z', 40, 15).map(NR) };

describe('mtls-mode-conflict', () => {
  it('is defined by plaintext (NR filter_chain_not_found) at a workload whose namespace PeerAuthentication is STRICT', async () => {
    const o = await run({ name: 'strict + NR', objects: world('STRICT'), proxyLogs: traffic });
    const r = reasons(o.cause('mtls-mode-conflict'))!;
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.defining).toEqual(['plaintext reached a workload whose PeerAuthentication is STRICT (inbound NR filter_chain_not_found there)']);
    expect(o.diagnosis.rootCauses[0]!.id).toBe('mtls-mode-conflict');
    const ev = o.cause('mtls-mode-conflict')!.found![0]!.evidence![0]!;
    expect(ev).toMatchObject({ file: 'bug-report/cluster/k8s-resources', excerpt: 'PeerAuthentication payments/default: STRICT (namespace) for payments/payments-7d9f-abcde' });
  });

  it('is not claimed for the same plaintext at a PERMISSIVE workload, and says so against it', async () => {
    for (const mode of ['PERMISSIVE', undefined] as const) {
      const o = await run({ name: `${mode ?? 'no policy'} + NR`, objects: world(mode), proxyLogs: traffic });
      const r = reasons(o.cause('mtls-mode-conflict'));
      expect(r?.confidence ?? 0, mode).toBeLessThan(0.5);
      if (r) expect(r.against).toEqual(['the workloads that rejected plaintext are PERMISSIVE (no STRICT PeerAuthentication on that path)']);
    }
  });

  it('is not claimed from a STRICT policy alone, with no traffic rejected and no plaintext caller', async () => {
    const o = await run({ name: 'strict, quiet', objects: world('STRICT'), capturedAt: '2026-03-15T10:30:00Z' });
    expect(o.cause('mtls-mode-conflict')).toBeUndefined();
  });
});

/** authz-denied: RBAC denials at a workload an AuthorizationPolicy applies to. */
import { describe, expect, it } from 'vitest';
import { access, istio, namespace, pod, reasons, run, times } from './harness.js';

// istio/istio#40944 wording, inbound at the server.
const denied = (t: string) => access({ time: t, path: '/headers', code: 403, flags: '-', details: 'rbac_access_denied_matched_policy[none]', authority: 'httpbin.foo:8000', cluster: 'inbound|80||', local: '192.168.24.67:80' });
const logs = { 'foo/httpbin-5d8f-h1': times('2026-03-15T10:05:00.000Z', 20, 30).map(denied) };
const world = [namespace('foo'), pod('foo', 'httpbin-5d8f-h1', { labels: { app: 'httpbin' } })];

describe('authz-denied', () => {
  it('is defined by 403 RBAC at httpbin while an ALLOW policy selects it', async () => {
    const ap = istio('AuthorizationPolicy', 'foo', 'httpbin-allow', { selector: { matchLabels: { app: 'httpbin' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/foo/sa/sleep'] } }] }] });
    const o = await run({ name: 'allow', objects: [...world, ap], proxyLogs: logs });
    expect(o.diagnosis.rootCauses[0]!.id).toBe('authz-denied');
    expect(o.cause('authz-denied')!.found![0]!.evidence![0]!.excerpt).toBe('AuthorizationPolicy foo/httpbin-allow (ALLOW) applies to foo/httpbin-5d8f-h1');
  });

  it('is contradicted when no AuthorizationPolicy applies to the workload', async () => {
    const o = await run({ name: 'none', objects: world, proxyLogs: logs });
    const r = reasons(o.cause('authz-denied'));
    expect(r?.confidence ?? 0).toBeLessThan(0.5);
    expect(r?.against).toEqual(['no AuthorizationPolicy applies to the workloads that logged the denials']);
  });
});

/**
 * linkerd-identity-failure: Linkerd proxies cannot get their identity (corpus #80, linkerd/linkerd2#3676), or
 * Linkerd's own `linkerd check` says the trust roots or issuer are out of date (linkerd/linkerd2#3813).
 */
import { describe, expect, it } from 'vitest';
import { reasons, run } from './harness.js';

/** `linkerd check` text output as the CLI prints it (linkerd2 pkg/healthcheck; × failed, ‼ warning). */
const check = (identity: string[]) => ['linkerd-identity', '----------------', '√ certificate config is valid', '√ trust roots are using supported crypto algorithm', ...identity, '', 'linkerd-api', '-----------', '√ control plane pods are ready', '', 'Status check results are ×', ''].join('\n');

describe('linkerd-identity-failure', () => {
  it('is defined by "Received invalid ceritficate" from linkerd2-proxy', async () => {
    const lines = ['ERR! [ 14047.952874s] linkerd2_proxy_identity::certify Received invalid ceritficate: invalid certificate:', 'ERR! [ 14057.952874s] linkerd2_proxy_identity::certify Received invalid ceritficate: invalid certificate:'];
    const o = await run({ name: 'linkerd', capturedAt: '2026-03-15T10:30:00Z', files: { 'pods/emojivoto/web-5f9d/linkerd-proxy.log': lines.join('\n') + '\n' } });
    expect(reasons(o.cause('linkerd-identity-failure'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('is defined by `linkerd check` failing the issuer check', async () => {
    const text = check(['× issuer cert is issued by the trust anchor', '    x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "root.linkerd.cluster.local")', '    see https://linkerd.io/2/checks/#l5d-identity-issuer-cert-issued-by-trust-anchor for hints']);
    const o = await run({ name: 'linkerd check issuer', capturedAt: '2026-03-15T10:30:00Z', files: { 'case/linkerd-check.txt': text } });
    expect(o.report.findings.map((f) => f.code)).toContain('MSH8001');
    expect(o.diagnosis.rootCauses[0]!.id).toBe('linkerd-identity-failure');
    expect(reasons(o.cause('linkerd-identity-failure'))!.defining).toEqual([expect.stringContaining('`linkerd check` failed an identity check')]);
  });

  it('stays below 0.5 when `linkerd check` only warns that a certificate expires soon', async () => {
    const text = check(['‼ issuer cert is valid for at least 60 days', '    issuer certificate will expire on 2026-04-20T10:00:00Z', '    see https://linkerd.io/2/checks/#l5d-identity-issuer-cert-not-expiring-soon for hints']);
    const o = await run({ name: 'linkerd check warns', capturedAt: '2026-03-15T10:30:00Z', files: { 'case/linkerd-check.txt': text } });
    expect(o.report.findings.map((f) => f.code)).toContain('MSH8002');
    expect(o.anywhere('linkerd-identity-failure')?.confidence ?? 0).toBeLessThan(0.5);
  });
});

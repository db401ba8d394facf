/** linkerd-identity-failure: Linkerd proxies cannot get their identity (corpus #80, linkerd/linkerd2#3676). */
import { describe, expect, it } from 'vitest';
import { reasons, run } from './harness.js';

describe('linkerd-identity-failure', () => {
  it('is defined by "Received invalid ceritficate" from linkerd2-proxy', async () => {
    const lines = ['ERR! [ 14047.952874s] linkerd2_proxy_identity::certify Received invalid ceritficate: invalid certificate:', 'ERR! [ 14057.952874s] linkerd2_proxy_identity::certify Received invalid ceritficate: invalid certificate:'];
    const o = await run({ name: 'linkerd', capturedAt: '2026-03-15T10:30:00Z', files: { 'pods/emojivoto/web-5f9d/linkerd-proxy.log': lines.join('\n') + '\n' } });
    expect(reasons(o.cause('linkerd-identity-failure'))!.confidence).toBeGreaterThanOrEqual(0.5);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } }));
const { serveAppRequest } = await import('../../electron/main/protocol.js');
const { CSP } = await import('../../analyzers/node/serve/csp.js');

const root = mkdtempSync(join(tmpdir(), 'meshlens-app-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>meshlens</title>');
writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
writeFileSync(join(tmpdir(), 'meshlens-secret.txt'), 'secret');

describe('app:// protocol', () => {
  it('serves the renderer with the CSP on every response', async () => {
    const res = await serveAppRequest(root, 'app://meshlens/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<title>meshlens</title>');
    const js = await serveAppRequest(root, 'app://meshlens/assets/a.js');
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of ['app://meshlens/../meshlens-secret.txt', 'app://meshlens/%2e%2e/meshlens-secret.txt', 'app://meshlens/..%2fmeshlens-secret.txt', 'app://meshlens/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const res = await serveAppRequest(root, url);
      expect(res.status, url).toBe(404);
    }
    expect((await serveAppRequest(root, 'app://other/index.html')).status).toBe(404);
    expect((await serveAppRequest(root, 'app://meshlens/missing.js')).status).toBe(404);
  });
});

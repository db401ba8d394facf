import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../analyzers/node/serve/csp.js';
import { startServer, type RunningServer } from '../../analyzers/node/serve/http.js';
import { run } from '../../analyzers/node/serve/index.js';
import { BundleSession } from '../../analyzers/node/serve/session.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const staticDir = mkdtempSync(join(tmpdir(), 'meshlens-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>meshlens</title>');
writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
const TOKEN = 'test-token-0123456789';
let server: RunningServer;

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const api = (method: string, args: unknown[] = [], token = TOKEN) => call(`/api/${method}`, { method: 'POST', headers: { 'x-meshlens-token': token, 'content-type': 'application/json' }, body: JSON.stringify(args) });

beforeAll(async () => {
  // an unopened session: every check below happens before a bundle is needed
  server = await startServer({ session: new BundleSession(async () => { throw new Error('not used'); }), staticDir, token: TOKEN });
});
afterAll(() => server.close());

describe('meshlens serve HTTP host', () => {
  it('listens on 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('refuses API calls without the right token', async () => {
    expect((await api('status', [], '')).status).toBe(401);
    expect((await api('status', [], 'test-token-0123456780')).status).toBe(401);
    const ok = await api('status');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { state: 'idle' } });
  });

  it('refuses requests naming another host (DNS rebinding)', async () => {
    const res = await call('/', { headers: { host: 'evil.example:80' } });
    expect(res.status).toBe(421);
  });

  it('sends the CSP with pages and API answers', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await api('status')).headers['content-security-policy']).toBe(CSP);
  });

  it('answers only allow-listed methods with checked arguments', async () => {
    const unknown = await api('eval', ['1+1']);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error).toMatch(/unknown method/);
    const bad = await api('queryLogs', [{ offset: -1, limit: 5 }]);
    expect(bad.status).toBe(400);
    expect((await api('proxyTable', ['ns', 'pod', 'bootstrap'])).status).toBe(400);
    const early = await api('report');
    expect(early.status).toBe(500);
    expect(JSON.parse(early.body).error).toBe('no bundle is open yet');
    expect((await call('/api/status')).status).toBe(401);
  });

  it('serves the icon for /favicon.ico (browsers ask for it whatever the page links)', async () => {
    const ico = await call('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toBe('image/svg+xml');
  });

  it('never serves files outside the renderer build', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/missing.js']) {
      expect((await call(p)).status, p).toBe(404);
    }
    // extension-less paths are app routes: they get index.html, never the file they name
    const passwd = await call('/..%2f..%2f..%2fetc/passwd');
    expect(passwd.body).toBe('<!doctype html><title>meshlens</title>');
  });
});

describe('meshlens serve HTTP host, with a bundle open', () => {
  let open: RunningServer;
  const session = new BundleSession(analyzePath);
  const apiOpen = (method: string, args: unknown[]) => new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: open.port, path: `/api/${method}`, method: 'POST', headers: { host: `127.0.0.1:${open.port}`, 'x-meshlens-token': TOKEN, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(args));
  });
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-bundle-'));
    mkdirSync(join(dir, 'bug-report/proxies/shop/cart-1'), { recursive: true });
    writeFileSync(join(dir, 'bug-report/proxies/shop/cart-1/istio-proxy.log'), '2026-03-10T11:51:00.000000Z\tinfo\tready\n');
    await session.open(dir);
    open = await startServer({ session, staticDir, token: TOKEN });
  });
  afterAll(async () => { await open.close(); await session.close(); });

  it('answers 404 for a path outside the bundle and for a proxy without a config_dump, not 500', async () => {
    const outside = await apiOpen('excerpt', ['../../etc/passwd', 1, 10]);
    expect(outside.status).toBe(404);
    expect(outside.body.error).toBe('../../etc/passwd: no such file in the bundle');
    const noDump = await apiOpen('proxyTable', ['shop', 'cart-1', 'cluster']);
    expect(noDump.status).toBe(404);
    expect(noDump.body.error).toMatch(/no config_dump for this proxy/);
    expect((await apiOpen('excerpt', ['bug-report/proxies/shop/cart-1/istio-proxy.log', 1, 10])).body.value.lines).toEqual(['2026-03-10T11:51:00.000000Z\tinfo\tready']);
  });
});

describe('run', () => {
  const io = () => { const out = { stdout: '', stderr: '' }; return { out, io: { stdout: (s: string) => { out.stdout += s; }, stderr: (s: string) => { out.stderr += s; } } }; };
  it('rejects bad usage and unreadable bundles', async () => {
    await expect(run([], io().io)).rejects.toThrow(/needs a bundle/);
    await expect(run(['x', '--port', 'abc'], io().io)).rejects.toThrow(/--port/);
    await expect(run(['a', 'b'], io().io)).rejects.toThrow(/one bundle/);
    const { out, io: o } = io();
    expect(await run([join(staticDir, 'missing.tgz')], o)).toBe(2);
    expect(out.stderr).toMatch(/no such file/);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { FakeEmitter, FakeWebContents, navEvent } from './fakes.js';

vi.mock('electron', () => ({}));

const { denyAllPermissions, hardenWebContents, isTrustedSender, APP_URL } = await import('../../electron/main/security.js');
const { CSP, SECURITY_HEADERS } = await import('../../analyzers/node/serve/csp.js');

describe('CSP <meta> in renderer/index.html', () => {
  it('is the header policy (csp.ts) without frame-ancestors, which a <meta> cannot carry', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; '));
  });
});

describe('navigation and new windows', () => {
  it('refuses every navigation, redirect and <webview>', () => {
    const wc = new FakeWebContents();
    hardenWebContents(wc as never);
    for (const [event, url] of [['will-navigate', 'https://example.com/'], ['will-navigate', 'file:///etc/passwd'], ['will-navigate', 'app://meshlens/other.html'], ['will-redirect', 'http://127.0.0.1:1/'], ['will-attach-webview', '']] as const) {
      const e = navEvent();
      wc.emit(event, e, url);
      expect(e.prevented, `${event} ${url}`).toBe(true);
    }
  });

  it('denies window.open and target=_blank', () => {
    const wc = new FakeWebContents();
    hardenWebContents(wc as never);
    expect(wc.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const s = Object.assign(new FakeEmitter(), {
      request: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
      check: undefined as undefined | (() => boolean),
      device: undefined as undefined | (() => boolean),
      setPermissionRequestHandler(fn: any) { this.request = fn; },
      setPermissionCheckHandler(fn: any) { this.check = fn; },
      setDevicePermissionHandler(fn: any) { this.device = fn; },
    });
    denyAllPermissions(s as never);
    for (const perm of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      const cb = vi.fn();
      s.request!({}, perm, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(s.check!()).toBe(false);
    expect(s.device!()).toBe(false);
  });

  it('cancels downloads that are not the app’s own exports', () => {
    const s = Object.assign(new FakeEmitter(), { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} });
    denyAllPermissions(s as never);
    const remote = { getURL: () => 'https://example.com/x.exe', cancel: vi.fn() };
    const own = { getURL: () => 'blob:app://meshlens/1234', cancel: vi.fn() };
    s.emit('will-download', {}, remote);
    s.emit('will-download', {}, own);
    expect(remote.cancel).toHaveBeenCalled();
    expect(own.cancel).not.toHaveBeenCalled();
  });
});

describe('IPC sender', () => {
  const wc = new FakeWebContents();
  const known = new Set([wc.id]);
  it('accepts the main frame of our window on app://meshlens', () => {
    expect(isTrustedSender({ sender: wc, senderFrame: wc.mainFrame } as never, known)).toBe(true);
  });
  it('refuses unknown windows, subframes, other origins and missing frames', () => {
    const other = new FakeWebContents();
    expect(isTrustedSender({ sender: other, senderFrame: other.mainFrame } as never, known)).toBe(false);
    expect(isTrustedSender({ sender: wc, senderFrame: { url: 'app://meshlens/index.html' } } as never, known)).toBe(false);
    const evil = Object.assign(new FakeWebContents(), { mainFrame: { url: 'https://evil.example/' } });
    expect(isTrustedSender({ sender: evil, senderFrame: evil.mainFrame } as never, new Set([evil.id]))).toBe(false);
    const file = Object.assign(new FakeWebContents(), { mainFrame: { url: 'file:///tmp/x.html' } });
    expect(isTrustedSender({ sender: file, senderFrame: file.mainFrame } as never, new Set([file.id]))).toBe(false);
    expect(isTrustedSender({ sender: wc, senderFrame: null } as never, known)).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  it('loads nothing remote and runs no inline or eval’d script', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    for (const [, v] of directives) for (const src of v) expect(src).not.toMatch(/^(https?:|wss?:|\*|'unsafe-eval'|blob:)/);
  });
  it('goes out with every response', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CSP);
  });
});

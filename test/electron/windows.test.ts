import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';

const { created, children } = vi.hoisted(() => ({ created: [] as any[], children: [] as any[] }));
vi.mock('electron', async () => {
  const { FakeEmitter, FakeWebContents } = await import('./fakes.js');
  class BrowserWindow extends FakeEmitter {
    static getFocusedWindow = () => created[created.length - 1];
    webContents = new FakeWebContents();
    loaded?: string;
    constructor(readonly opts: any) { super(); created.push(this); }
    loadURL(url: string) { this.loaded = url; return Promise.resolve(); }
    isDestroyed() { return false; }
    setTitle() {}
    show() {}
  }
  return {
    BrowserWindow,
    app: { isPackaged: true, addRecentDocument: vi.fn() },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/tmp/picked.tgz'] })) },
    utilityProcess: {
      fork: vi.fn((path: string) => {
        const child = Object.assign(new FakeEmitter(), { path, posted: [] as any[], kill: vi.fn(), postMessage(m: any) { this.posted.push(m); (this as any).emit('message', { id: m.id, ok: true, value: null }); } });
        children.push(child);
        return child;
      }),
    },
  };
});

const { Windows } = await import('../../electron/main/windows.js');
const { RecentFiles } = await import('../../electron/main/recent.js');
const { bundleFromArgv } = await import('../../electron/main/argv.js');

describe('windows', () => {
  const userData = mkdtempSync(join(tmpdir(), 'meshlens-ud-'));
  const windows = new Windows({ preload: '/app/preload.cjs', engine: '/app/engine.mjs' }, new RecentFiles(userData));

  it('opens a hardened window on app:// with its own engine process', () => {
    const win: any = windows.create();
    expect(win.loaded).toBe('app://meshlens/index.html');
    // every setting, as written at the construction site (Electron's checklist; Electronegativity reads it there)
    expect((win as any).opts.webPreferences).toEqual({
      preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, navigateOnDragDrop: false, spellcheck: false, disableBlinkFeatures: 'Auxclick', devTools: false,
    });
    expect(children.at(-1).path).toBe('/app/engine.mjs');
    expect((win.webContents as any).handlers.has('will-navigate')).toBe(true);
    expect((win.webContents as any).openHandler({ url: 'https://x' })).toEqual({ action: 'deny' });
    expect(windows.known.has(win.webContents.id)).toBe(true);
  });

  it('opens the first bundle in the same window and a second bundle in a new window', async () => {
    const win = created.at(-1);
    const before = created.length;
    await windows.openPath(win.webContents.id, '/tmp/first.tgz');
    expect(children.at(-1).posted.at(-1)).toMatchObject({ method: 'open', args: ['/tmp/first.tgz'] });
    expect(created.length).toBe(before);
    children.at(-1).emit('message', { type: 'status', status: { state: 'loading', bundle: '/tmp/first.tgz', progress: { bytesRead: 1, filesRead: 1 } } });
    expect(win.webContents.sent.at(-1)).toEqual(['meshlens:status-event', { state: 'loading', bundle: '/tmp/first.tgz', progress: { bytesRead: 1, filesRead: 1 } }]);
    await windows.openPath(win.webContents.id, '/tmp/second.tgz');
    expect(created.length).toBe(before + 1);
    expect(windows.recent().slice(0, 2)).toEqual(['/tmp/second.tgz', '/tmp/first.tgz']);
  });

  it('kills the engine and forgets the window when it closes', () => {
    const win = windows.create();
    const child = children.at(-1);
    win.emit('closed');
    expect(child.kill).toHaveBeenCalled();
    expect(windows.known.has(win.webContents.id)).toBe(false);
  });

  it('takes the bundle from the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-argv-'));
    expect(bundleFromArgv(['/opt/meshlens/meshlens-desktop', dir], false)).toBe(dir);
    expect(bundleFromArgv(['electron', '.', '--inspect', dir], true)).toBe(dir);
    expect(bundleFromArgv(['electron', '.'], true)).toBeUndefined();
    expect(bundleFromArgv(['/opt/meshlens/meshlens-desktop', join(dir, 'nope.tgz')], false)).toBeUndefined();
  });
});

describe('electron-builder.yml', () => {
  const cfg = parse(readFileSync('electron-builder.yml', 'utf8'));
  it('builds every installer and never publishes or auto-updates', () => {
    expect(cfg.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(cfg.win.target).toEqual(['nsis']);
    expect(cfg.mac.target).toEqual(['dmg']);
    expect(cfg.publish).toBeNull();
  });
  it('sets the fuses', () => {
    expect(cfg.electronFuses).toEqual({
      runAsNode: false, enableCookieEncryption: true, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false,
    });
  });
});

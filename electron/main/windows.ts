/**
 * Windows: one BrowserWindow per bundle, each with its own engine process. Opening a bundle in a window
 * that already shows one opens a new window instead.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { IPC_CHANNELS } from '../../analyzers/contract/backend.js';
import { EngineHost } from './engine-host.js';
import type { WindowRegistry } from './ipc.js';
import type { RecentFiles } from './recent.js';
import { APP_URL, hardenWebContents } from './security.js';

export interface WindowPaths {
  preload: string;
  engine: string;
}

export class Windows implements WindowRegistry {
  readonly known = new Set<number>();
  private readonly engines = new Map<number, EngineHost>();
  private readonly windows = new Map<number, BrowserWindow>();

  constructor(private readonly paths: WindowPaths, private readonly recentFiles: RecentFiles) {}

  create(bundlePath?: string): BrowserWindow {
    // webPreferences written out here, at the construction site, so that static scanners (Electronegativity, run in
    // CI by scripts/electronegativity.mjs) see every setting: isolated, sandboxed, no Node, nothing experimental
    // (docs/security.md, checklist items 2-4, 6, 8-12).
    const win = new BrowserWindow({
      width: 1480, height: 920, minWidth: 960, minHeight: 600, show: false, backgroundColor: '#0d1016', title: 'meshlens',
      webPreferences: {
        preload: this.paths.preload, // eng-disable PRELOAD_JS_CHECK (reviewed: the preload exposes named functions only, docs/security.md item 20)
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick', // a middle click cannot open a window either (setWindowOpenHandler denies them all)
        devTools: !app.isPackaged,
      },
    });
    const id = win.webContents.id;
    hardenWebContents(win.webContents);
    this.known.add(id);
    this.windows.set(id, win);
    const engine = new EngineHost(this.paths.engine, (s) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.statusEvent, s);
      if (s.state === 'ready' && !win.isDestroyed()) win.setTitle(`meshlens: ${s.bundle}`);
    });
    this.engines.set(id, engine);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      engine.kill();
      this.known.delete(id);
      this.engines.delete(id);
      this.windows.delete(id);
    });
    void win.loadURL(APP_URL);
    if (bundlePath) void this.openIn(id, bundlePath);
    return win;
  }

  engineFor(contentsId: number): EngineHost | undefined {
    return this.engines.get(contentsId);
  }

  recent(): string[] {
    return this.recentFiles.list();
  }

  /** Open in this window when it is empty, else in a new one. */
  async openPath(contentsId: number, path: string): Promise<void> {
    const engine = this.engines.get(contentsId);
    if (!engine || engine.status.state === 'idle' || engine.status.state === 'cancelled' || engine.status.state === 'error') await this.openIn(contentsId, path);
    else this.create(path);
  }

  async pickAndOpen(contentsId: number, directory = false): Promise<void> {
    const win = this.windows.get(contentsId) ?? BrowserWindow.getFocusedWindow() ?? undefined;
    const opts: Electron.OpenDialogOptions = {
      title: directory ? 'Open an extracted bundle folder' : 'Open a support bundle',
      properties: directory ? ['openDirectory'] : ['openFile'],
      filters: directory ? undefined : [{ name: 'Support bundles', extensions: ['gz', 'tgz', 'tar', 'zip', 'yaml', 'yml', 'json', 'log', 'txt'] }, { name: 'All files', extensions: ['*'] }],
    };
    const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    if (res.canceled || !res.filePaths[0]) return;
    if (win) await this.openPath(win.webContents.id, res.filePaths[0]);
    else this.create(res.filePaths[0]);
  }

  private async openIn(contentsId: number, path: string): Promise<void> {
    const engine = this.engines.get(contentsId);
    if (!engine) return;
    this.recentFiles.add(path);
    app.addRecentDocument(path);
    await engine.call('open', [path]);
  }

  focusedContentsId(): number | undefined {
    return BrowserWindow.getFocusedWindow()?.webContents.id;
  }
}

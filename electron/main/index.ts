/**
 * Electron main process: registers the app:// protocol, hardens every session and window, wires IPC,
 * and opens a window (with the bundle named on the command line, if any). Thin by design: the engine
 * runs in a utilityProcess per window (engine-host.ts), the UI in a sandboxed renderer.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain, Menu, session } from 'electron';
import { bundleFromArgv } from './argv.js';
import { registerIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { handleAppProtocol, registerSchemePrivileges } from './protocol.js';
import { RecentFiles } from './recent.js';
import { denyAllPermissions, hardenWebContents } from './security.js';
import { Windows } from './windows.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Built layout (out/electron/): main.mjs, preload.cjs, engine.mjs; renderer at ../../renderer/dist. */
const PATHS = { preload: join(here, 'preload.cjs'), engine: join(here, 'engine.mjs'), renderer: resolve(here, '../../renderer/dist') };

app.enableSandbox();
registerSchemePrivileges();

app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));

void app.whenReady().then(() => {
  denyAllPermissions(session.defaultSession);
  handleAppProtocol(PATHS.renderer);
  const windows = new Windows({ preload: PATHS.preload, engine: PATHS.engine }, new RecentFiles(app.getPath('userData')));
  registerIpc(ipcMain, windows);
  const refreshMenu = () => Menu.setApplicationMenu(buildMenu(windows));
  refreshMenu();
  app.on('browser-window-focus', refreshMenu);
  windows.create(bundleFromArgv(process.argv, process.defaultApp));
  app.on('open-file', (event, path) => { event.preventDefault(); windows.create(path); });
  app.on('activate', () => { if (windows.known.size === 0) windows.create(); });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

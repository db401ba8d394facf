/** The application menu: File (Open, Open Folder, Open Recent, New Window, Quit), Edit, View. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Windows } from './windows.js';

export function buildMenu(windows: Windows): Menu {
  const focused = () => windows.focusedContentsId();
  const open = (directory: boolean) => {
    const id = focused();
    if (id === undefined) windows.create();
    else void windows.pickAndOpen(id, directory);
  };
  const recent: MenuItemConstructorOptions[] = windows.recent().map((p) => ({ label: p, click: () => { const id = focused(); if (id === undefined) windows.create(p); else void windows.openPath(id, p); } }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Bundle…', accelerator: 'CmdOrCtrl+O', click: () => open(false) },
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => open(true) },
        { label: 'Open Recent', submenu: recent.length ? recent : [{ label: 'No recent bundles', enabled: false }] },
        { label: 'New Window', accelerator: 'CmdOrCtrl+N', click: () => windows.create() },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }, { role: 'reload' as const }]),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

/**
 * Electron security checklist, in code (docs/security.md maps each item here; the hardened webPreferences are
 * written out at the BrowserWindow construction site in windows.ts): deny-all permissions, no navigation, no new windows, no <webview>,
 * and the IPC sender check every handler runs first.
 */
import { type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';

/** The app's own origin (see protocol.ts). Only frames from here may call IPC. */
export const APP_ORIGIN = 'app://meshlens';
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Deny every permission request and check (camera, notifications, clipboard-read, HID, serial…). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (_e, item) => {
    // exports are blob: URLs made by the app itself; anything else is refused
    if (!item.getURL().startsWith('blob:app://meshlens/')) item.cancel();
  });
}

/** No navigation away from the app, no new windows, no <webview>. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * True when an IPC call comes from the main frame of one of our windows showing the app's own origin.
 * `knownContents` holds the ids of the webContents this process created.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, knownContents: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame || !knownContents.has(event.sender.id)) return false;
  if (frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

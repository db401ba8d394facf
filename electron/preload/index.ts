/**
 * Preload (sandboxed, context-isolated): exposes `window.meshlens`, a fixed set of named functions,
 * each bound to one IPC channel. No ipcRenderer, no Node, no generic send/invoke reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, type MeshlensBridge, type SessionStatus } from '../../analyzers/contract/backend.js';

const invoke = (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args);

export const bridge: MeshlensBridge = {
  pickAndOpen: () => invoke(IPC_CHANNELS.pickAndOpen),
  openPath: (path) => invoke(IPC_CHANNELS.openPath, String(path)),
  pathForFile: (file) => (file instanceof File ? webUtils.getPathForFile(file) || undefined : undefined),
  recent: () => invoke(IPC_CHANNELS.recent),
  onStatus: (cb) => {
    const listener = (_e: IpcRendererEvent, s: SessionStatus) => cb(s);
    ipcRenderer.on(IPC_CHANNELS.statusEvent, listener);
    return () => { ipcRenderer.removeListener(IPC_CHANNELS.statusEvent, listener); };
  },
  status: () => invoke(IPC_CHANNELS.status),
  cancel: () => invoke(IPC_CHANNELS.cancel),
  report: () => invoke(IPC_CHANNELS.report),
  excerpt: (path, startLine, endLine, jsonPath) => invoke(IPC_CHANNELS.excerpt, path, startLine, endLine, jsonPath),
  logSources: () => invoke(IPC_CHANNELS.logSources),
  queryLogs: (q) => invoke(IPC_CHANNELS.queryLogs, q),
  proxies: () => invoke(IPC_CHANNELS.proxies),
  proxyTable: (ns, name, kind) => invoke(IPC_CHANNELS.proxyTable, ns, name, kind),
};

contextBridge.exposeInMainWorld('meshlens', bridge);

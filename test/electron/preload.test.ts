import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const listeners = new Map<string, Array<(...a: unknown[]) => void>>();
const invoke = vi.fn(async (...args: unknown[]) => args);
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
  ipcRenderer: {
    invoke,
    on: (ch: string, fn: (...a: unknown[]) => void) => { listeners.set(ch, [...(listeners.get(ch) ?? []), fn]); },
    removeListener: (ch: string, fn: (...a: unknown[]) => void) => { listeners.set(ch, (listeners.get(ch) ?? []).filter((f) => f !== fn)); },
  },
  webUtils: { getPathForFile: () => '/home/me/bundle.tgz' },
}));

await import('../../electron/preload/index.js');
const { IPC_CHANNELS } = await import('../../analyzers/contract/backend.js');

describe('preload', () => {
  const api = exposed.meshlens as Record<string, (...a: unknown[]) => unknown>;

  it('exposes only window.meshlens, with named functions and no raw IPC', () => {
    expect(Object.keys(exposed)).toEqual(['meshlens']);
    expect(Object.keys(api).sort()).toEqual(['cancel', 'excerpt', 'logSources', 'onStatus', 'openPath', 'pathForFile', 'pickAndOpen', 'proxies', 'proxyTable', 'queryLogs', 'recent', 'report', 'status'].sort());
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    for (const raw of ['ipcRenderer', 'send', 'invoke', 'on', 'require', 'process']) expect(api).not.toHaveProperty(raw);
  });

  it('maps each function to its own channel', async () => {
    await api.report();
    expect(invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.report);
    await api.proxyTable('default', 'productpage-v1', 'cluster');
    expect(invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.proxyTable, 'default', 'productpage-v1', 'cluster');
    await api.openPath('/tmp/b.tgz');
    expect(invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.openPath, '/tmp/b.tgz');
  });

  it('subscribes to status events and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.onStatus((s: unknown) => seen.push(s)) as () => void;
    for (const fn of listeners.get(IPC_CHANNELS.statusEvent) ?? []) fn({}, { state: 'idle' });
    off();
    expect(seen).toEqual([{ state: 'idle' }]);
    expect(listeners.get(IPC_CHANNELS.statusEvent)).toEqual([]);
  });

  it('gives paths only for real dropped File objects', () => {
    expect(api.pathForFile({ name: 'x' })).toBeUndefined();
    expect(api.pathForFile(new File(['x'], 'bundle.tgz'))).toBe('/home/me/bundle.tgz');
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from './fakes.js';

vi.mock('electron', () => ({}));
const { registerIpc, UntrustedSender, checkBundlePath } = await import('../../electron/main/ipc.js');
const { IPC_CHANNELS } = await import('../../analyzers/contract/backend.js');

function setup() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const wc = new FakeWebContents();
  const engine = { call: vi.fn(async (m: string, a: unknown[]) => ({ m, a })) };
  const reg = {
    known: new Set([wc.id]),
    engineFor: (id: number) => (id === wc.id ? engine : undefined),
    pickAndOpen: vi.fn(async () => {}),
    openPath: vi.fn(async () => {}),
    recent: () => ['/tmp/a.tar.gz'],
  };
  registerIpc({ handle: (ch: string, fn: any) => { handlers.set(ch, fn); } } as never, reg);
  return { handlers, wc, engine, reg };
}

describe('IPC handlers', () => {
  it('registers exactly the allow-listed channels', () => {
    const { handlers } = setup();
    const expected = Object.entries(IPC_CHANNELS).filter(([k]) => k !== 'statusEvent').map(([, v]) => v).sort();
    expect([...handlers.keys()].sort()).toEqual(expected);
  });

  it('checks the sender on every channel before doing anything', async () => {
    const { handlers, engine, reg } = setup();
    const stranger = new FakeWebContents();
    const subframe = { sender: setup().wc, senderFrame: { url: 'app://meshlens/index.html' } };
    const evil = Object.assign(new FakeWebContents(), { mainFrame: { url: 'https://evil.example/' } });
    for (const [channel, fn] of handlers) {
      for (const event of [{ sender: stranger, senderFrame: stranger.mainFrame }, subframe, { sender: evil, senderFrame: evil.mainFrame }, { sender: stranger, senderFrame: null }]) {
        await expect(fn(event, '/tmp'), channel).rejects.toBeInstanceOf(UntrustedSender);
      }
    }
    expect(engine.call).not.toHaveBeenCalled();
    expect(reg.openPath).not.toHaveBeenCalled();
    expect(reg.pickAndOpen).not.toHaveBeenCalled();
  });

  it('forwards a trusted call to the sender’s own engine with its arguments', async () => {
    const { handlers, wc, engine } = setup();
    const ev = { sender: wc, senderFrame: wc.mainFrame };
    await expect(handlers.get(IPC_CHANNELS.queryLogs)!(ev, { text: 'ca request', offset: 0, limit: 5 })).resolves.toEqual({ m: 'queryLogs', a: [{ text: 'ca request', offset: 0, limit: 5 }] });
    await handlers.get(IPC_CHANNELS.excerpt)!(ev, 'bug-report/x.log', 1, 10);
    expect(engine.call).toHaveBeenLastCalledWith('excerpt', ['bug-report/x.log', 1, 10]);
    await expect(handlers.get(IPC_CHANNELS.recent)!(ev)).resolves.toEqual(['/tmp/a.tar.gz']);
  });

  it('opens only absolute paths that exist', async () => {
    const { handlers, wc, reg } = setup();
    const ev = { sender: wc, senderFrame: wc.mainFrame };
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-ipc-'));
    await handlers.get(IPC_CHANNELS.openPath)!(ev, dir);
    expect(reg.openPath).toHaveBeenCalledWith(wc.id, dir);
    await expect(handlers.get(IPC_CHANNELS.openPath)!(ev, 'relative/bundle.tgz')).rejects.toThrow('absolute');
    await expect(handlers.get(IPC_CHANNELS.openPath)!(ev, join(dir, 'missing.tgz'))).rejects.toThrow('no such file');
    await expect(checkBundlePath(42)).rejects.toThrow('absolute');
  });
});

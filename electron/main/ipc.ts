/**
 * IPC handlers: one `ipcMain.handle` per allow-listed channel (IPC_CHANNELS). Every handler first checks
 * its sender (isTrustedSender) and rejects anything else; engine calls are forwarded to the sender's own
 * window engine, whose dispatch checks the arguments again.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../analyzers/contract/backend.js';
import { isTrustedSender } from './security.js';

export interface EngineLike {
  call(method: string, args: unknown[]): Promise<unknown>;
}

export interface WindowRegistry {
  /** ids of the webContents of our windows. */
  readonly known: ReadonlySet<number>;
  engineFor(contentsId: number): EngineLike | undefined;
  pickAndOpen(contentsId: number): Promise<void>;
  openPath(contentsId: number, path: string): Promise<void>;
  recent(): string[];
}

const ENGINE_METHODS = ['status', 'cancel', 'report', 'excerpt', 'logSources', 'queryLogs', 'proxies', 'proxyTable'] as const;

export class UntrustedSender extends Error {
  constructor() {
    super('IPC refused: the sender is not a meshlens window');
  }
}

/** Check a bundle path from the renderer: an absolute path to an existing file or directory. */
export async function checkBundlePath(p: unknown): Promise<string> {
  if (typeof p !== 'string' || p.length === 0 || p.length > 4096 || p.includes('\0') || !isAbsolute(p)) throw new Error('not an absolute path');
  const s = await stat(p).catch(() => undefined);
  if (!s || (!s.isFile() && !s.isDirectory())) throw new Error(`${p}: no such file or directory`);
  return p;
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, reg: WindowRegistry): void {
  const guard = <A extends unknown[], R>(fn: (event: IpcMainInvokeEvent, ...args: A) => Promise<R> | R) =>
    async (event: IpcMainInvokeEvent, ...args: A): Promise<R> => {
      if (!isTrustedSender(event, reg.known)) throw new UntrustedSender();
      return fn(event, ...args);
    };
  ipcMain.handle(IPC_CHANNELS.pickAndOpen, guard((e) => reg.pickAndOpen(e.sender.id)));
  ipcMain.handle(IPC_CHANNELS.openPath, guard(async (e, p: unknown) => reg.openPath(e.sender.id, await checkBundlePath(p))));
  ipcMain.handle(IPC_CHANNELS.recent, guard(() => reg.recent()));
  for (const method of ENGINE_METHODS) {
    ipcMain.handle(IPC_CHANNELS[method], guard((e, ...args: unknown[]) => {
      const engine = reg.engineFor(e.sender.id);
      if (!engine) throw new Error('this window has no engine');
      return engine.call(method, args);
    }));
  }
}

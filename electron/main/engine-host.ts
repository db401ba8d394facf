/** Main-process side of one window's engine: a utilityProcess running electron/engine, called by request id. */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { SessionStatus } from '../../analyzers/contract/backend.js';

export class EngineHost {
  private readonly child: UtilityProcess;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  status: SessionStatus = { state: 'idle' };

  constructor(enginePath: string, onStatus: (s: SessionStatus) => void) {
    this.child = utilityProcess.fork(enginePath, [], { serviceName: 'meshlens engine', stdio: 'inherit' });
    this.child.on('message', (msg: { id?: number; ok?: boolean; value?: unknown; error?: string; type?: string; status?: SessionStatus }) => {
      if (msg.type === 'status' && msg.status) {
        this.status = msg.status;
        onStatus(msg.status);
        return;
      }
      const w = msg.id !== undefined ? this.waiting.get(msg.id) : undefined;
      if (!w) return;
      this.waiting.delete(msg.id!);
      if (msg.ok) w.resolve(msg.value);
      else w.reject(new Error(msg.error ?? 'engine error'));
    });
    this.child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the engine stopped (exit code ${code})`));
      this.waiting.clear();
      this.status = { state: 'error', message: `the engine stopped (exit code ${code})` };
      onStatus(this.status);
    });
  }

  call(method: string, args: unknown[] = []): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.postMessage({ id, method, args });
    });
  }

  kill(): void {
    this.child.kill();
  }
}

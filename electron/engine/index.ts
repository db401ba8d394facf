/**
 * The engine process (Electron utilityProcess): holds one BundleSession and answers the main process.
 * Messages in: `{ id, method, args }` (method from dispatch's allow-list, or `open`). Out: `{ id, ok, value | error }`,
 * and `{ type: 'status', status }` on every session change.
 */
import { setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { dispatch } from '../../analyzers/node/serve/dispatch.js';
import { BundleSession } from '../../analyzers/node/serve/session.js';

interface Port {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** Answer the main process. Not in the log-scan threads, which load this same bundle (analyzers/node/sources/scan-pool.ts). */
function serve(port: Port): void {
  const session = new BundleSession(analyzePath);
  session.subscribe((status) => port.postMessage({ type: 'status', status }));

  port.on('message', async ({ data }) => {
    const { id, method, args } = data as { id: number; method: string; args: unknown[] };
    try {
      if (method === 'open') {
        void session.open(String(args[0]));
        port.postMessage({ id, ok: true, value: null });
        return;
      }
      port.postMessage({ id, ok: true, value: await dispatch(session, method, args) });
    } catch (err) {
      port.postMessage({ id, ok: false, error: (err as Error).message });
    }
  });
}

if (isMainThread) serve((process as unknown as { parentPort: Port }).parentPort);

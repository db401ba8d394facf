/**
 * The `app://meshlens/` protocol that serves the built renderer instead of file:// (checklist item 18):
 * only files under the renderer's dist folder, each response with the app's CSP.
 */
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../../analyzers/node/serve/csp.js';
import { MIME } from '../../analyzers/node/serve/static.js';

export const SCHEME = 'app';

/** Must run before `app` is ready. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } }]);
}

/** Answer one app:// request from `root` (renderer/dist). Exported for tests. */
export async function serveAppRequest(root: string, url: string): Promise<Response> {
  const u = new URL(url);
  if (u.host !== 'meshlens') return new Response('not found', { status: 404 });
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return new Response('bad path', { status: 400 });
  }
  const full = resolve(base, '.' + normalize('/' + rel));
  if (!full.startsWith(base + sep)) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(full);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': MIME[extname(full)] ?? 'application/octet-stream' } });
  } catch {
    return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
  }
}

export function handleAppProtocol(root: string): void {
  protocol.handle(SCHEME, (req) => serveAppRequest(root, req.url));
}

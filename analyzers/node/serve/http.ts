/**
 * The HTTP host of the app for `meshlens serve`: the built renderer plus the Backend API
 * (`POST /api/<method>` with a JSON array of arguments, answered `{ ok, value | error }`).
 * Listens on 127.0.0.1 only. Every API call must carry the random token (`X-Meshlens-Token` header), and
 * every request must name this server in its Host header (against DNS rebinding).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECURITY_HEADERS } from './csp.js';
import { dispatch } from './dispatch.js';
import { BadRequest, NotFound } from './errors.js';
import type { BundleSession } from './session.js';
import { staticFile } from './static.js';

const MAX_BODY = 64 << 10;
const OK_HEAD = Buffer.from('{"ok":true,"value":');
const OK_TAIL = Buffer.from('}');
/** Methods whose answer is one object that does not change while a bundle is open (the session keeps it). */
const SAME_WHILE_OPEN = new Set(['report', 'logSources', 'proxies', 'diff']);

export interface ServeOptions {
  session: BundleSession;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  token: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new BadRequest(`request body over ${MAX_BODY} bytes`);
    parts.push(c);
  }
  return Buffer.concat(parts).toString('utf8');
}

function tokenOk(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given), b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Start the server; resolves once it listens. */
export function startServer(opts: ServeOptions): Promise<RunningServer> {
  let port = 0;
  const serialized = new WeakMap<object, Buffer>();
  const server = createServer(async (req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'text/plain', 'wrong Host header\n');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      const json = (status: number, v: unknown) => send(res, status, 'application/json', JSON.stringify(v), { 'Cache-Control': 'no-store' });
      if (!tokenOk(req.headers['x-meshlens-token'] as string | undefined, opts.token)) return json(401, { ok: false, error: 'missing or wrong token: open the URL that `meshlens serve` printed' });
      if (req.method !== 'POST') return json(405, { ok: false, error: 'use POST' });
      try {
        const body = await readBody(req);
        const args = body ? JSON.parse(body) : [];
        const method = url.pathname.slice(5);
        const value = await dispatch(opts.session, method, args);
        if (!SAME_WHILE_OPEN.has(method) || !value || typeof value !== 'object') return json(200, { ok: true, value });
        // the report, log sources and proxy summaries (up to megabytes, the same object while a bundle is open): serialized once
        let once = serialized.get(value);
        if (!once) serialized.set(value, (once = Buffer.from(JSON.stringify(value))));
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Content-Length': String(OK_HEAD.length + once.length + OK_TAIL.length), 'Cache-Control': 'no-store' });
        res.write(OK_HEAD);
        res.write(once);
        return res.end(OK_TAIL);
      } catch (err) {
        const status = err instanceof BadRequest || err instanceof SyntaxError ? 400 : err instanceof NotFound ? 404 : 500;
        return json(status, { ok: false, error: (err as Error).message });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    const file = await staticFile(opts.staticDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'not found\n');
    return send(res, 200, file.type, file.body, { 'Cache-Control': 'no-cache' });
  });
  // idle keep-alive connections outlive the clients' own idle timeouts (browsers, undici: 4–5 s), so that a client
  // never sends a request on a connection the server is closing
  server.keepAliveTimeout = 65_000;
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolvePromise({
        port,
        url: `http://127.0.0.1:${port}/?token=${opts.token}`,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

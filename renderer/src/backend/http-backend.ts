/**
 * Backend over HTTP for `meshlens serve`: `POST /api/<method>` with the token the server printed in the
 * page URL (`?token=`), kept in sessionStorage so that a reload keeps working.
 */
import type { Backend, SessionStatus } from '../../../analyzers/contract/backend.js';

const TOKEN_KEY = 'meshlens.token';

function token(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Meshlens-Token': token() },
    body: JSON.stringify(args),
  });
  let body: { ok: boolean; value?: T; error?: string };
  try {
    body = await res.json();
  } catch {
    throw new Error(`the server answered ${res.status} ${res.statusText}`);
  }
  if (!body.ok) throw new Error(body.error ?? `the server answered ${res.status}`);
  return body.value as T;
}

export function httpBackend(): Backend {
  return {
    kind: 'http',
    status: () => call('status'),
    subscribe(cb) {
      let stopped = false;
      let last = '';
      const tick = async () => {
        if (stopped) return;
        try {
          const s = await call<SessionStatus>('status');
          const key = JSON.stringify(s);
          if (key !== last) { last = key; cb(s); }
          if (s.state === 'loading' || s.state === 'idle') setTimeout(tick, 200);
        } catch (err) {
          cb({ state: 'error', message: (err as Error).message });
        }
      };
      void tick();
      return () => { stopped = true; };
    },
    cancel: () => call('cancel'),
    report: () => call('report'),
    excerpt: (path, startLine, endLine, jsonPath) => call('excerpt', path, startLine, endLine, jsonPath),
    logSources: () => call('logSources'),
    queryLogs: (q) => call('queryLogs', q),
    proxies: () => call('proxies'),
    proxyTable: (ns, name, kind) => call('proxyTable', ns, name, kind),
    fleet: () => call('fleet'),
    openCluster: (name) => call('openCluster', name),
    diff: () => call('diff'),
  };
}

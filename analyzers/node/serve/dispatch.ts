/**
 * One allow-listed entry point for Backend calls from an untrusted UI (HTTP body or IPC message): the
 * method must be on the list and its arguments are checked before the session sees them. Shared by
 * `meshlens serve` and the Electron engine process so both hosts expose exactly the same surface.
 */
import { LOG_LEVELS, PROXY_TABLE_KINDS, type LogQuery, type ProxyTableKind } from '../../contract/backend.js';
import { BadRequest, NotFound } from './errors.js';
import { fleetOf } from './fleet.js';
import type { BundleSession } from './session.js';

export const METHODS = ['status', 'cancel', 'report', 'excerpt', 'logSources', 'queryLogs', 'proxies', 'proxyTable', 'fleet', 'openCluster', 'diff'] as const;
export type Method = (typeof METHODS)[number];

export { BadRequest, NotFound } from './errors.js';

const str = (v: unknown, what: string, max = 4096): string => {
  if (typeof v !== 'string' || v.length > max) throw new BadRequest(`${what} must be a string of at most ${max} characters`);
  return v;
};
const int = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 40) throw new BadRequest(`${what} must be a non-negative integer`);
  return v;
};
const strList = (v: unknown, what: string): string[] | undefined => {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > 10_000) throw new BadRequest(`${what} must be a list`);
  return v.map((x, i) => str(x, `${what}[${i}]`, 512));
};

/** Check a LogQuery from the wire; unknown fields are dropped. */
export function checkLogQuery(v: unknown): LogQuery {
  if (!v || typeof v !== 'object') throw new BadRequest('query must be an object');
  const q = v as Record<string, unknown>;
  const levels = strList(q.levels, 'levels');
  if (levels?.some((l) => !(LOG_LEVELS as readonly string[]).includes(l))) throw new BadRequest(`levels must be among ${LOG_LEVELS.join(', ')}`);
  const time = (x: unknown, what: string) => {
    if (x === undefined) return undefined;
    const s = str(x, what, 64);
    if (Number.isNaN(Date.parse(s))) throw new BadRequest(`${what} must be an RFC3339 time`);
    return s;
  };
  return {
    namespaces: strList(q.namespaces, 'namespaces'),
    pods: strList(q.pods, 'pods'),
    containers: strList(q.containers, 'containers'),
    components: strList(q.components, 'components'),
    fileIds: q.fileIds === undefined ? undefined : (Array.isArray(q.fileIds) ? q.fileIds.map((x, i) => int(x, `fileIds[${i}]`)) : (() => { throw new BadRequest('fileIds must be a list'); })()),
    levels: levels as LogQuery['levels'],
    from: time(q.from, 'from'),
    to: time(q.to, 'to'),
    text: q.text === undefined || q.text === '' ? undefined : str(q.text, 'text', 512),
    regex: q.regex === undefined ? undefined : !!q.regex,
    offset: int(q.offset ?? 0, 'offset'),
    limit: int(q.limit ?? 200, 'limit'),
    aroundTime: time(q.aroundTime, 'aroundTime'),
    aroundLine: q.aroundLine === undefined ? undefined : int(q.aroundLine, 'aroundLine'),
    aroundFileId: q.aroundFileId === undefined ? undefined : int(q.aroundFileId, 'aroundFileId'),
  };
}

/** Run `method` with `args` on the session. Throws BadRequest for calls off the list or bad arguments. */
export async function dispatch(session: BundleSession, method: string, args: unknown): Promise<unknown> {
  if (!(METHODS as readonly string[]).includes(method)) throw new BadRequest(`unknown method "${method}"`);
  const a = Array.isArray(args) ? args : [];
  switch (method as Method) {
    case 'status': return session.status();
    case 'cancel': session.cancel(); return null;
    case 'report': return session.report();
    case 'excerpt': return session.excerpt(str(a[0], 'path'), int(a[1], 'startLine'), int(a[2], 'endLine'), a[3] == null ? undefined : str(a[3], 'jsonPath', 2048));
    case 'logSources': return session.logSources();
    case 'queryLogs': return session.queryLogs(checkLogQuery(a[0]));
    case 'proxies': return session.proxies();
    case 'fleet': return fleetOf(session)?.state() ?? null;
    case 'openCluster': {
      const path = fleetOf(session)?.pathOf(str(a[0], 'name', 512));
      if (!path) throw new NotFound('no such cluster in the fleet');
      void session.open(path);
      return null;
    }
    case 'diff': return session.diff();
    case 'proxyTable': {
      const kind = str(a[2], 'kind', 16);
      if (!(PROXY_TABLE_KINDS as readonly string[]).includes(kind)) throw new BadRequest(`kind must be among ${PROXY_TABLE_KINDS.join(', ')}`);
      return session.proxyTable(str(a[0], 'namespace', 253), str(a[1], 'name', 253), kind as ProxyTableKind);
    }
  }
}

import type { ParsedLogLine } from '../../model/logs.js';
import { parseAccessJson } from './access.js';
import { normalizeLevel } from './level.js';
import { normalizeTime } from './time.js';

/** Cap on a JSON line we are willing to parse (bytes of text); longer ones are read as plain text. */
const MAX_JSON = 256 * 1024;

/**
 * JSON log lines: Envoy access logs (Istio `accessLogEncoding: JSON`, recognized by `response_code`),
 * Istio `--log_as_json` (`{"level","time","scope","msg"}`), ztunnel `LOG_FORMAT=json`
 * (`{"level","time","scope","message",…}`) and linkerd2-proxy JSON (`{"timestamp":"[ 1443.5s]","level":"WARN",
 * "fields":{"message"},"target"}`; its uptime stamp is not wall-clock time). Returns undefined for text
 * that is not a JSON object.
 */
export function parseJsonLine(text: string): ParsedLogLine | undefined {
  if (text.length > MAX_JSON) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const rec = o as Record<string, unknown>;
  const access = parseAccessJson(rec);
  if (access) return { time: access.time, msg: text, format: 'envoy-access-json', access: access.access };
  const s = (k: string): string | undefined => (typeof rec[k] === 'string' ? (rec[k] as string) : undefined);
  const level = s('level') !== undefined ? normalizeLevel(s('level')!) : undefined;
  const fields = rec['fields'] as Record<string, unknown> | undefined;
  const stamp = s('timestamp');
  if (fields && typeof fields === 'object' && typeof fields['message'] === 'string') {
    const linkerd = stamp !== undefined && stamp.startsWith('[');
    return {
      time: linkerd || stamp === undefined ? undefined : normalizeTime(stamp),
      level,
      scope: s('target'),
      msg: fields['message'] as string,
      format: linkerd ? 'linkerd-json' : 'ztunnel',
    };
  }
  const time = s('time') !== undefined ? normalizeTime(s('time')!) : stamp !== undefined ? normalizeTime(stamp) : undefined;
  if (s('msg') !== undefined) return { time, level, scope: s('scope'), msg: s('msg')!, format: 'istio-json' };
  if (s('message') !== undefined) return { time, level, scope: s('scope') ?? s('target'), msg: withFields(s('message')!, rec), format: 'ztunnel' };
  return undefined;
}

/** ztunnel JSON puts `error`, `src.addr`… beside `message`; keep them in `msg` as `k=v` like its text format. */
function withFields(message: string, rec: Record<string, unknown>): string {
  const parts = [message];
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'message' || k === 'level' || k === 'time' || k === 'timestamp' || k === 'scope' || k === 'target') continue;
    parts.push(`${k}=${JSON.stringify(v) ?? ''}`);
  }
  return parts.join('\t');
}

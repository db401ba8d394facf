import { normalizeLevel } from './level.js';
import { codesOf, normalizeTime, readTimestamp } from './time.js';

export type LogWrapper = 'docker-json' | 'kubectl-timestamps' | 'stern' | 'docker-compose' | 'syslog';

export interface Unwrapped {
  /** The payload line as the software printed it. */
  text: string;
  /** RFC3339 UTC from the outermost wrapper that carries one (docker json-file `time`, kubectl `--timestamps`). */
  time?: string;
  /** Wrappers removed, outermost first. */
  wrappers: LogWrapper[];
  /** Pod and container named by a stern prefix. */
  pod?: string;
  container?: string;
}

const STERN = /^([a-z0-9][a-z0-9.-]{0,252}) ([a-z0-9][a-z0-9-]{0,62}) (?=[[{]|\d{4}-\d\d-\d\d)/;
const COMPOSE = /^[\w.-]{1,128} *\| /;
const SYSLOG = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \S{1,255} [\w./-]{1,64}(?:\[\d{1,10}\])?: /;
const MAX_DEPTH = 4;

/**
 * Strip the wrappers that collection tools put around a log line, outermost first, repeatedly:
 * docker json-file `{"log":"…\n","stream":"stderr","time":"…"}`, kubectl `--timestamps` (RFC3339Nano and
 * a space), stern `<pod> <container> `, docker-compose `<service>  | ` and syslog `Mon DD HH:MM:SS host tag[pid]: `.
 * A wrapper time wins over the payload's own time: the runtime and kubelet stamp UTC, while Envoy prints
 * the container's local time with a literal `Z` (higress-group/higress#2256 shows the two 8 h apart).
 */
export function stripWrappers(line: string): Unwrapped {
  const out: Unwrapped = { text: line, wrappers: [] };
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const t = out.text;
    const c = t.charCodeAt(0);
    if (c === 0x7b /* { */ && t.startsWith('{"log":')) {
      if (!unwrapDockerJson(out)) break;
    } else if (c >= 0x30 && c <= 0x39) {
      if (!unwrapKubectl(out)) break;
    } else if (!unwrapPrefix(out)) break;
  }
  return out;
}

function unwrapPrefix(out: Unwrapped): boolean {
  const t = out.text;
  const stern = STERN.exec(t);
  if (stern) {
    out.wrappers.push('stern');
    out.pod ??= stern[1];
    out.container ??= stern[2];
    out.text = t.slice(stern[0].length);
    return true;
  }
  const m = COMPOSE.exec(t) ?? SYSLOG.exec(t);
  if (!m) return false;
  out.wrappers.push(m[0].endsWith('| ') ? 'docker-compose' : 'syslog');
  out.text = t.slice(m[0].length);
  return true;
}

function unwrapDockerJson(out: Unwrapped): boolean {
  let obj: unknown;
  try {
    obj = JSON.parse(out.text);
  } catch {
    return false;
  }
  const rec = obj as { log?: unknown; time?: unknown };
  if (typeof rec.log !== 'string') return false;
  out.text = rec.log.replace(/\r?\n$/, '');
  out.wrappers.push('docker-json');
  if (typeof rec.time === 'string' && out.time === undefined) out.time = normalizeTime(rec.time);
  return true;
}

function unwrapKubectl(out: Unwrapped): boolean {
  const t = out.text;
  const ts = readTimestamp(codesOf(t, 40), 0);
  if (!ts || t.charCodeAt(ts.end) !== 0x20) return false;
  const rest = t.slice(ts.end + 1);
  // `<RFC3339> <level> …` is a tab-less paste of an Istio/ztunnel line, not a kubectl prefix.
  const first = /^\s*(\S+)/.exec(rest)?.[1];
  if (first === undefined || rest.charCodeAt(0) === 0x20 || normalizeLevel(first) !== undefined) return false;
  out.text = rest;
  out.wrappers.push('kubectl-timestamps');
  out.time ??= ts.time;
  return true;
}

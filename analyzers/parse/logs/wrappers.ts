import { normalizeLevel } from './level.js';
import { codesOf, normalizeTime, readTimestamp } from './time.js';

export type LogWrapper =
  | 'docker-json'
  | 'kubectl-timestamps'
  | 'kubectl-prefix'
  | 'stern'
  | 'kubetail'
  | 'docker-compose'
  | 'syslog'
  | 'cloud-logging'
  | 'kibana'
  | 'table';

export interface Unwrapped {
  /** The payload line as the software printed it. */
  text: string;
  /** RFC3339 UTC from the outermost wrapper that carries one (docker json-file `time`, kubectl `--timestamps`). */
  time?: string;
  /** Wrappers removed, outermost first. */
  wrappers: LogWrapper[];
  /** Pod and container named by a stern, kubetail or `kubectl logs --prefix` prefix (or the compose service as pod). */
  pod?: string;
  container?: string;
}

// A Kubernetes object name (DNS subdomain) and a container name (DNS label).
const NAME = '[a-z0-9][a-z0-9.-]{0,252}';
const LABEL = '[a-z0-9][a-z0-9-]{0,62}';
// What a log payload starts with: a time, a JSON object, a bracket (Envoy, Linkerd) or logrus `time=`/`level=`.
const PAYLOAD = '(?=[[{]|\\d{4}-\\d\\d-\\d\\d|time=|level=)';
// stern: `<pod> <container> ` (a pod name has a `-`).
const STERN = new RegExp(`^([a-z0-9][a-z0-9.]*-[a-z0-9.-]+) (${LABEL}) ${PAYLOAD}`);
// `kubectl logs --prefix`: `[pod/<name>/<container>] ` (kubectl ≥ 1.21); the kind may be any resource kubectl resolved.
const KUBECTL_PREFIX = new RegExp(`^\\[([a-z]+)/(${NAME})/(${LABEL})\\](?: |$)`);
// kubetail: `[<pod>] ` (colour codes stripped).
const KUBETAIL = new RegExp(`^\\[(${NAME}-[a-z0-9]{1,63})\\] ${PAYLOAD}`);
const COMPOSE = /^([\w.-]{1,128}?)(?:[-_]\d{1,4})? *\| /;
const MONTHS = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
// syslog / journald short and short-precise (`Nov  1 19:22:20[.123456] host tag[pid]: `) and short-iso (`2023-01-01T10:00:00+0000 host tag[pid]: `).
const SYSLOG = new RegExp(`^(?:${MONTHS} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)) \\S{1,255} [\\w./-]{1,64}(?:\\[\\d{1,10}\\])?: `);
// Google Cloud Logging (Logs Explorer) copy: `INFO 2024-03-25T08:56:41.897522475Z [resource.labels.containerName: istio-proxy] `.
const CLOUD_LOGGING = /^(?:DEFAULT|DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY) (\d{4}-\d\d-\d\dT\S+) \[resource\.labels\.containerName: ([\w.-]+)\] /;
// Kibana Discover copy: `Mar 11, 2022 @ 21:31:43.221 | ` (browser local time: not used).
const KIBANA = new RegExp(`^${MONTHS} \\d{1,2}, \\d{4} @ \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\|\\s+`);
// A row of a Markdown (or log-viewer) table pasted into an issue: `>   | …`, `  |   | 2024-05-18 00:55:41.082 | …`.
const TABLE = /^(?:> ?)?(?: *\| *)+(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \| +)?(?=\S)/;
const TABLE_END = / *\|[ |-]*$/;
const MAX_DEPTH = 5;

/**
 * Strip the wrappers that collection tools and pastes put around a log line, outermost first, repeatedly:
 * docker json-file `{"log":"…\n","stream":"stderr","time":"…"}`, kubectl `--timestamps` (RFC3339Nano and a space),
 * `kubectl logs --prefix` `[pod/<name>/<container>] `, stern `<pod> <container> `, kubetail `[<pod>] `,
 * docker-compose `<service>[-N]  | `, syslog/journald `Mon DD HH:MM:SS host tag[pid]: ` (and short-iso),
 * Google Cloud Logging `SEVERITY <time> [resource.labels.containerName: c] `, Kibana `Mon D, YYYY @ HH:MM:SS.mmm | `,
 * and Markdown/log-viewer table cells (`|   | … |`).
 * A wrapper time wins over the payload's own time: the runtime and kubelet stamp UTC, while Envoy prints
 * the container's local time with a literal `Z` (higress-group/higress#2256 shows the two 8 h apart).
 * Never throws; a line without a wrapper comes back unchanged.
 */
export function stripWrappers(line: string): Unwrapped {
  const out: Unwrapped = { text: line, wrappers: [] };
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const t = out.text;
    const c = t.charCodeAt(0);
    if (c === 0x7b /* { */ && t.startsWith('{"log":')) {
      if (!unwrapDockerJson(out)) break;
    } else if (c >= 0x30 && c <= 0x39) {
      if (!unwrapKubectl(out) && !unwrapPrefix(out)) break;
    } else if (!unwrapPrefix(out)) break;
  }
  return out;
}

function take(out: Unwrapped, w: LogWrapper, length: number): true {
  out.wrappers.push(w);
  out.text = out.text.slice(length);
  return true;
}

function unwrapPrefix(out: Unwrapped): boolean {
  const t = out.text;
  const c = t.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c === 0x5b /* [ */) {
    if ((m = KUBECTL_PREFIX.exec(t))) {
      out.pod ??= m[2];
      out.container ??= m[3];
      return take(out, 'kubectl-prefix', m[0].length);
    }
    if ((m = KUBETAIL.exec(t))) {
      out.pod ??= m[1];
      return take(out, 'kubetail', m[0].length);
    }
    return false;
  }
  if (c === 0x7c /* | */ || c === 0x3e /* > */ || c === 0x20) {
    if (!(m = TABLE.exec(t)) || !t.includes('|')) return false;
    out.wrappers.push('table');
    out.text = t.slice(m[0].length).replace(TABLE_END, '');
    return true;
  }
  if ((m = STERN.exec(t))) {
    out.pod ??= m[1];
    out.container ??= m[2];
    return take(out, 'stern', m[0].length);
  }
  if ((m = CLOUD_LOGGING.exec(t))) {
    out.container ??= m[2];
    if (out.time === undefined) {
      const time = normalizeTime(m[1]!);
      if (time) out.time = time;
    }
    return take(out, 'cloud-logging', m[0].length);
  }
  if ((m = KIBANA.exec(t))) return take(out, 'kibana', m[0].length);
  if ((m = COMPOSE.exec(t))) {
    out.pod ??= m[1];
    return take(out, 'docker-compose', m[0].length);
  }
  if ((m = SYSLOG.exec(t))) return take(out, 'syslog', m[0].length);
  return false;
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
  // journald short-iso `<time> host tag[pid]: ` is syslog, not kubectl.
  if (SYSLOG.test(t)) return false;
  out.text = rest;
  out.wrappers.push('kubectl-timestamps');
  out.time ??= ts.time;
  return true;
}

/**
 * Where the payload starts in a raw line for a file whose lines carry `wrapper` (sniffed once per file), so
 * that the per-line time reader can look at the payload without decoding the line: the byte offset after
 * the prefix, or 0 when the line does not have it. Allocates nothing.
 */
export function payloadOffset(line: Uint8Array, wrapper: 'kubectl-prefix' | 'kubetail' | 'stern' | 'docker-compose' | 'syslog'): number {
  const n = Math.min(line.length, 400);
  if (wrapper === 'kubectl-prefix' || wrapper === 'kubetail') {
    if (line[0] !== 0x5b) return 0;
    for (let i = 1; i < n - 1; i++) if (line[i] === 0x5d) return line[i + 1] === 0x20 ? i + 2 : 0;
    return 0;
  }
  if (wrapper === 'stern') {
    let spaces = 0;
    for (let i = 0; i < n; i++) if (line[i] === 0x20 && ++spaces === 2) return i + 1;
    return 0;
  }
  if (wrapper === 'docker-compose') {
    for (let i = 0; i < n - 1; i++) if (line[i] === 0x7c && line[i + 1] === 0x20) return i + 2;
    return 0;
  }
  // syslog: `…: ` after the tag.
  for (let i = 15; i < n - 1; i++) if (line[i] === 0x3a && line[i + 1] === 0x20) return i + 2;
  return 0;
}

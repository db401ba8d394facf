/**
 * Readers for one log format each (corpus/log-lines/NOTES.md §3). Each takes the unwrapped line and
 * returns a ParsedLogLine or undefined when the line is not in that format.
 */
import type { ParsedLogLine } from '../../model/logs.js';
import { klogLevel, normalizeLevel } from './level.js';
import { codesOf, normalizeTime, readTimestamp } from './time.js';

type Parsed = ParsedLogLine;

const ENVOY_COLUMN = /^envoy ([\w.-]+)(?: (\S+:\d+))?$/;
const ENVOY_LOCATION = /^\[[^\]\s]+:\d+\] /;
const THREAD_TRAILER = /\s+thread=\d+$/;
const TAB_THREAD_TRAILER = /\tthread=\d+$/;
const FIELDS_ONLY = /^[\w.-]+=/;
const SCOPE_LIKE = /^[\w.:-]+(?:\{[^}]*\})?(?::[\w.:-]*(?:\{[^}]*\})?)*$/;
const UPPER_LEVEL = /^(?:TRACE|DEBUG|INFO|WARN|ERROR)$/;

function isScope(col: string): boolean {
  return col.length <= 200 && !FIELDS_ONLY.test(col) && SCOPE_LIKE.test(col);
}

function scopeFormat(scope: string | undefined, msg: string): Parsed['format'] {
  if (scope && (scope.includes('::') || scope.includes('{') || (scope === 'access' && msg.startsWith('connection complete')))) return 'ztunnel';
  return 'istio-text';
}

/** Envoy app-log columns after the level: `envoy <logger>[ <file>:<line>]` then the message. */
function envoyColumns(head: string, msgCols: string, time: string | undefined, level: Parsed['level']): Parsed | undefined {
  const m = ENVOY_COLUMN.exec(head);
  if (!m) return undefined;
  if (m[2] !== undefined) {
    return { time, level, scope: m[1], msg: msgCols.replace(TAB_THREAD_TRAILER, ''), format: 'envoy-app-1.17' };
  }
  return { time, level, scope: m[1], msg: msgCols.replace(ENVOY_LOCATION, ''), format: 'envoy-app-1.6' };
}

/**
 * Istio zap text `<RFC3339>\t<level>\t[<scope>\t]<msg>[\t<k>=<v>…]`, the same layout used by ztunnel and
 * by Envoy as launched by pilot-agent (1.6–1.16 `\tenvoy <logger>\t`, 1.17+ `\tenvoy <logger> <file>:<line>\t…\tthread=N`).
 * `time` may be undefined for pastes that lost the timestamp (`warn\tserverca\t…`).
 */
export function parseTabbed(text: string, time: string | undefined, from: number): Parsed | undefined {
  const t1 = text.indexOf('\t', from);
  if (t1 < 0) return undefined;
  const level = normalizeLevel(text.slice(from, t1));
  if (!level) return undefined;
  const t2 = text.indexOf('\t', t1 + 1);
  const col = t2 < 0 ? text.slice(t1 + 1) : text.slice(t1 + 1, t2);
  const after = t2 < 0 ? '' : text.slice(t2 + 1);
  if (col.startsWith('envoy ') && t2 >= 0) {
    const env = envoyColumns(col, after, time, level);
    if (env) return env;
  }
  if (t2 >= 0 && isScope(col) && !FIELDS_ONLY.test(after)) {
    return { time, level, scope: col, msg: after, format: scopeFormat(col, after) };
  }
  return { time, level, msg: text.slice(t1 + 1), format: 'istio-text' };
}

/**
 * The same formats pasted with spaces instead of tabs (GitHub issues, terminals expand tabs). A scope is
 * only recognized when followed by two or more spaces (an expanded tab); uppercase levels are Rust
 * tracing's default formatter (ztunnel 2023: `<RFC3339>  WARN <spans>: <target>: <msg>`).
 */
export function parseSpaced(text: string, time: string | undefined, from: number): Parsed | undefined {
  const m = /^ *(\S+)( +)/.exec(text.slice(from, from + 40));
  if (!m) return undefined;
  const level = normalizeLevel(m[1]!);
  if (!level) return undefined;
  const rest = text.slice(from + m[0].length);
  if (UPPER_LEVEL.test(m[1]!)) return parseTracingRest(rest, time, level);
  const env = /^envoy ([\w.-]+)(?: (\S+\.\w+:\d+))?(?: {2,}| (?=\S)|$)/.exec(rest);
  if (env) {
    const msg = rest.slice(env[0].length);
    if (env[2] !== undefined) return { time, level, scope: env[1], msg: msg.replace(THREAD_TRAILER, ''), format: 'envoy-app-1.17' };
    return { time, level, scope: env[1], msg: msg.replace(ENVOY_LOCATION, ''), format: 'envoy-app-1.6' };
  }
  const sc = /^(\S+) {2,}(?=\S)/.exec(rest);
  if (sc && isScope(sc[1]!)) {
    const msg = rest.slice(sc[0].length);
    return { time, level, scope: sc[1], msg, format: scopeFormat(sc[1], msg) };
  }
  return { time, level, msg: rest, format: 'istio-text' };
}

const TARGET = /^(?:(.*?): )?([A-Za-z_]\w*(?:::\w+)+): /;

function parseTracingRest(rest: string, time: string | undefined, level: Parsed['level']): Parsed {
  const m = TARGET.exec(rest);
  if (!m) return { time, level, msg: rest, format: 'ztunnel-tracing' };
  return { time, level, scope: m[2]!.replace(/^ztunnel::/, ''), msg: rest.slice(m[0].length), format: 'ztunnel-tracing' };
}

const ENVOY_BRACKETED = /^(?:\[Envoy \(Epoch (\d+)\)\] )?\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\]\[\d+\]\[(\w+)\]\[([\w.-]+)\] /;
// Envoy's source location at the head of the message: `[file:line] ` (1.x), or `file:line] ` without the opening
// bracket (Envoy of 2017–2018, Istio ≤1.0: `[…][warning][upstream] external/envoy/source/…/grpc_mux_impl.cc:240] msg`).
const ENVOY_MSG_LOCATION = /^\[?[^\]\s]+\.(?:cc|h|cpp):\d+\] /;
// The same layout with the timestamp (or timestamp and thread) cut off by the reporter: `[23][warning][upstream] …`, `[warning][config] …`.
const ENVOY_BRACKETED_CUT = /^(?:\[\d+\])?\[(trace|debug|info|warning|error|critical|off)\]\[([\w.-]+)\] /;

/**
 * Envoy's bracketed app-log layouts: Istio ≤1.5 `[Envoy (Epoch N)] [%Y-%m-%d %T.%e][%t][%l][%n] [file:line] msg`,
 * standalone Envoy's default `[%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] %v` (also Istio ≤1.1, without the epoch), the 2018
 * form whose location lacks its `[`, and any of them with the timestamp cut off (`[23][warning][upstream] …`).
 */
export function parseEnvoyBracketed(text: string): Parsed | undefined {
  const m = ENVOY_BRACKETED.exec(text);
  if (m) {
    const rest = text.slice(m[0].length);
    const loc = ENVOY_MSG_LOCATION.exec(rest);
    return {
      time: readTimestamp(codesOf(m[2]!, 40), 0, true)?.time,
      level: normalizeLevel(m[3]!),
      scope: m[4],
      msg: loc ? rest.slice(loc[0].length) : rest,
      format: m[1] !== undefined ? 'envoy-app-1.5' : 'envoy-standalone',
    };
  }
  const cut = ENVOY_BRACKETED_CUT.exec(text);
  if (!cut) return undefined;
  const rest = text.slice(cut[0].length);
  const loc = ENVOY_MSG_LOCATION.exec(rest);
  return { level: normalizeLevel(cut[1]!), scope: cut[2], msg: loc ? rest.slice(loc[0].length) : rest, format: 'envoy-standalone' };
}

// `<spans>: <target>: ` where the target is a Rust module path (`linkerd_stack::failfast`, `linkerd_reconnect`).
const LINKERD_TARGET = /^(?:(.*?): )?([A-Za-z_]\w*(?:::\w+)*): /;
const LINKERD = /^\[ *(\d+\.\d+)s\] +([A-Z]+) +(?:ThreadId\(\d+\) +)?/;
const LINKERD_LEGACY = /^(ERR!|WARN|INFO|DBUG|TRCE) \[ *\d+\.\d+s\] (\S+) ?/;

/**
 * linkerd2-proxy: `[<uptime>s] <LEVEL> ThreadId(NN) <spans>: <target>: <msg>` and the 2019 form
 * `ERR! [<uptime>s] <target> <msg>`. The stamp is process uptime, not wall-clock time: `time` stays
 * undefined (a kubectl `--timestamps` wrapper supplies it).
 */
export function parseLinkerd(text: string): Parsed | undefined {
  const m = LINKERD.exec(text);
  if (m) {
    const level = normalizeLevel(m[2]!);
    if (!level) return undefined;
    const rest = text.slice(m[0].length);
    const t = LINKERD_TARGET.exec(rest);
    return t ? { level, scope: t[2], msg: rest.slice(t[0].length), format: 'linkerd' } : { level, msg: rest, format: 'linkerd' };
  }
  const l = LINKERD_LEGACY.exec(text);
  if (!l) return undefined;
  return { level: normalizeLevel(l[1]!), scope: l[2], msg: text.slice(l[0].length), format: 'linkerd' };
}

const LOGRUS = /^time="([^"]*)" level=(\w+) msg="((?:[^"\\]|\\.)*)"/;

/** logrus text (Linkerd control plane): `time="2020-02-12T11:45:05Z" level=error msg="…" k=v…`. */
export function parseLogrus(text: string): Parsed | undefined {
  const m = LOGRUS.exec(text);
  if (!m) return undefined;
  let msg = m[3]!;
  try {
    msg = JSON.parse('"' + msg + '"') as string;
  } catch {
    // Go %q escapes that JSON does not know (\x..): keep the raw text.
  }
  const rest = text.slice(m[0].length).trim();
  return { time: normalizeTime(m[1]!), level: normalizeLevel(m[2]!), msg: rest ? `${msg} ${rest}` : msg, format: 'logrus' };
}

const KLOG = /^([IWEF])(\d\d)(\d\d) (\d\d:\d\d:\d\d\.\d+) +\d+ ([^\]\s]+)\] /;

/**
 * klog `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`. klog prints no year, so `time` stays undefined:
 * guessing the year from the capture time would put December lines of a January capture in the future.
 */
export function parseKlog(text: string): Parsed | undefined {
  const m = KLOG.exec(text);
  if (!m) return undefined;
  return { level: klogLevel(m[1]!), scope: m[5], msg: text.slice(m[0].length), format: 'klog' };
}

// Levels glued to the timestamp when a paste dropped the tabs: `2022-02-09T22:10:55.621649Zwarningenvoy configgRPC …`.
// Envoy's logger names (source/common/common/logger.h) mark where the glued `envoy <logger>` column ends.
const GLUED = /^(warning|warn|error|info|debug|critical|fatal)(?:envoy (?:admin|assert|backtrace|client|config|connection|conn_handler|dns|dubbo|envoy_bug|ext_authz|file|filter|forward_proxy|grpc|hc|health_checker|http2|http|init|io|jwt|lua|main|misc|pool|quic|rbac|redis|router|runtime|secret|stats|tap|thrift|tracing|udp|upstream|wasm))?/;

/** An Istio/Envoy line whose tabs were lost in the paste (level glued to the time): level and the rest as message. */
export function parseGlued(text: string, time: string, from: number): Parsed | undefined {
  const m = GLUED.exec(text.slice(from, from + 40));
  if (!m) return undefined;
  return { time, level: normalizeLevel(m[1]!), msg: text.slice(from + m[0].length), format: 'istio-text' };
}

// `linkerd check` results: `√`/`✔` passed, `‼` warning, `×`/`✖` failed (linkerd/linkerd2 pkg/healthcheck).
const LINKERD_CHECK = /^([√✔‼×✖]) (.+)$/;

/**
 * One result line of `linkerd check` (text output); the message keeps its mark, which is what it says.
 * Detail lines under a result (indented) are plain text.
 */
export function parseLinkerdCheck(text: string): Parsed | undefined {
  const m = LINKERD_CHECK.exec(text);
  if (!m) return undefined;
  const mark = m[1]!;
  const level = mark === '‼' ? 'warn' : mark === '×' || mark === '✖' ? 'error' : 'info';
  return { level, msg: text, format: 'linkerd-check' };
}

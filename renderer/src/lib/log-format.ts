/**
 * How a log row reads in the Logs view (as lnav shows it): the view has one time column and one level
 * column of its own, so the line's own wrapper (its timestamp, level, and the container runtime's prefix)
 * is stripped from the message. Formats (../shared/corpus/log-lines/NOTES.md): Istio text
 * (`2023-07-31T05:19:08.179991Z\tinfo\tscope\tmsg`), Envoy application logs of 1.17+ and older
 * (`[2023-07-31 05:19:08.179][15][warning][config] [file.cc:12] msg`), Envoy access logs (`[2025-…Z] "GET …`), kubectl `--timestamps` and
 * docker json-file and CRI prefixes, ztunnel (`2023-…Z  INFO xds{…}: msg`), Linkerd (`[  1.2s]  WARN ThreadId(01) …`),
 * klog (`I0731 05:19:08.179991  1 file.go:12] msg`),
 * logrus (`time="…" level=info msg="…"`) and JSON (`{"level":"info","time":"…","msg":"…"}`).
 * Pure, no DOM.
 */

export interface LogMessage {
  /** The message without its wrapper (the whole line when no wrapper was recognised). */
  message: string;
  /** The logger's scope or component when the wrapper names one (`envoy config`, `ads`, `xds`). */
  scope?: string;
  /** Offset of `message` in the line (character index), to shift match ranges; -1 when `message` was rebuilt (JSON). */
  offset: number;
}

const TS = String.raw`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?`;
/** kubectl --timestamps / CRI (`2023-…Z stdout F `) prefix. */
const RUNTIME = new RegExp(`^${TS}\\s+(?:(?:stdout|stderr)\\s+[FP]\\s+)?(?=\\S)`);
const ISTIO = new RegExp(`^${TS}\\t(?:trace|debug|info|warn|warning|error|fatal|critical|none)\\t(?:([^\\t]{1,240})\\t)?`, 'i');
const ENVOY = /^\[\d{4}-\d\d-\d\d[ T][\d:.]+Z?\](?:\[\d+\])?\[(?:trace|debug|info|warning|warn|error|critical|off)\]\[([\w.-]{1,40})\]\s*(?:\[[^\]\s]{1,200}:\d+\]\s*)?/i;
/** ztunnel's tracing format (`2023-…Z  WARN outbound{id=…}: ztunnel::proxy::outbound: msg`) and Istio lines pasted with spaces. */
const SPACED = new RegExp(`^${TS}\\s+(?:trace|debug|info|warn|warning|error|fatal)\\s+(?:([\\w:.-]{1,80}(?:\\{[^}]{0,400}\\})?):\\s+)?`, 'i');
const LINKERD = /^\[\s*[\d.]+s\]\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\s+(?:ThreadId\(\d+\)\s+)?/;
const KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+\s+[\w./-]{1,120}:\d+\]\s*/;
/** Envoy access logs (text format): `[2025-06-01T15:37:04.814Z] "GET /get HTTP/1.1" 200 …`. */
/** An Istio line whose time was cut off (pasted from the middle): `warn\tserverca\tmsg`. */
const NO_TIME = /^(?:trace|debug|info|warn|warning|error|fatal)\t(?:([^\t]{1,240})\t)?/;
const ACCESS = new RegExp(`^\\[${TS}\\]\\s+`);
const LOGRUS = /^time="[^"]*"\s+level=\w+\s+msg=("(?:[^"\\]|\\.)*")/;

function wrapped(rest: string, offset: number): LogMessage | undefined {
  for (const re of [ISTIO, ENVOY, SPACED, LINKERD, KLOG, ACCESS, NO_TIME]) {
    const m = re.exec(rest);
    if (m) return { message: rest.slice(m[0].length), ...(m[1] ? { scope: scopeName(m[1]) } : {}), offset: offset + m[0].length };
  }
  const lr = LOGRUS.exec(rest);
  if (lr) {
    try {
      return { message: JSON.parse(lr[1]) as string, offset: -1 };
    } catch {
      return undefined;
    }
  }
  if (rest.startsWith('{')) return jsonMessage(rest);
  return undefined;
}

/** `envoy config external/envoy/source/common/config/grpc_stream.h:201` → `envoy config` (the source file is noise in a list). */
function scopeName(scope: string): string {
  return scope.replace(/\s+\S+\.(?:cc|h|go|rs):\d+$/, '').trim();
}

function jsonMessage(rest: string): LogMessage | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(rest) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // docker json-file: the container's own line, with its own wrapper
  if (typeof o?.log === 'string') {
    const inner = o.log.replace(/\r?\n$/, '');
    const m = wrapped(inner, 0);
    return { ...(m ?? { message: inner }), offset: -1 };
  }
  const msg = o?.msg ?? o?.message;
  if (typeof msg !== 'string') return undefined;
  const scope = typeof o.scope === 'string' ? o.scope : typeof o.logger === 'string' ? o.logger : undefined;
  const extra = Object.entries(o).filter(([k]) => !JSON_WRAPPER_KEYS.has(k));
  const tail = extra.length ? ' ' + extra.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
  return { message: msg + tail, ...(scope ? { scope } : {}), offset: -1 };
}
const JSON_WRAPPER_KEYS = new Set(['msg', 'message', 'level', 'severity', 'time', 'ts', 'timestamp', '@timestamp', 'scope', 'logger', 'caller']);

/** The message of one log line, its wrapper stripped: the line's own format first, then a runtime time prefix and the format under it. */
export function logMessage(line: string): LogMessage {
  const own = wrapped(line, 0);
  if (own) return own;
  const rt = RUNTIME.exec(line);
  if (!rt) return { message: line, offset: 0 };
  const rest = line.slice(rt[0].length);
  return wrapped(rest, rt[0].length) ?? { message: rest, offset: rt[0].length };
}

/**
 * Match ranges of the line shifted onto the message (ranges inside the stripped wrapper are dropped); when
 * the message was rebuilt (JSON), the ranges are found again by the caller.
 */
export function shiftRanges(ranges: ReadonlyArray<[number, number]> | undefined, offset: number): Array<[number, number]> {
  if (!ranges?.length || offset < 0) return [];
  return ranges.filter(([, e]) => e > offset).map(([s, e]) => [Math.max(0, s - offset), e - offset]);
}

/**
 * The part of a long message to show on one line so that its first match is in view: the message from a
 * little before the match (`lead` characters, 40 % of the line by default), marked as cut, when the match ends
 * past `visible` characters.
 */
export function windowOnMatch(message: string, ranges: ReadonlyArray<[number, number]>, visible: number, lead = Math.floor(visible * 0.4)): { text: string; ranges: Array<[number, number]>; cut: number } {
  const first = ranges[0];
  if (!first || first[0] + (first[1] - first[0]) <= visible) return { text: message, ranges: [...ranges], cut: 0 };
  const cut = Math.max(0, first[0] - lead);
  return { text: message.slice(cut), ranges: ranges.filter(([, e]) => e > cut).map(([s, e]) => [Math.max(0, s - cut), e - cut]), cut };
}

/**
 * Ranges of the query in a shown message, the way the log index matches (smart case: case-insensitive unless the
 * query has an upper-case letter): literal or regex, at most 32; none for a bad pattern.
 */
export function findRanges(text: string, q: string, regex: boolean): Array<[number, number]> {
  if (!q) return [];
  let re: RegExp;
  try {
    re = new RegExp(regex ? q : q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), /[A-Z]/.test(q) ? 'g' : 'gi');
  } catch {
    return [];
  }
  const out: Array<[number, number]> = [];
  for (let m = re.exec(text); m && out.length < 32; m = re.exec(text)) {
    if (!m[0].length) { re.lastIndex++; continue; }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}


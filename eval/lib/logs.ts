/**
 * Log lines in the formats of the corpus archives' Istio versions, and merging them into a real log by time.
 *
 * - Istio Go components (pilot-agent, istiod, istio-cni): `istio.io/pkg/log` on zap,
 *   `<RFC3339 µs>\t<level>\t<scope>\t<msg>[\t<k=v>…]`, scope column absent for the default scope.
 * - Envoy as launched by pilot-agent 1.17+ (`--log-format %Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t`,
 *   printed verbatim in the Sep 2023 archive's `Envoy command:` lines); levels are spdlog's (`warning`, not `warn`).
 * - Envoy access logs in Istio's default TEXT format of 1.9–1.23 (istio/istio `pilot/pkg/model/telemetry_logging.go`
 *   `EnvoyTextLogFormat`): `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%"
 *   %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 *   "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 *   "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 *   %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
 *   %REQUESTED_SERVER_NAME% %ROUTE_NAME%`.
 * - `--log_as_json` agents (the May 2023 gateway runs with it): `{"level":…,"time":…,"scope":…,"msg":…}`.
 */
import { rfc3339ms, rfc3339us } from './time.js';
import type { Rng } from './rand.js';

export interface LogLine {
  at: Date;
  text: string;
}

export function istioLine(at: Date, r: Rng, level: 'debug' | 'info' | 'warn' | 'error' | 'fatal', scope: string | undefined, msg: string, fields: Record<string, string> = {}): LogLine {
  const kv = Object.entries(fields).map(([k, v]) => `\t${k}=${v}`).join('');
  return { at, text: `${rfc3339us(at, r.int(0, 999))}\t${level}\t${scope ? scope + '\t' : ''}${msg}${kv}` };
}

export function istioJsonLine(at: Date, r: Rng, level: string, scope: string | undefined, msg: string): LogLine {
  const obj: Record<string, string> = { level, time: rfc3339us(at, r.int(0, 999)) };
  if (scope) obj.scope = scope;
  obj.msg = msg;
  return { at, text: JSON.stringify(obj) };
}

/** An Envoy application log line (1.17+ pilot-agent format). `where` is `source/file.cc:line` without `external/envoy/`. */
export function envoyLine(at: Date, r: Rng, level: 'debug' | 'info' | 'warning' | 'error' | 'critical', logger: string, where: string, msg: string, thread: number): LogLine {
  return { at, text: `${rfc3339us(at, r.int(0, 999))}\t${level}\tenvoy ${logger} external/envoy/${where}\t${msg}\tthread=${thread}` };
}

export interface Access {
  at: Date;
  method?: string;
  path?: string;
  protocol?: string;
  code: number;
  flags: string;
  details: string;
  termination?: string;
  transportFailure?: string;
  bytesIn?: number;
  bytesOut?: number;
  durationMs: number;
  upstreamMs?: number;
  xff?: string;
  userAgent?: string;
  requestId?: string;
  authority?: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  upstreamLocal?: string;
  downstreamLocal: string;
  downstreamRemote: string;
  sni?: string;
  route?: string;
}

const dash = (v: string | number | undefined): string => (v === undefined || v === '' ? '-' : String(v));

/** One access-log line in Istio's 1.9–1.23 TEXT format. TCP connections (no method) print `"- - -"`. */
export function accessLine(a: Access): LogLine {
  const req = a.method ? `"${a.method} ${a.path ?? '/'} ${a.protocol ?? 'HTTP/1.1'}"` : '"- - -"';
  const text =
    `[${rfc3339ms(a.at)}] ${req} ${a.code} ${dash(a.flags)} ${dash(a.details)} ${dash(a.termination)} "${dash(a.transportFailure)}" ` +
    `${a.bytesIn ?? 0} ${a.bytesOut ?? 0} ${a.durationMs} ${dash(a.upstreamMs)} "${dash(a.xff)}" "${dash(a.userAgent)}" "${dash(a.requestId)}" ` +
    `"${dash(a.authority)}" "${dash(a.upstreamHost)}" ${dash(a.upstreamCluster)} ${dash(a.upstreamLocal)} ${a.downstreamLocal} ${a.downstreamRemote} ${dash(a.sni)} ${dash(a.route)}`;
  return { at: a.at, text };
}

/** An x-request-id as Envoy generates it (UUID v4). */
export function requestId(r: Rng): string {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[r.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
}

const TIME_AT_START = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)|^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\]|^\{"level":"[a-z]+","time":"([^"]+)"/;

function recordTime(line: string): number | undefined {
  const m = TIME_AT_START.exec(line);
  const s = m?.[1] ?? m?.[2] ?? m?.[3];
  return s ? Date.parse(s) : undefined;
}

const PREVIOUS = '========= Previous log =========';

/**
 * Merge `lines` into a log by time: each goes after the last record (a timestamped line and its continuation
 * lines) not later than it. In a bug-report log holding the previous container's log after
 * `========= Previous log =========`, only the current part (before that marker) receives lines.
 */
export function mergeIntoLog(log: string, lines: readonly LogLine[]): string {
  const cut = log.indexOf(PREVIOUS);
  const current = cut >= 0 ? log.slice(0, cut) : log;
  const rest = cut >= 0 ? log.slice(cut) : '';
  const endsWithNl = current.endsWith('\n') || current === '';
  const existing = (endsWithNl ? current.slice(0, -1) : current).split('\n');
  if (current === '') existing.length = 0;
  const sorted = [...lines].sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: string[] = [];
  let j = 0;
  for (let i = 0; i < existing.length; i++) {
    // A new line goes before the next timestamped record that is later than it.
    const t = recordTime(existing[i]!);
    while (t !== undefined && j < sorted.length && sorted[j]!.at.getTime() < t) out.push(sorted[j++]!.text);
    out.push(existing[i]!);
  }
  while (j < sorted.length) out.push(sorted[j++]!.text);
  return out.join('\n') + (out.length > 0 ? '\n' : '') + rest;
}

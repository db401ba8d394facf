import type { AccessLogFields } from '../../model/logs.js';
import { codesOf, normalizeTime, readTimestamp } from './time.js';

interface Token {
  v: string;
  quoted: boolean;
}

const MAX_TOKENS = 64;

function tokenize(s: string, from: number): Token[] {
  const out: Token[] = [];
  let i = from;
  const n = s.length;
  while (i < n && out.length < MAX_TOKENS) {
    while (i < n && s.charCodeAt(i) === 0x20) i++;
    if (i >= n) break;
    if (s.charCodeAt(i) === 0x22 /* " */) {
      // A quoted field ends at a quote followed by a space or the end of the line, so that
      // user agents with inner quotes stay in one field.
      let j = s.indexOf('"', i + 1);
      while (j >= 0 && j + 1 < n && s.charCodeAt(j + 1) !== 0x20) j = s.indexOf('"', j + 1);
      if (j < 0) j = n;
      out.push({ v: s.slice(i + 1, j), quoted: true });
      i = j + 1;
    } else {
      let j = s.indexOf(' ', i);
      if (j < 0) j = n;
      out.push({ v: s.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

const dash = (v: string | undefined): string | undefined => (v === undefined || v === '-' || v === '' ? undefined : v.trim() || undefined);
const isNum = (t: Token | undefined): boolean => !!t && !t.quoted && /^(?:\d+|-)$/.test(t.v);

/** Split `%RESPONSE_FLAGS%` on `,` (`UF,URX` → ['UF','URX']); `-` gives []. */
export function splitFlags(v: string | undefined): string[] {
  if (!v || v === '-') return [];
  return v.split(',').map((f) => f.trim()).filter((f) => f !== '' && f !== '-');
}

/**
 * Parse an Envoy access-log TEXT line: `[%START_TIME%] "%REQ(:METHOD)% %PATH% %PROTOCOL%" %RESPONSE_CODE%
 * %RESPONSE_FLAGS% …`. Recognized layouts (corpus/log-lines/NOTES.md §2): Envoy's default format; Istio 1.1
 * (mixer status); 1.2–1.7 (mixer status + `"%UPSTREAM_TRANSPORT_FAILURE_REASON%"`); 1.8 (transport reason
 * only); 1.9–1.23 and 1.24+ (`%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%"`).
 * Lines truncated after any field still give the fields before it. Returns undefined when the line does
 * not start like an access log.
 */
export function parseAccessText(s: string): { time: string; access: AccessLogFields } | undefined {
  if (s.charCodeAt(0) !== 0x5b) return undefined;
  const ts = readTimestamp(codesOf(s, 40), 1);
  if (!ts || s.charCodeAt(ts.end) !== 0x5d || s.charCodeAt(ts.end + 1) !== 0x20 || s.charCodeAt(ts.end + 2) !== 0x22) return undefined;
  const t = tokenize(s, ts.end + 2);
  const req = t[0];
  const code = t[1];
  if (!req?.quoted || !code || code.quoted || !/^\d{1,3}$/.test(code.v)) return undefined;
  const [method, path, protocol] = req.v.split(' ');
  const access: AccessLogFields = {
    method: dash(method),
    path: dash(path),
    protocol: dash(protocol),
    responseCode: Number(code.v),
    responseFlags: splitFlags(t[2]?.v),
  };
  let i = 3;
  const t3 = t[i];
  if (t3 && !t3.quoted && t[4] && !t[4].quoted && t[5]?.quoted) {
    // Istio 1.9+: details, connection termination details, "transport failure reason".
    access.responseCodeDetails = dash(t3.v);
    access.upstreamTransportFailureReason = dash(t[5].v);
    i = 6;
  } else {
    const quoted: string[] = [];
    while (t[i]?.quoted && quoted.length < 2) quoted.push(t[i++]!.v);
    // 1.2–1.7 print mixer status then the reason; 1.1 prints only the mixer status (`OK`, `UNAVAILABLE:…`).
    const reason = quoted.length === 2 ? quoted[1] : quoted.length === 1 && !/^[A-Z_]+(?::|$)/.test(quoted[0]!) ? quoted[0] : undefined;
    if (dash(reason)) access.upstreamTransportFailureReason = dash(reason);
  }
  // %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
  let nums = 0;
  while (nums < 4 && isNum(t[i])) {
    i++;
    nums++;
  }
  if (nums < 3) return { time: ts.time, access };
  // "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
  const quotedRun: string[] = [];
  while (t[i]?.quoted) quotedRun.push(t[i++]!.v);
  access.authority = dash(quotedRun[3]);
  access.upstreamHost = dash(quotedRun[4]);
  // %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%
  access.upstreamCluster = dash(t[i]?.v);
  const route = t[i + 5];
  if (route && !route.quoted) access.routeName = dash(route.v);
  return { time: ts.time, access: prune(access) };
}

/** Istio `accessLogEncoding: JSON` keys (`EnvoyJSONLogFormatIstio`); values may be strings or numbers. */
export function parseAccessJson(o: Record<string, unknown>): { time?: string; access: AccessLogFields } | undefined {
  const code = o['response_code'];
  if (code === undefined || !(typeof code === 'number' || (typeof code === 'string' && /^\d{1,3}$/.test(code)))) return undefined;
  const str = (k: string): string | undefined => {
    const v = o[k];
    return typeof v === 'string' ? dash(v) : typeof v === 'number' ? String(v) : undefined;
  };
  const start = str('start_time');
  const access: AccessLogFields = {
    method: str('method'),
    path: str('path'),
    protocol: str('protocol'),
    responseCode: Number(code),
    responseFlags: splitFlags(str('response_flags')),
    responseCodeDetails: str('response_code_details'),
    upstreamTransportFailureReason: str('upstream_transport_failure_reason'),
    authority: str('authority'),
    upstreamHost: str('upstream_host'),
    upstreamCluster: str('upstream_cluster'),
    routeName: str('route_name'),
  };
  return { time: start ? normalizeTime(start) : undefined, access: prune(access) };
}

function prune(a: AccessLogFields): AccessLogFields {
  // A copy of the defined fields, in their order: `delete` would turn every hit's object into a slow dictionary.
  const out: Record<string, unknown> = {};
  for (const k in a) {
    const v = a[k as keyof AccessLogFields];
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as AccessLogFields;
}

import type { ParsedLogLine } from '../../model/logs.js';
import { parseAccessText } from './access.js';
import { parseEnvoyBracketed, parseGlued, parseKlog, parseLinkerd, parseLinkerdCheck, parseLogrus, parseSpaced, parseTabbed } from './formats.js';
import { parseJsonLine } from './json.js';
import { normalizeLevel } from './level.js';
import { codesOf, readTimestamp } from './time.js';
import { stripWrappers } from './wrappers.js';

/**
 * Parse one log line (without its newline): strip collection and paste wrappers (docker json-file, kubectl
 * `--timestamps` and `--prefix`, stern, kubetail, docker-compose, syslog/journald, Cloud Logging, Kibana, table
 * cells), then read the payload's format: Istio zap text (with/without scope, tabs, pasted spaces or lost tabs),
 * `--log_as_json`, Envoy app logs (2017–2018 location without `[`, ≤1.5, 1.6–1.16, 1.17+, standalone, timestamp
 * cut off), Envoy access logs (text eras and JSON), ztunnel (text, JSON, 2023 tracing), Linkerd proxy (text, JSON,
 * legacy), `linkerd check` results, logrus and klog. Unknown lines come back as `format: 'plain'` with
 * `msg` = the unwrapped text. Never throws.
 *
 * `time` is RFC3339 UTC: the wrapper's time when there is one (see stripWrappers), else the line's own.
 * `pod`/`container` are set when a prefix names them.
 */
export function parseLogLine(text: string): ParsedLogLine {
  const u = stripWrappers(text);
  const p = parsePayload(u.text);
  if (u.time !== undefined) p.time = u.time;
  else if (p.time === undefined) delete p.time;
  if (u.pod !== undefined) p.pod = u.pod;
  if (u.container !== undefined) p.container = u.container;
  return p;
}

/** A Markdown inline-code backtick or a TUI table border (k9s `│`) pasted around the line. */
const PASTE_FRAME = /^(?:`+|│ ?)|(?:`+|\s*│)\s*$/g;

function parsePayload(t: string): ParsedLogLine {
  const c = t.charCodeAt(0);
  if (c === 0x60 /* ` */ || c === 0x2502 /* │ */) {
    const inner = t.replace(PASTE_FRAME, '').trim();
    if (inner && inner !== t) return parsePayload(inner);
  }
  if (c >= 0x30 && c <= 0x39) {
    const ts = readTimestamp(codesOf(t, 40), 0);
    if (ts) {
      const sep = t.charCodeAt(ts.end);
      const parsed = sep === 0x09 ? parseTabbed(t, ts.time, ts.end + 1) : sep === 0x20 ? parseSpaced(t, ts.time, ts.end) : parseGlued(t, ts.time, ts.end);
      if (parsed) return parsed;
      return { time: ts.time, msg: t.slice(ts.end).trimStart(), format: 'plain' };
    }
  } else if (c === 0x7b /* { */) {
    const j = parseJsonLine(t);
    if (j) return j;
  } else if (c === 0x5b /* [ */) {
    const a = parseAccessText(t);
    if (a) return { time: a.time, msg: t, format: 'envoy-access-text', access: a.access };
    const e = parseEnvoyBracketed(t) ?? parseLinkerd(t);
    if (e) return e;
  } else if (c === 0x74 /* t */) {
    const l = parseLogrus(t);
    if (l) return l;
  } else if (c > 0x7f) {
    const l = parseLinkerdCheck(t);
    if (l) return l;
  }
  const first = /^(\S+)([\t ])/.exec(t.slice(0, 12));
  if (first) {
    // Pastes that lost the timestamp (`warn\tserverca\t…`, `error   access  …`), Linkerd legacy, klog.
    const lvl = normalizeLevel(first[1]!);
    if (lvl !== undefined && first[1] === first[1]!.toLowerCase()) {
      const parsed = first[2] === '\t' ? parseTabbed(t, undefined, 0) : parseSpaced(t, undefined, 0);
      if (parsed) return parsed;
    }
    const other = parseLinkerd(t) ?? parseKlog(t);
    if (other) return other;
  }
  return { msg: t, format: 'plain' };
}

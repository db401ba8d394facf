/**
 * Fast time and level sniffing for the log index: reads only the head of a line (≤ 320 bytes).
 * Formats (see ../shared/corpus/log-lines/NOTES.md): Istio text (`2023-07-31T05:19:08.179991Z\tinfo\t…`),
 * Envoy app logs (`[2023-07-31 05:19:08.179][15][warning][config] …`), Envoy access logs
 * (`[2023-07-31T05:19:08.179Z] "GET …`, no level), `--log_as_json` and other JSON (`"level"`, `"time"`),
 * kubectl `--timestamps` prefixes, logrus (`time="…" level=info`), ztunnel (`… Z  INFO …`) and klog
 * (`I0731 05:19:08.179991 …`: level only, its time has no year).
 *
 * Levels are coded as numbers so they fit a Uint8Array: 0 unknown, then LEVEL_NAMES order.
 */
import type { LogLevel } from '../../contract/backend.js';

export const LEVEL_NAMES: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

const LEVEL_CODE: Record<string, number> = {
  trace: 1, debug: 2, dbg: 2, info: 3, warn: 4, warning: 4, error: 5, err: 5, fatal: 6, critical: 6, panic: 6,
};
const KLOG_CODE: Record<string, number> = { I: 3, W: 4, E: 5, F: 6 };

const TIME = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?/;
const LEAD_TIME = new RegExp('^(?:\\[|time=")?' + TIME.source);
const JSON_TIME = new RegExp('"(?:time|ts|timestamp|@timestamp)"\\s*:\\s*"' + TIME.source);
const LEVEL_AFTER_TIME = /^[\]"\s]*(?:\[\d+\])?\s*\[?([A-Za-z]{3,8})\b/;
const JSON_LEVEL = /"(?:level|severity|lvl)"\s*:\s*"([A-Za-z]+)"/;
const LOGRUS_LEVEL = /\blevel=([a-z]+)/;
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d/;

export interface LineMeta {
  /** ms since the epoch, NaN when the line carries no wall-clock time. */
  timeMs: number;
  /** 0 unknown, 1..6 = LEVEL_NAMES[code-1]. */
  level: number;
}

function timeFrom(m: RegExpExecArray): number {
  const frac = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], frac);
  const tz = m[8];
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

/** Time and level of one line, from its head (`head` is the first ≤ 320 bytes decoded as latin1). */
export function sniffLine(head: string): LineMeta {
  let timeMs = NaN;
  let level = 0;
  let rest = head;
  const lead = LEAD_TIME.exec(head);
  if (lead) {
    timeMs = timeFrom(lead);
    rest = head.slice(lead[0].length);
    // kubectl --timestamps prefix followed by the container's own timestamp
    const inner = LEAD_TIME.exec(rest.trimStart());
    if (inner) rest = rest.trimStart().slice(inner[0].length);
    const lv = LEVEL_AFTER_TIME.exec(rest);
    if (lv) level = LEVEL_CODE[lv[1].toLowerCase()] ?? 0;
  }
  if (head.charCodeAt(0) === 123 /* { */ || rest.trimStart().charCodeAt(0) === 123) {
    if (Number.isNaN(timeMs)) {
      const jt = JSON_TIME.exec(head);
      if (jt) timeMs = timeFrom(jt);
    }
    const jl = JSON_LEVEL.exec(head);
    if (jl) level = LEVEL_CODE[jl[1].toLowerCase()] ?? level;
  }
  if (!level) {
    const lr = LOGRUS_LEVEL.exec(head);
    if (lr) level = LEVEL_CODE[lr[1]] ?? 0;
  }
  if (!level && Number.isNaN(timeMs)) {
    const k = KLOG.exec(head);
    if (k) level = KLOG_CODE[k[1]];
  }
  return { timeMs, level };
}

/**
 * Timestamps of log lines. Every time we return is RFC3339 in UTC with a `Z` suffix, keeping the
 * fraction digits the line had (Istio prints µs, kubectl ns, Envoy ms).
 */

const D0 = 0x30;

function isDigit(c: number): boolean {
  return c >= D0 && c <= D0 + 9;
}

function digits(b: ArrayLike<number>, p: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = b[p + i];
    if (c === undefined || !isDigit(c)) return -1;
    v = v * 10 + c - D0;
  }
  return v;
}

/** RFC3339 years have four digits: the instants from 0000-01-01 to the end of 9999. */
const MIN_MS = -62167219200000; // 0000-01-01T00:00:00Z
const MAX_MS = 253402300800000; // 10000-01-01T00:00:00Z

/**
 * ms since the epoch of a UTC wall time whose fields were range-checked (a day past the month's end rolls
 * over, as Date.parse does). Date.UTC reads years 0–99 as 1900–1999, so those take the slow path.
 */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

/** Minutes east of UTC of a `±HH:MM` / `±HHMM` offset at `q` (its sign), or undefined when not a valid offset. */
function offsetAt(b: ArrayLike<number>, q: number): { minutes: number; end: number } | undefined {
  const colon = b[q + 3] === 0x3a;
  const oh = digits(b, q + 1, 2);
  const om = digits(b, colon ? q + 4 : q + 3, 2);
  if (oh < 0 || om < 0 || oh > 23 || om > 59) return undefined;
  return { minutes: (oh * 60 + om) * (b[q] === 0x2d ? -1 : 1), end: q + (colon ? 6 : 5) };
}

/**
 * Read `YYYY-MM-DD?HH:MM:SS[.frac][Z|±HH:MM]` at `p`, where `?` is `sep1` (`T`, or a space for
 * Envoy's `%Y-%m-%d %T.%e`). A time without zone is taken as UTC (containers run in UTC unless told
 * otherwise; Envoy and Istio print local time). Returns RFC3339 UTC and the end offset, or undefined.
 */
export function readTimestamp(b: ArrayLike<number>, p: number, allowSpace = false): { time: string; end: number } | undefined {
  const y = digits(b, p, 4);
  if (y < 0 || b[p + 4] !== 0x2d || b[p + 7] !== 0x2d) return undefined;
  const mo = digits(b, p + 5, 2);
  const d = digits(b, p + 8, 2);
  const sep = b[p + 10];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || !(sep === 0x54 || (allowSpace && sep === 0x20))) return undefined;
  const h = digits(b, p + 11, 2);
  const mi = digits(b, p + 14, 2);
  const sec = digits(b, p + 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || b[p + 13] !== 0x3a || b[p + 16] !== 0x3a) return undefined;
  const s = Math.min(sec, 59); // a leap second (:60) is read as :59, which Date.parse and every later step accept
  let q = p + 19;
  let fracFrom = 0;
  let fracTo = 0;
  if (b[q] === 0x2e || b[q] === 0x2c) {
    let r = q + 1;
    while (r < b.length && isDigit(b[r]!) && r - q <= 9) r++;
    if (r === q + 1) return undefined;
    fracFrom = q + 1;
    fracTo = r;
    q = r;
  }
  let offsetMin = 0;
  const z = b[q];
  if (z === 0x5a || z === 0x7a) q++;
  else if (z === 0x2b || z === 0x2d) {
    const off = offsetAt(b, q);
    if (!off) return undefined;
    offsetMin = off.minutes;
    q = off.end;
  }
  if (offsetMin === 0) return { time: flatTime(y, mo, d, h, mi, s, b, fracFrom, fracTo), end: q };
  const ms = utcMs(y, mo, d, h, mi, s) - offsetMin * 60_000;
  if (ms < MIN_MS || ms >= MAX_MS) return undefined;
  const t = new Date(ms);
  return { time: flatTime(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), b, fracFrom, fracTo), end: q };
}

const timeChars = new Uint16Array(32);

/**
 * `YYYY-MM-DDTHH:MM:SS[.frac]Z` as one flat string: times are kept by the thousand (samples, runs, evidence), and a
 * string built by concatenation is a tree of a dozen pieces (~400 bytes) where this is ~50.
 */
function flatTime(y: number, mo: number, d: number, h: number, mi: number, s: number, b: ArrayLike<number>, fracFrom: number, fracTo: number): string {
  const c = timeChars;
  const put2 = (at: number, v: number): void => {
    c[at] = D0 + Math.floor(v / 10);
    c[at + 1] = D0 + (v % 10);
  };
  put2(0, Math.floor(y / 100));
  put2(2, y % 100);
  c[4] = 0x2d;
  put2(5, mo);
  c[7] = 0x2d;
  put2(8, d);
  c[10] = 0x54;
  put2(11, h);
  c[13] = 0x3a;
  put2(14, mi);
  c[16] = 0x3a;
  put2(17, s);
  let n = 19;
  if (fracTo > fracFrom) {
    c[n++] = 0x2e;
    for (let i = fracFrom; i < fracTo; i++) c[n++] = b[i]!;
  }
  c[n++] = 0x5a;
  return String.fromCharCode.apply(null, c.subarray(0, n) as unknown as number[]);
}

function indexOfAscii(b: ArrayLike<number>, needle: string, from: number, to: number): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = from; i <= to - needle.length; i++) {
    if (b[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (b[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

const JSON_TIME_KEYS = ['"time":"', '"start_time":"', '"timestamp":"', '"ts":"'];
const LINE_TIME_SCAN = 4096;

/**
 * Offset of a line's leading timestamp, or -1: an RFC3339 prefix (Istio, ztunnel, kubectl `--timestamps`),
 * `[RFC3339]` (Envoy access log), `[%Y-%m-%d %T.%e]` with or without `[Envoy (Epoch N)] ` (Envoy app log
 * ≤1.5 and standalone), logrus `time="…"`, and JSON lines with a `time`/`start_time`/`timestamp` key
 * (docker json-file, `--log_as_json`, access-log JSON). A timestamp right after `[` may use a space for `T`.
 */
function timestampStart(b: ArrayLike<number>): number {
  const c = b[0];
  if (c === undefined) return -1;
  if (isDigit(c)) return 0;
  if (c === 0x5b /* [ */) {
    if (b[1] !== 0x45 /* E */ || b[2] !== 0x6e) return 1;
    const close = indexOfAscii(b, '] [', 1, Math.min(b.length, 40));
    return close < 0 ? -1 : close + 3;
  }
  if (c === 0x7b /* { */) {
    const to = Math.min(b.length, LINE_TIME_SCAN);
    for (const key of JSON_TIME_KEYS) {
      const k = indexOfAscii(b, key, 1, to);
      if (k >= 0 && isDigit(b[k + key.length] ?? 0)) return k + key.length;
    }
    return -1;
  }
  if (c === 0x74 /* t */ && b[4] === 0x3d && b[5] === 0x22 && indexOfAscii(b, 'time="', 0, 6) === 0) return 6;
  return -1;
}

/**
 * Cheap leading-timestamp reader, used on every line for a file's first/last time (layouts: see
 * timestampStart). Returns RFC3339 UTC or undefined (Linkerd uptime stamps, klog, plain text).
 */
export function lineTime(line: Uint8Array | string): string | undefined {
  const b: ArrayLike<number> = typeof line === 'string' ? codesOf(line) : line;
  const p = timestampStart(b);
  return p < 0 ? undefined : readTimestamp(b, p, p > 0 && b[p - 1] === 0x5b)?.time;
}

// lineTimeKey's last hour (YYYYMMDDHH as a number) and its epoch ms.
let keyHour = -1;
let keyHourMs = 0;

/**
 * The same timestamp as lineTime, as a number that sorts chronologically (µs since the epoch; digits past
 * µs are ignored), or NaN. Allocates nothing: the scanner calls it on every line.
 */
export function lineTimeKey(line: Uint8Array): number {
  const p = timestampStart(line);
  if (p < 0) return NaN;
  const b = line;
  const y = digits(b, p, 4);
  const mo = digits(b, p + 5, 2);
  const d = digits(b, p + 8, 2);
  const h = digits(b, p + 11, 2);
  const mi = digits(b, p + 14, 2);
  const sec = digits(b, p + 17, 2);
  const sep = b[p + 10];
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || b[p + 4] !== 0x2d || b[p + 7] !== 0x2d || b[p + 13] !== 0x3a || b[p + 16] !== 0x3a) return NaN;
  if (!(sep === 0x54 || (sep === 0x20 && p > 0 && b[p - 1] === 0x5b))) return NaN;
  const s = Math.min(sec, 59); // as readTimestamp
  let q = p + 19;
  let micros = 0;
  if (b[q] === 0x2e || b[q] === 0x2c) {
    // as readTimestamp: at least one digit, at most nine read
    if (!isDigit(b[q + 1] ?? 0)) return NaN;
    let scale = 100_000;
    const stop = q + 10;
    for (q++; q < b.length && q < stop && isDigit(b[q]!); q++) {
      micros += (b[q]! - D0) * scale;
      scale = Math.floor(scale / 10);
    }
  }
  let offsetMin = 0;
  const z = b[q];
  if (z === 0x2b || z === 0x2d) {
    const off = offsetAt(b, q);
    if (!off) return NaN;
    offsetMin = off.minutes;
  }
  // Called on every line: the hour's epoch ms is cached (lines come in time order), minutes and seconds added.
  const hour = ((y * 100 + mo) * 100 + d) * 100 + h;
  if (hour !== keyHour) {
    keyHourMs = y >= 100 ? Date.UTC(y, mo - 1, d, h) : utcMs(y, mo, d, h, 0, 0);
    keyHour = hour;
  }
  const ms = keyHourMs + mi * 60_000 + s * 1000 - offsetMin * 60_000;
  if (offsetMin !== 0 && (ms < MIN_MS || ms >= MAX_MS)) return NaN;
  return ms * 1000 + micros;
}

/** Reused by codesOf: the readers above only look at the codes during the call. */
let codesScratch = new Uint16Array(64);

/**
 * Char codes of the first `max` UTF-16 units of `s`, for the byte-level readers above. The result is a view of a
 * buffer reused by the next call: read it, do not keep it.
 */
export function codesOf(s: string, max = LINE_TIME_SCAN): Uint16Array {
  const n = Math.min(s.length, max);
  if (n > codesScratch.length) codesScratch = new Uint16Array(Math.max(n, codesScratch.length * 2));
  const out = codesScratch;
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);
  return out.subarray(0, n);
}

/** Read an RFC3339 string (any zone) and return it as RFC3339 UTC, or undefined. */
export function normalizeTime(s: string): string | undefined {
  return readTimestamp(codesOf(s, 40), 0)?.time;
}

// timeMs's last `YYYY-MM-DDTHH` and its epoch ms: hits come in time order, so the hour rarely changes between calls.
let hourPrefix = '';
let hourMs = 0;

function twoDigits(t: string, i: number): number {
  const a = t.charCodeAt(i) - D0;
  const b = t.charCodeAt(i + 1) - D0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/** Milliseconds since the epoch of an RFC3339 UTC string produced by this module (sub-ms digits dropped). */
export function timeMs(t: string): number {
  const mi = twoDigits(t, 14);
  const sec = twoDigits(t, 17);
  if (mi !== mi || sec !== sec || t.charCodeAt(13) !== 0x3a) return timeMsSlow(t);
  if (!(hourPrefix.length === 13 && t.startsWith(hourPrefix))) {
    hourMs = Date.UTC(+t.slice(0, 4), +t.slice(5, 7) - 1, +t.slice(8, 10), +t.slice(11, 13));
    hourPrefix = hourMs === hourMs ? t.slice(0, 13) : '';
  }
  let frac = 0;
  if (t.charCodeAt(19) === 0x2e) {
    // the first three fraction digits (ms), as `(frac + '000').slice(0, 3)` would read them
    for (let i = 20, scale = 100; i < 23; i++, scale /= 10) {
      const c = t.charCodeAt(i) - D0;
      if (!(c >= 0 && c <= 9)) {
        if (i < t.length - 1) return timeMsSlow(t);
        break;
      }
      frac += c * scale;
    }
  }
  return hourMs + mi * 60_000 + sec * 1000 + frac;
}

function timeMsSlow(t: string): number {
  const ms = Date.UTC(+t.slice(0, 4), +t.slice(5, 7) - 1, +t.slice(8, 10), +t.slice(11, 13), +t.slice(14, 16), +t.slice(17, 19));
  const frac = t[19] === '.' ? t.slice(20, t.length - 1) : '';
  return ms + (frac ? Math.floor(+(frac + '000').slice(0, 3)) : 0);
}

/** A key that sorts RFC3339 UTC strings of any fraction length chronologically (fraction padded to 9 digits). */
export function timeKey(t: string): string {
  const frac = t[19] === '.' ? t.slice(20, t.length - 1) : '';
  return t.slice(0, 19) + '.' + frac.padEnd(9, '0');
}

/** The earlier of two RFC3339 UTC strings (undefined-safe). */
export function minTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return timeKey(b) < timeKey(a) ? b : a;
}

/** The later of two RFC3339 UTC strings (undefined-safe). */
export function maxTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return timeKey(b) > timeKey(a) ? b : a;
}

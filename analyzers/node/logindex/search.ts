/**
 * Text search over the bytes of indexed log files, never loading a whole file: line ranges are read in
 * ≤ 4 MiB spans of whole lines into one reused buffer.
 *
 * - A literal is a byte search (Buffer.indexOf, no decoding): case-insensitive (smart case: unless it holds
 *   an upper-case letter) against the index's ASCII-lower-cased copy of each file, else against the file.
 * - A regex is a JavaScript RegExp (≤ 512 chars) run over the span decoded as latin1 (so byte offsets equal
 *   string offsets; the pattern's non-ASCII characters are turned into their UTF-8 bytes). Runaway patterns
 *   are bounded by V8's linear-time fallback (set by the server) and by the caller's work budget per step. That fallback does not
 *   cover the `i` flag (`/(a+)+$/i` on 30 `a`s runs for seconds, on 5,000 for ever), so a case-insensitive
 *   regex (smart case: the pattern has no upper-case letter at all) is never compiled with `i`: it runs as
 *   written over the lower-cased copy of the file, and marks rows through an ASCII lower-casing of their text.
 */
import { readSync } from 'node:fs';
import type { LogIndexData } from './builder.js';
import { lowerAscii } from './builder.js';

/** Bytes read at once at most. */
export const SPAN = 4 << 20;
export const MAX_PATTERN = 512;

export type TextMatcher =
  | { kind: 'bytes'; needle: Buffer; lower: boolean; mark: RegExp }
  | { kind: 'regex'; scan: RegExp; mark: RegExp; lower: boolean };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile the query's text filter; throws an Error with a user-facing message on a bad pattern. */
export function compileMatcher(text: string, regex: boolean): TextMatcher {
  if (text.length > MAX_PATTERN) throw new Error(`search text is longer than ${MAX_PATTERN} characters`);
  const ignoreCase = !/[A-Z]/.test(text);
  const flags = ignoreCase ? 'gim' : 'gm';
  if (!regex) {
    const bytes = Buffer.from(text, 'utf8');
    const needle = ignoreCase ? Buffer.from(lowerAscii(bytes, Buffer.allocUnsafe(bytes.length))) : bytes;
    return { kind: 'bytes', needle, lower: ignoreCase, mark: new RegExp(escapeRegExp(text), flags) };
  }
  try {
    return { kind: 'regex', scan: new RegExp(Buffer.from(text, 'utf8').toString('latin1'), 'gm'), mark: new RegExp(text, 'gm'), lower: ignoreCase };
  } catch (err) {
    throw new Error(`invalid regular expression: ${(err as Error).message}`);
  }
}

/**
 * Mark `hits[globalLine] = 1` for every line `lo .. hi - 1` (global ids, all of file `fid`) that `m` matches.
 * `fd` is the file's descriptor, or its lower-cased copy's when `m.lower`. Reads whole lines in spans of at most
 * SPAN bytes into `buf` (SPAN bytes, reused by the caller).
 */
export function scanLines(data: LogIndexData, fid: number, lo: number, hi: number, fd: number, m: TextMatcher, hits: Uint8Array, buf: Buffer): void {
  const f = data.files[fid];
  const { start } = data;
  const fileEnd = f.firstLine + f.lines;
  const endOf = (line: number) => (line < fileEnd ? start[line] : f.bytes);
  let li = lo;
  while (li < hi) {
    const spanStart = start[li];
    // whole lines up to SPAN bytes (at least one line, cut at SPAN when a line is longer)
    let a = li + 1, b = hi;
    if (endOf(hi) - spanStart > SPAN) {
      while (a < b) {
        const mid = (a + b) >> 1;
        if (start[mid] - spanStart <= SPAN) a = mid + 1;
        else b = mid;
      }
      b = Math.max(li + 1, a - 1);
    }
    const spanEnd = endOf(b);
    const got = readSync(fd, buf, 0, Math.min(spanEnd - spanStart, SPAN), spanStart);
    let cur = li;
    const lineAt = (off: number) => {
      const abs = spanStart + off;
      while (cur + 1 < b && start[cur + 1] <= abs) cur++;
      hits[cur] = 1;
      return cur + 1 < b ? start[cur + 1] - spanStart : got;
    };
    if (m.kind === 'bytes') {
      const view = buf.subarray(0, got);
      for (let p = view.indexOf(m.needle); p >= 0; p = view.indexOf(m.needle, p)) {
        p = lineAt(p);
        if (p >= got) break;
      }
    } else {
      const text = buf.toString('latin1', 0, got);
      const re = m.scan;
      re.lastIndex = 0;
      for (let mm = re.exec(text); mm; mm = re.exec(text)) {
        const next = lineAt(mm.index);
        if (next >= got) break;
        re.lastIndex = next;
      }
    }
    li = b;
  }
}

/** Character ranges of `m` in a decoded row (at most 32). */
export function markRow(text: string, m: TextMatcher): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = m.mark;
  // same length as `text` (ASCII letters only), so the ranges hold for the row as shown
  const subject = m.kind === 'regex' && m.lower ? text.replace(/[A-Z]+/g, (c) => c.toLowerCase()) : text;
  re.lastIndex = 0;
  for (let mm = re.exec(subject); mm && out.length < 32; mm = re.exec(subject)) {
    if (mm[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([mm.index, mm.index + mm[0].length]);
  }
  return out;
}

/**
 * Text search over the bytes of indexed log files, never loading a whole file: files are read in
 * ≤ 4 MiB spans of whole lines into one reused buffer. A literal is matched case-insensitively unless
 * it holds an upper-case letter (smart case); a regex is a JavaScript RegExp (≤ 512 chars) run over the
 * span decoded as latin1 (so byte offsets equal string offsets; the pattern's non-ASCII characters are
 * turned into their UTF-8 bytes). Runaway patterns are bounded by V8's backtrack fallback (set by the
 * server) and by `budgetMs`.
 */
import { readSync } from 'node:fs';
import type { LogIndexData } from './builder.js';

const SPAN = 4 << 20;
export const MAX_PATTERN = 512;

export interface TextMatcher {
  /** For scanning spans decoded as latin1 (global, multiline). */
  scan: RegExp;
  /** For marking matches in a decoded (UTF-16) row. */
  mark: RegExp;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile the query's text filter; throws an Error with a user-facing message on a bad pattern. */
export function compileMatcher(text: string, regex: boolean): TextMatcher {
  if (text.length > MAX_PATTERN) throw new Error(`search text is longer than ${MAX_PATTERN} characters`);
  const flags = /[A-Z]/.test(text) ? 'gm' : 'gim';
  const source = regex ? text : escapeRegExp(text);
  try {
    const scan = new RegExp(Buffer.from(source, 'utf8').toString('latin1'), flags);
    const mark = new RegExp(source, flags);
    return { scan, mark };
  } catch (err) {
    throw new Error(`invalid regular expression: ${(err as Error).message}`);
  }
}

/**
 * Mark `hits[globalLine] = 1` for every line of the given files that `m` matches. Returns false when
 * `budgetMs` ran out (hits are then partial).
 */
export function scanFiles(data: LogIndexData, fileIds: number[], fdOf: (fileId: number) => number, m: TextMatcher, hits: Uint8Array, budgetMs: number): boolean {
  const started = performance.now();
  const buf = Buffer.allocUnsafe(SPAN);
  for (const fid of fileIds) {
    const f = data.files[fid];
    if (!f.lines) continue;
    const fd = fdOf(fid);
    const endLine = f.firstLine + f.lines;
    let li = f.firstLine;
    while (li < endLine) {
      const spanStart = data.start[li];
      // take whole lines up to SPAN bytes (at least one line, cut at SPAN when a line is longer)
      let hi = li + 1;
      while (hi < endLine && data.start[hi] - spanStart <= SPAN) hi++;
      if (hi > li + 1 && hi < endLine && data.start[hi] - spanStart > SPAN) hi--;
      const spanEnd = hi < endLine ? data.start[hi] : f.bytes;
      const len = Math.min(spanEnd - spanStart, SPAN);
      const got = readSync(fd, buf, 0, len, spanStart);
      const text = buf.toString('latin1', 0, got);
      const re = m.scan;
      re.lastIndex = 0;
      let cur = li;
      for (let mm = re.exec(text); mm; mm = re.exec(text)) {
        const abs = spanStart + mm.index;
        while (cur + 1 < hi && data.start[cur + 1] <= abs) cur++;
        hits[cur] = 1;
        if (cur + 1 >= hi) break;
        re.lastIndex = data.start[cur + 1] - spanStart;
      }
      li = hi;
      if (performance.now() - started > budgetMs) return false;
    }
  }
  return true;
}

/** Character ranges of `m` in a decoded row (at most 32). */
export function markRow(text: string, m: TextMatcher): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = m.mark;
  re.lastIndex = 0;
  for (let mm = re.exec(text); mm && out.length < 32; mm = re.exec(text)) {
    if (mm[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([mm.index, mm.index + mm[0].length]);
  }
  return out;
}

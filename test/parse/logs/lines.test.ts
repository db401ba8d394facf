import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineSplitter } from '../../../analyzers/parse/logs/lines.js';

const enc = new TextEncoder();

function split(chunks: Uint8Array[], max?: number): { lines: number[][]; cut: boolean[]; cutLines: number } {
  const lines: number[][] = [];
  const cut: boolean[] = [];
  const s = createLineSplitter((l, c) => {
    lines.push([...l]);
    cut.push(c);
  }, max);
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, cut, cutLines: s.cutLines };
}

const text = (lines: number[][]): string[] => lines.map((l) => new TextDecoder().decode(new Uint8Array(l)));

describe('createLineSplitter', () => {
  it('splits on LF and drops the CR of CRLF', () => {
    const r = split([enc.encode('a\r\nbb\n\nccc')]);
    expect(text(r.lines)).toEqual(['a', 'bb', '', 'ccc']);
    expect(r.cutLines).toBe(0);
  });

  it('counts a final newline as the end of the last line, not a new empty line', () => {
    expect(split([enc.encode('x\ny\n')]).lines).toHaveLength(2);
  });

  it('gives the same lines whatever the chunk boundaries (including a CR|LF split)', () => {
    const input = enc.encode('2023-07-31T05:19:08.257648Z\tinfo\tFLAG: --concurrency="0"\r\nsecond\r\n\r\nthird line é\nlast');
    const whole = split([input]).lines;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), input.length];
        const chunks = points.slice(1).map((p, i) => input.subarray(points[i], p));
        expect(split(chunks).lines).toEqual(whole);
      }),
    );
    expect(text(whole)).toEqual(['2023-07-31T05:19:08.257648Z\tinfo\tFLAG: --concurrency="0"', 'second', '', 'third line é', 'last']);
  });

  it('passes invalid UTF-8 through as bytes', () => {
    const bad = new Uint8Array([0x61, 0xff, 0xfe, 0xc3, 0x0a, 0x62]);
    const r = split([bad.subarray(0, 3), bad.subarray(3)]);
    expect(r.lines).toEqual([[0x61, 0xff, 0xfe, 0xc3], [0x62]]);
    expect(text(r.lines)[0]).toBe('a\ufffd\ufffd\ufffd');
  });

  it('cuts an over-long line at the cap, counts it, and resumes at the next line', () => {
    const long = 'x'.repeat(25);
    const input = enc.encode(`short\n${long}\nafter\n${long}`);
    // Chunks of 7 bytes: the long lines span several chunks.
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < input.length; i += 7) chunks.push(input.subarray(i, i + 7));
    const r = split(chunks, 10);
    expect(text(r.lines)).toEqual(['short', 'x'.repeat(10), 'after', 'x'.repeat(10)]);
    expect(r.cut).toEqual([false, true, false, true]);
    expect(r.cutLines).toBe(2);
  });

  it('cuts an over-long line that arrives inside one chunk', () => {
    const r = split([enc.encode(`${'y'.repeat(30)}\nok\n`)], 8);
    expect(text(r.lines)).toEqual(['y'.repeat(8), 'ok']);
    expect(r.cutLines).toBe(1);
  });

  it('does not cut a line of exactly the cap', () => {
    const r = split([enc.encode('abcdefgh\n')], 8);
    expect(r.cut).toEqual([false]);
    expect(text(r.lines)).toEqual(['abcdefgh']);
  });

  it('keeps a line valid until the push that gave it returns, even one from its own buffer (the scanner keeps views that long)', () => {
    const dec = new TextDecoder();
    const kept: Uint8Array[] = [];
    const seen: string[] = [];
    const sp = createLineSplitter((line) => kept.push(line));
    const push = (s: string): void => {
      kept.length = 0;
      sp.push(new TextEncoder().encode(s));
      seen.push(...kept.map((l) => dec.decode(l)));
    };
    push('2026-01-01T00:00:00Z first half, ');
    push('second half\n2026-01-01T00:00:01Z next line starts and spans, ');
    push('so the buffer is reused\nshort\n');
    sp.end();
    expect(seen).toEqual(['2026-01-01T00:00:00Z first half, second half', '2026-01-01T00:00:01Z next line starts and spans, so the buffer is reused', 'short']);
  });
});

import { describe, expect, it } from 'vitest';
import { lineTime, lineTimeKey, maxTime, minTime, normalizeTime, timeMs } from '../../../analyzers/parse/logs/time.js';
import { corpusLine } from './corpus.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('lineTime', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['Istio text (corpus #19)', corpusLine(19), '2025-09-09T08:42:04.279081Z'],
    ['access text (corpus #9)', corpusLine(9), '2025-06-01T15:37:04.814Z'],
    ['access JSON start_time (corpus #28)', corpusLine(28), '2025-12-22T16:08:03.507Z'],
    ['docker json-file time key (corpus #98)', corpusLine(98), '2025-05-15T12:12:40.683769304Z'],
    ['--log_as_json (corpus #101)', corpusLine(101), '2019-04-10T18:16:05.804067Z'],
    ['Envoy ≤1.1 bracketed, space separator (corpus #96)', corpusLine(96), '2019-03-01T01:07:03.833Z'],
    ['Envoy 1.5 with epoch prefix (NOTES.md §3)', '[Envoy (Epoch 0)] [2020-03-06 16:49:26.908][19][warning][config] gRPC config stream closed: 13,', '2020-03-06T16:49:26.908Z'],
    ['logrus (corpus #81)', corpusLine(81), '2020-02-12T11:45:05Z'],
    ['kubectl --timestamps nanoseconds (corpus #76)', corpusLine(76), '2021-04-22T17:49:52.864787073Z'],
    ['Linkerd uptime (corpus #77)', corpusLine(77), undefined],
    ['klog (corpus #63)', corpusLine(63), undefined],
    ['plain (corpus #35)', corpusLine(35), undefined],
    ['a date without time', '2023-07-31 started', undefined],
    ['an impossible date', '2023-07-99T05:19:08.257648Z\tinfo\tx', undefined],
  ];
  for (const [name, line, want] of cases) {
    it(name, () => {
      expect(lineTime(line)).toBe(want);
      expect(lineTime(bytes(line))).toBe(want);
      if (want === undefined) expect(Number.isNaN(lineTimeKey(bytes(line)))).toBe(true);
      else expect(Math.floor(lineTimeKey(bytes(line)) / 1000)).toBe(Date.parse(want));
    });
  }

  it('converts zone offsets to UTC', () => {
    expect(normalizeTime('2022-10-17T12:39:46+02:00')).toBe('2022-10-17T10:39:46Z');
    expect(lineTime('2024-01-01T00:30:00.5-01:30 msg')).toBe('2024-01-01T02:00:00.5Z');
    expect(lineTimeKey(bytes('2024-01-01T00:30:00.5-01:30 msg'))).toBe(Date.UTC(2024, 0, 1, 2, 0, 0) * 1000 + 500_000);
  });

  it('orders times of different precision', () => {
    expect(minTime('2023-07-31T05:19:08Z', '2023-07-31T05:19:08.257Z')).toBe('2023-07-31T05:19:08Z');
    expect(maxTime('2023-07-31T05:19:08Z', '2023-07-31T05:19:08.257Z')).toBe('2023-07-31T05:19:08.257Z');
    expect(maxTime(undefined, '2023-07-31T05:19:08Z')).toBe('2023-07-31T05:19:08Z');
  });
});

describe('timeMs', () => {
  it('reads RFC3339 UTC as Date.parse does, whatever the fraction length, across hours and days (its hour cache)', () => {
    const fixed = ['2026-03-10T06:00:01.000319Z', '2026-03-10T06:00:01Z', '2026-03-10T06:59:59.9Z', '2026-03-10T06:59:59.99Z', '2026-03-10T07:00:00.123456789Z', '2023-09-05T06:01:25.626Z', '2024-02-29T23:59:60Z'.replace(':60', ':59'), '2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00Z'];
    for (const t of fixed) expect([t, timeMs(t)]).toEqual([t, Date.parse(t)]);
    let seed = 7;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      const iso = new Date(1.6e12 + Math.floor(rand() * 3e11)).toISOString();
      const t = [iso, iso.replace(/\.\d+Z/, 'Z'), iso.replace('Z', '123Z'), iso.replace(/\.(\d)\d+Z/, '.$1Z')][i % 4]!;
      expect(timeMs(t)).toBe(Date.parse(t));
    }
  });

  it('gives NaN for what is not a time', () => {
    for (const t of ['garbage', '2026-03-10T06:00:0xZ', 'unknown time']) expect(timeMs(t)).toBeNaN();
  });
});

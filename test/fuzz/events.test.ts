/** Property tests of the `kubectl get events` table parser and the resolution of its relative ages. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsTable, resolveTableEvents } from '../../analyzers/parse/k8s/events.js';
import { fuzz } from './config.js';

const COLUMNS = ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME', 'KIND', 'AGE'];
const age = fc.oneof(
  fc.constantFrom('10s', '47m', '4m30s', '26h', '3d5h', '28d', '2y30d', '<unknown>', '<invalid>', '0s', '3m (x17 over 8m)', '99999999999y', '9007199254740993s', '', '-5m', '1e9d'),
  fc.tuple(fc.nat({ max: 1e6 }), fc.constantFrom('s', 'm', 'h', 'd', 'y')).map(([n, u]) => `${n}${u}`),
);
const cell = fc.oneof(
  age,
  fc.constantFrom('Normal', 'Warning', 'BackOff', 'Unhealthy', 'pod/cart-1', 'deployment.apps/x', 'node/n1', 'spec.containers{istio-proxy}', 'kubelet, node-1', 'istio-system', '<none>', '(x3 over 4m)'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const message = fc.oneof(fc.constantFrom('Readiness probe failed: HTTP probe failed with statuscode: 503', 'Back-off restarting failed container istio-proxy in pod cart-1_shop(12)', 'a  b   c'), fc.string({ maxLength: 80 }));
const sep = fc.constantFrom('  ', '   ', '\t', ' ', '     ');

const TYPES = fc.constantFrom('Normal', 'Warning', 'warning', 'Error', '', '---');
const byColumn: Record<string, fc.Arbitrary<string>> = {
  'LAST SEEN': age, 'FIRST SEEN': age, AGE: age, TYPE: TYPES,
  REASON: fc.constantFrom('BackOff', 'Unhealthy', 'Pulled', 'OOMKilling', 'FailedCreate'),
  OBJECT: fc.constantFrom('pod/cart-1', 'deployment.apps/x', 'node/n1', 'Pod/cart-2', 'x', '/'),
  COUNT: fc.oneof(fc.nat().map(String), fc.constantFrom('-1', '1e9', '')),
  MESSAGE: message,
};

/** A table: a header of known columns, rows whose cells mostly fit their column, random cells and noise lines. */
const header = fc.oneof(
  { weight: 3, arbitrary: fc.subarray(COLUMNS).map((cols) => COLUMNS.filter((c) => c === 'REASON' || c === 'MESSAGE' || cols.includes(c))) }, // kubectl's order
  { weight: 1, arbitrary: fc.shuffledSubarray(COLUMNS, { minLength: 1 }) },
);
const table = header.chain((header) => fc.record({
  header: fc.constant(header),
  rows: fc.array(fc.tuple(...header.map((c) => fc.oneof({ weight: 4, arbitrary: byColumn[c] ?? cell }, { weight: 1, arbitrary: cell }))), { maxLength: 25 }),
  noise: fc.array(fc.tuple(fc.nat({ max: 30 }), fc.string({ maxLength: 200 })), { maxLength: 4 }),
  seps: fc.array(sep, { minLength: 1, maxLength: 5 }),
  crlf: fc.boolean(),
  aligned: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
})).map(({ header, rows, noise, seps, crlf, aligned }) => {
  const sp = (i: number) => seps[i % seps.length]!;
  // kubectl's tabwriter pads every cell to its column's width plus three spaces
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)) + 3);
  const join = (cells: readonly string[], i: number) => (aligned ? cells.map((x, c) => (c === cells.length - 1 ? x : x.padEnd(widths[c]!))).join('') : cells.join(sp(i)));
  const lines = [join(header, 0)];
  rows.forEach((cells, i) => lines.push(join(cells, i)));
  for (const [at, s] of noise) lines.splice(Math.min(at, lines.length), 0, s);
  return lines.join(crlf ? '\r\n' : '\n');
});

const ANCHOR = '2026-03-10T12:00:00Z';

describe('parseEventsTable', () => {
  it('never throws; every event cites the file and a line of it', () => {
    fc.assert(fc.property(table, (text) => {
      const { events, warnings } = parseEventsTable(text, 'bug-report/cluster/events');
      const lines = text.split('\n').length;
      for (const e of events) {
        expect(e.event.source.file).toBe('bug-report/cluster/events');
        expect(e.event.source.line).toBeGreaterThanOrEqual(2);
        expect(e.event.source.line).toBeLessThanOrEqual(lines);
        expect(typeof e.event.message).toBe('string');
        expect(e.event.count).toBeGreaterThanOrEqual(0);
      }
      for (const w of warnings) expect(w.line === undefined || (w.line >= 1 && w.line <= lines)).toBe(true);
    }), fuzz());
  });

  it('resolved times are valid and never after the capture time; an age that cannot be a time leaves it unset', () => {
    fc.assert(fc.property(table, (text) => {
      const { events } = parseEventsTable(text, 'bug-report/cluster/events');
      const resolved = resolveTableEvents(events, ANCHOR);
      expect(resolved).toHaveLength(events.length);
      resolved.forEach((e, i) => {
        for (const t of [e.lastSeen, e.firstSeen]) {
          if (t === undefined) continue;
          expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
          expect(Date.parse(t)).toBeLessThanOrEqual(Date.parse(ANCHOR));
        }
        if (e.lastSeen === undefined) expect(events[i]!.lastSeenAge === undefined || events[i]!.lastSeenAge!.ms > Date.parse(ANCHOR) - Date.UTC(1, 0, 1)).toBe(true);
      });
    }), fuzz());
  });
});

describe('the generator', () => {
  it('reaches event rows with resolved times often enough for the properties to mean something', () => {
    const parsed = fc.sample(table, { seed: 7, numRuns: 300 }).map((t) => resolveTableEvents(parseEventsTable(t, 'f').events, ANCHOR));
    expect(parsed.filter((es) => es.length > 0).length).toBeGreaterThan(100);
    expect(parsed.filter((es) => es.some((e) => e.lastSeen !== undefined)).length).toBeGreaterThan(50);
  });
});

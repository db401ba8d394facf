/** Property tests of the log-line parsers: wrappers, formats, timestamps, access logs, and the scanner fed in any chunking. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { parseAccessText } from '../../analyzers/parse/logs/access.js';
import { parseLogLine } from '../../analyzers/parse/logs/parse.js';
import { lineTime, lineTimeKey } from '../../analyzers/parse/logs/time.js';
import { compileEngine, createLogScanner } from '../../analyzers/signatures/engine.js';
import { fuzz } from './config.js';

const RFC3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Timestamps, valid and not: every field range edge, leap seconds, offsets, fractions of any length. */
const oddStamp = fc.record({
  y: fc.oneof(fc.constantFrom(0, 1970, 2000, 2026, 2999, 9999), fc.integer({ min: 0, max: 9999 })),
  mo: fc.integer({ min: 0, max: 13 }),
  d: fc.integer({ min: 0, max: 32 }),
  h: fc.integer({ min: 0, max: 25 }),
  mi: fc.integer({ min: 0, max: 61 }),
  s: fc.integer({ min: 0, max: 61 }),
  frac: fc.oneof(fc.constant(''), fc.stringMatching(/^[.,]\d{0,12}$/)),
  zone: fc.constantFrom('Z', '', '+00:00', '-07:00', '+14:00', '+0530', '-99:99', 'z'),
  sep: fc.constantFrom('T', ' ', 't'),
}).map((t) => `${pad(t.y, 4)}-${pad(t.mo, 2)}-${pad(t.d, 2)}${t.sep}${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}${t.frac}${t.zone}`);
const goodStamp = fc.tuple(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(0, 3, 6, 9)).map(([d, digits]) => d.toISOString().replace(/\.\d{3}Z$/, digits ? `.${String(d.getTime() % 1000).padStart(3, '0').padEnd(digits, '7')}Z` : 'Z'));
const stamp = fc.oneof({ weight: 2, arbitrary: goodStamp }, { weight: 1, arbitrary: oddStamp });

const body = fc.oneof(
  fc.constantFrom(
    'warning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 313s ago: 14, connection error',
    'info\tads\tADS: new connection for node:cart-1.shop-1',
    'error\tca\tca request failed, starting attempt 1 in 101ms',
    '"GET /get HTTP/1.1" 503 UH,URX no_healthy_upstream - "-" 0 19 0 - "-" "curl" "id" "reviews:9080" "-" outbound|9080|v3|reviews.default.svc.cluster.local - 10.96.5.14:9080 10.244.2.30:40112 - default',
    '"- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 1.2.3.4:8443 5.6.7.8:1 - -',
    '][15][warning][config] [source/common/config/grpc_stream.h:201] gRPC config stream closed: 14, no healthy upstream',
  ),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** A line in one of the wrappers meshlens strips, around a stamp and a body, or plain noise. */
const line = fc.oneof(
  fc.tuple(stamp, body).map(([t, b]) => `${t}\t${b}`),
  fc.tuple(stamp, body).map(([t, b]) => `[${t}] ${b}`),
  fc.tuple(stamp, body).map(([t, b]) => `[${t}][15][warning][config] ${b}`),
  fc.tuple(stamp, body).map(([t, b]) => JSON.stringify({ level: 'warn', time: t, scope: 'ca', msg: b })),
  fc.tuple(stamp, body).map(([t, b]) => JSON.stringify({ start_time: t, response_code: '503', response_flags: b.slice(0, 12), upstream_cluster: 'x' })),
  fc.tuple(stamp, body).map(([t, b]) => JSON.stringify({ log: `${t}\t${b}\n`, stream: 'stdout', time: t })),
  fc.tuple(stamp, stamp, body).map(([t, u, b]) => `${t} ${u}\t${b}`), // kubectl --timestamps
  fc.tuple(stamp, body).map(([t, b]) => `time="${t}" level=warning msg="${b}"`),
  fc.tuple(stamp, body).map(([t, b]) => `[Envoy (Epoch 0)] [${t}][1][info] ${b}`),
  fc.string({ maxLength: 200 }),
);

describe('parseLogLine', () => {
  it('never throws; a time, when read, is RFC3339 UTC and a real date; the level is one we know', () => {
    fc.assert(fc.property(line, (s) => {
      const p = parseLogLine(s);
      expect(typeof p.msg).toBe('string');
      if (p.time !== undefined) {
        expect(p.time).toMatch(RFC3339_UTC);
        expect(Number.isFinite(Date.parse(p.time))).toBe(true);
      }
      if (p.level !== undefined) expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(p.level);
      if (p.access) {
        expect(Number.isInteger(p.access.responseCode)).toBe(true);
        for (const f of p.access.responseFlags) expect(f).toMatch(/^[^\s,](?:[^,]*[^\s,])?$/); // split on commas, trimmed
      }
    }), fuzz(1000));
  });

  it('parseAccessText never throws and keeps flags as single tokens', () => {
    fc.assert(fc.property(fc.tuple(stamp, body, fc.string({ maxLength: 60 })), ([t, b, tail]) => {
      const r = parseAccessText(`[${t}] ${b}${tail}`);
      if (r) {
        expect(r.time).toMatch(RFC3339_UTC);
        for (const f of r.access.responseFlags) expect(f).toMatch(/^[^\s,]+$/);
      }
    }), fuzz(1000));
  });
});

describe('lineTime and lineTimeKey (run on every line)', () => {
  it('agree: the key is NaN exactly when there is no time, else the same instant', () => {
    const enc = new TextEncoder();
    fc.assert(fc.property(line, (s) => {
      const bytes = enc.encode(s);
      const t = lineTime(bytes);
      const k = lineTimeKey(bytes);
      if (t === undefined) expect(Number.isNaN(k)).toBe(true);
      else {
        expect(t).toMatch(RFC3339_UTC);
        expect(Math.abs(Math.floor(k / 1000) - Date.parse(t))).toBeLessThanOrEqual(1);
      }
    }), fuzz(1000));
  });
});

describe('the scanner', () => {
  const engine = compileEngine(loadBuiltinPacks());
  it('never throws whatever the bytes and chunk boundaries; counts every line; first time ≤ last time', () => {
    const enc = new TextEncoder();
    const file = fc.tuple(fc.array(fc.oneof(line, fc.uint8Array({ maxLength: 300 }).map((b) => new TextDecoder('latin1').decode(b))), { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean());
    fc.assert(fc.property(file, fc.array(fc.nat(), { maxLength: 8 }), ([lines, eol, lastNl], cuts) => {
      const text = lines.join(eol) + (lastNl && lines.length ? eol : '');
      const bytes = enc.encode(text);
      const scanner = createLogScanner(engine, { maxLineBytes: 256 });
      const sink = scanner.sink({ file: 'f.log', component: 'istio-proxy', namespace: 'n', pod: 'p' });
      const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      let prev = 0;
      for (const c of [...at, bytes.length]) {
        sink.write(bytes.subarray(prev, c));
        prev = c;
      }
      const summary = sink.end();
      const newlines = bytes.filter((b) => b === 0x0a).length;
      expect(summary.lines).toBe(newlines + (bytes.length && bytes[bytes.length - 1] !== 0x0a ? 1 : 0));
      expect(summary.bytes).toBe(bytes.length);
      if (summary.firstTime !== undefined) expect(Date.parse(summary.firstTime)).toBeLessThanOrEqual(Date.parse(summary.lastTime!));
      for (const g of scanner.groups()) for (const s of g.samples) expect(s.line).toBeLessThanOrEqual(summary.lines);
    }), fuzz(300));
  });
});

describe('the generator', () => {
  it('reaches timed lines, access entries and signature hits often enough for the properties to mean something', () => {
    const parsed = fc.sample(line, { seed: 7, numRuns: 1000 }).map((s) => parseLogLine(s));
    expect(parsed.filter((p) => p.time !== undefined).length).toBeGreaterThan(200);
    expect(parsed.filter((p) => p.access !== undefined).length).toBeGreaterThan(30);
  });
});

/** Property tests of the Kubernetes YAML/JSON loader (`kubectl get -o yaml|json`, Lists, multi-document YAML) and the entry-path normalizer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEntryPath, MAX_PATH_CHARS } from '../../analyzers/ingest/paths.js';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { fuzz } from './config.js';

const scalar = fc.oneof(
  fc.constantFrom('x', '"quoted: value"', "'single'", '123', '0x1F', '~', 'null', 'true', '!!binary aGVsbG8=', '!custom tag', '*undefined', '&anchor v', '|', '>-', '"\\u0000"', '\t', '- a', '{a: 1}', '[1, 2', '? k', '%YAML 1.2'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const key = fc.oneof(fc.constantFrom('name', 'namespace', 'kind', 'apiVersion', 'metadata', 'spec', 'data', 'stringData', 'items', 'hosts', '<<', 'a'), fc.stringMatching(/^[a-z][a-zA-Z0-9.-]{0,10}$/));

/** A YAML mapping body at `indent`: nested maps, block and flow sequences, anchors and aliases, random lines. */
const body: fc.Memo<string[]> = fc.memo((depth) => fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.tuple(key, scalar).map(([k, v]) => [`${k}: ${v}`]) },
  ...(depth > 1 ? [{ weight: 2, arbitrary: fc.tuple(key, body(depth - 1)).map(([k, b]) => [`${k}:`, ...b.map((l) => `  ${l}`)]) }] : []),
  { weight: 1, arbitrary: fc.tuple(key, fc.array(scalar, { maxLength: 4 })).map(([k, xs]) => [`${k}:`, ...xs.map((x) => `- ${x}`)]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom('&a', '*a', '&b [1,2]', '*b', '!!map {}', '{*a: 1}')).map(([k, v]) => [`${k}: ${v}`]) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => [s]) },
), { maxLength: 6 }).map((groups) => groups.flat()));

const data = fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/), fc.oneof(fc.base64String({ maxLength: 24 }), scalar)), { maxLength: 4 });
const object = fc.tuple(
  fc.oneof({ weight: 3, arbitrary: fc.constant('Secret') }, { weight: 5, arbitrary: fc.constantFrom('ConfigMap', 'VirtualService', 'Pod', 'Event', 'List', '') }),
  fc.string({ maxLength: 12 }),
  fc.option(fc.constantFrom('shop', 'istio-system', ''), { nil: undefined }),
  fc.option(fc.tuple(fc.constantFrom('data', 'stringData'), data), { nil: undefined }),
  body(3),
).map(([kind, name, ns, d, rest]) => [
  ...(kind ? [`kind: ${kind}`] : []), 'apiVersion: v1', 'metadata:', `  name: ${JSON.stringify(name)}`, ...(ns !== undefined ? [`  namespace: ${ns}`] : []),
  ...(d ? [`${d[0]}:`, ...d[1].map(([k, v]) => `  ${k}: ${v}`)] : []),
  ...rest,
]);

/** A whole file: a List, documents, a bare sequence, JSON, or anything; with CRLF, BOM and NULs sometimes. */
const file = fc.tuple(
  fc.oneof(
    fc.array(object, { maxLength: 6 }).map((objs) => ['apiVersion: v1', 'items:', ...objs.flatMap((o) => o.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))), 'kind: List'].join('\n')),
    fc.array(object, { maxLength: 6 }).map((objs) => objs.map((o) => o.join('\n')).join('\n---\n')),
    fc.array(object, { maxLength: 4 }).map((objs) => objs.flatMap((o) => o.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))).join('\n')),
    fc.array(fc.jsonValue({ maxDepth: 6 }), { maxLength: 4 }).map((vs) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: vs.map((v, i) => ({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: `c${i}`, namespace: 'shop' }, data: v })) })),
    fc.string({ maxLength: 300 }),
    fc.nat({ max: 400 }).map((n) => `- ${'['.repeat(n)}${']'.repeat(n)}`),
    fc.nat({ max: 400 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  ),
  fc.constantFrom('', '\uFEFF'),
  fc.boolean(),
  fc.option(fc.nat(), { nil: undefined }),
).map(([text, bom, crlf, nulAt]) => {
  let t = bom + (crlf ? text.replace(/\n/g, '\r\n') : text);
  if (nulAt !== undefined && t.length) t = `${t.slice(0, nulAt % t.length)}\0${t.slice(nulAt % t.length)}`;
  return t;
});

describe('parseResourcesFromText', () => {
  it('never throws; every object has a kind and a name and cites a line of the file; Secrets keep no value', () => {
    fc.assert(fc.property(file, (text) => {
      const { resources, warnings } = parseResourcesFromText(text, 'bug-report/cluster/crs', { maxObjectChars: 4096 });
      const lines = text.split('\n').length;
      for (const r of resources) {
        expect(typeof r.kind).toBe('string');
        expect(typeof r.name).toBe('string');
        expect(r.source.file).toBe('bug-report/cluster/crs');
        expect(r.source.line).toBeGreaterThanOrEqual(1);
        expect(r.source.line).toBeLessThanOrEqual(lines);
        if (r.kind === 'Secret') {
          expect(r.text).toBeUndefined();
          for (const f of ['data', 'stringData'] as const) {
            const m = r.obj[f];
            if (m && typeof m === 'object') for (const v of Object.values(m)) expect(v).toBe('');
          }
        }
      }
      for (const w of warnings) {
        expect(w.file).toBe('bug-report/cluster/crs');
        if (w.line !== undefined) expect(w.line >= 1 && w.line <= lines).toBe(true);
        expect(w.message).not.toContain('\n'); // one line, never the object's text
      }
    }), fuzz(500));
  });

  it('is deterministic', () => {
    fc.assert(fc.property(file, (text) => {
      const a = parseResourcesFromText(text, 'f');
      const b = parseResourcesFromText(text, 'f');
      expect(b.resources.map((r) => [r.kind, r.namespace, r.name, r.source.line])).toEqual(a.resources.map((r) => [r.kind, r.namespace, r.name, r.source.line]));
      expect(b.warnings).toEqual(a.warnings);
    }), fuzz(100));
  });
});

describe('normalizeEntryPath', () => {
  const segment = fc.oneof(fc.constantFrom('a', 'bug-report', '.', '..', '', 'C:', 'c:x', '\\', '/', '\0', '\n', '\u001b', 'config_dump?include_eds', ' x ', '…', '..\\..'), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
  const raw = fc.oneof(fc.tuple(fc.array(segment, { maxLength: 16 }), fc.constantFrom('/', '\\', '//')).map(([s, sep]) => s.join(sep)), fc.string({ maxLength: 64 }), fc.nat({ max: 9000 }).map((n) => 'a/'.repeat(n)));
  it('never throws; a kept path is relative, has no ./.. or empty segment, no backslash or control character, and normalizes to itself', () => {
    fc.assert(fc.property(raw, (p) => {
      const n = normalizeEntryPath(p);
      if (!n.ok) {
        expect(n.reason.length).toBeGreaterThan(0);
        return;
      }
      expect(n.path.length).toBeLessThanOrEqual(MAX_PATH_CHARS);
      expect(n.path).not.toMatch(/^\/|\\|[\u0000-\u001f]|^[A-Za-z]:/);
      for (const seg of n.path.split('/')) expect(['', '.', '..']).not.toContain(seg);
      expect(normalizeEntryPath(n.path)).toEqual(n);
    }), fuzz(2000));
  });
});

describe('the generators', () => {
  it('reach objects, Secrets and warnings often enough for the properties to mean something', () => {
    const sample = fc.sample(file, { seed: 7, numRuns: 300 });
    const parsed = sample.map((t) => parseResourcesFromText(t, 'f', { maxObjectChars: 4096 }));
    expect(parsed.filter((p) => p.resources.length > 0).length).toBeGreaterThan(60);
    expect(parsed.filter((p) => p.resources.some((r) => r.kind === 'Secret')).length).toBeGreaterThan(10);
    expect(parsed.filter((p) => p.warnings.length > 0).length).toBeGreaterThan(60);
  });
});

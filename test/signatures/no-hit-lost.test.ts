import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../analyzers/ingest/load.js';
import type { LogFileMeta } from '../../analyzers/model/logs.js';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { openBundleSource } from '../../analyzers/node/sources/index.js';
import { parseLogLine } from '../../analyzers/parse/logs/parse.js';
import type { LogSink } from '../../analyzers/parse/logs/sink.js';
import { compileEngine, createLogScanner } from '../../analyzers/signatures/engine.js';
import { matchLine } from '../../analyzers/signatures/match.js';
import type { SignatureDef } from '../../analyzers/signatures/types.js';
import { generateBundle } from '../../scripts/gen-bundle.js';

/**
 * Aggregation at the source must lose no hit: on a small generated incident-heavy bug-report, each signature's total
 * count over its groups (kept and benign-suppressed) equals what a slow reference scan finds: every line of every log
 * file, split on its own, tried against every signature that applies to the file's component, one by one (plain
 * `String.includes` on the signature's literals, no automaton, no flag-context prefilter, no grouping). With
 * `--evidence all` the report's findings cite each of those hits once, whether the logs were scanned inline or on
 * the scan threads.
 */
describe('no hit is lost to aggregation (incident-heavy bundle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-nohit-'));
  const signatures = loadBuiltinPacks();
  const lineSigs = signatures.filter((d) => d.match.event === undefined);
  const reference = new Map<string, number>();
  const scanned = new Map<string, number>();
  /** Hits of groups that never become findings: benign-suppressed, or of context-only signatures. */
  const unreported = new Map<string, number>();
  /** Per signature, hit places the scanner kept (allHits), and how many groups kept exactly `count` of them. */
  const places = new Map<string, number>();
  let groupsOff = 0;
  let file = '';
  let lines = 0;

  /** The slow scan of one file's bytes (whole file held: the test bundle is small). */
  const referenceScan = (meta: LogFileMeta, bytes: Buffer): void => {
    const text = bytes.toString('utf8');
    const all = text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    const applies = lineSigs.filter((d) => d.appliesTo.includes(meta.component));
    for (const raw of all) {
      lines++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const parsed = parseLogLine(line);
      for (const def of applies) {
        if (!def.match.any.some((l) => line.includes(l))) continue;
        if (matchLine(def, line, parsed, meta)) reference.set(def.id, (reference.get(def.id) ?? 0) + 1);
      }
    }
  };

  beforeAll(async () => {
    file = join(dir, 'incident.tar.gz');
    await generateBundle(1, file, 7, 'incident');
    const scanner = createLogScanner(compileEngine(signatures), { allHits: true });
    const source = await openBundleSource(file);
    await loadBundle(source, {
      logSink: (meta): LogSink => {
        const real = scanner.sink(meta);
        let current = meta;
        let chunks: Buffer[] = [];
        return {
          begin(m) {
            current = m;
            chunks = [];
            real.begin(m);
          },
          write(chunk) {
            chunks.push(Buffer.from(chunk));
            real.write(chunk);
          },
          end() {
            referenceScan(current, Buffer.concat(chunks));
            return real.end();
          },
        };
      },
      stateFile: () => undefined,
    });
    for (const g of [...scanner.groups(), ...scanner.suppressedGroups()]) {
      const def: SignatureDef = g.signature;
      if (def.match.event !== undefined) continue;
      scanned.set(def.id, (scanned.get(def.id) ?? 0) + g.count);
    }
    for (const g of scanner.suppressedGroups()) unreported.set(g.signature.id, (unreported.get(g.signature.id) ?? 0) + g.count);
    for (const g of scanner.groups()) {
      if (g.signature.match.event !== undefined) continue;
      if (g.contextOnly) unreported.set(g.signature.id, (unreported.get(g.signature.id) ?? 0) + g.count);
      places.set(g.signature.id, (places.get(g.signature.id) ?? 0) + (g.hits?.file.length ?? 0));
      if ((g.hits?.file.length ?? 0) !== g.count) groupsOff++;
    }
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is incident-heavy: many hits, over many signatures', () => {
    const total = [...reference.values()].reduce((a, b) => a + b, 0);
    expect(lines).toBeGreaterThan(20_000);
    expect(total / lines).toBeGreaterThan(0.1);
    expect(reference.size).toBeGreaterThanOrEqual(6);
  });

  it('counts every hit of every signature, as the line-by-line scan does', () => {
    const ids = [...new Set([...reference.keys(), ...scanned.keys()])].sort();
    const diff = ids.filter((id) => (reference.get(id) ?? 0) !== (scanned.get(id) ?? 0)).map((id) => `${id}: reference ${reference.get(id) ?? 0}, scanner ${scanned.get(id) ?? 0}`);
    expect(diff).toEqual([]);
  });

  it('keeps every hit\'s place when asked (allHits): one per hit in every group', () => {
    expect(groupsOff).toBe(0);
    const total = [...places.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2_000);
  });

  // `meshlens analyze --evidence all`, inline and on the scan threads: the findings of each signature cite, together,
  // every hit the reference scan found, each once (storms and episodes included), less the hits that are never
  // findings (benign, context-only).
  it.each([0, 2])('--evidence all cites every hit once in the findings (%i scan threads)', async (workers) => {
    const report = await analyzePath(file, { evidence: 'all', workers });
    const rows = new Map<string, Set<string>>();
    for (const f of report.findings) {
      if (!f.analyzer.startsWith('signature/') || !reference.has(f.code)) continue;
      const set = rows.get(f.code) ?? new Set<string>();
      for (const e of f.evidence) {
        const k = `${e.file}:${e.line}`;
        expect(set.has(k)).toBe(false);
        set.add(k);
      }
      rows.set(f.code, set);
    }
    const diff = [...reference.keys()].sort()
      .filter((id) => reference.get(id)! - (unreported.get(id) ?? 0) !== (rows.get(id)?.size ?? 0))
      .map((id) => `${id}: reference ${reference.get(id)} less ${unreported.get(id) ?? 0} unreported, cited ${rows.get(id)?.size ?? 0}`);
    expect(diff).toEqual([]);
    // Without the flag, evidence stays bounded (exemplars).
    const bounded = await analyzePath(file, { workers });
    expect(Math.max(...bounded.findings.map((f) => f.evidence.length))).toBeLessThanOrEqual(10);
  }, 120_000);
});

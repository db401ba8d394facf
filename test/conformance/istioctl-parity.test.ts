/**
 * Parity on real bundles: both corpus bug-reports carry what `istioctl analyze` printed for their
 * cluster. We ingest each bundle through the real pipeline, run our analyzers, and compare IST
 * messages as {code, resource} multisets. Every miss and extra must be explained in
 * istioctl-parity.expectations.json; recall over codes whose inputs the bundle has must be ≥ 95%.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithIstioctl, parseIstioctlAnalyze, type IstioctlComparison } from '../../analyzers/compare/istioctl.js';
import { ALL_ANALYZERS } from '../../analyzers/rules/registry.js';
import { runAnalyzers } from '../../analyzers/rules/runner.js';
import { loadCorpusBundle } from './corpus-bundles.js';

interface Explained {
  code: string;
  resource: string;
  category: 'input-missing' | 'istioctl-wrong';
  why: string;
}
const expectations = JSON.parse(readFileSync(join(import.meta.dirname, 'istioctl-parity.expectations.json'), 'utf8')) as Record<string, { missed: Explained[]; extra: Explained[] }>;
const BUNDLES = ['bug-report-2023-05-92638fd.tar.gz', 'bug-report-2023-09-ce74670.tar.gz'];

const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
const key = (d: { code: string; resource: string }) => `${d.code} ${d.resource}`;

for (const name of BUNDLES) {
  describe(`istioctl parity on ${name}`, () => {
    let comparison: IstioctlComparison;
    let skippedCodes: Set<string>;

    beforeAll(async () => {
      const b = await loadCorpusBundle(name);
      expect(b.istioctl, 'the bundle carries istioctl analyze output').toBeDefined();
      const run = runAnalyzers({ resources: b.model.resources, capturedAt: b.model.capturedAt, istioVersion: b.model.versions?.controlPlane[0] });
      const parsed = parseIstioctlAnalyze(b.istioctl!.text);
      expect(parsed.unparsed).toEqual([]);
      comparison = compareWithIstioctl(parsed.messages, run.findings);
      const byId = new Map(ALL_ANALYZERS.map((a) => [a.meta.id, a.meta.code]));
      skippedCodes = new Set(run.skipped.filter((s) => s.reason.startsWith('input')).map((s) => byId.get(s.id)!));
      const lines = comparison.byCode.map((c) => `  ${c.code} istioctl ${c.istioctl} meshlens ${c.ours} matched ${c.matched} recall ${pct(c.recall)} precision ${pct(c.precision)}`);
      console.log(`${name}: recall ${pct(comparison.total.recall)}, precision ${pct(comparison.total.precision)} (${comparison.total.matched} matched of ${comparison.total.istioctl} istioctl, ${comparison.total.ours} ours)\n${lines.join('\n')}`);
    }, 120_000);

    it('recalls at least 95% of istioctl IST messages for codes whose inputs the bundle has', () => {
      const considered = comparison.byCode.filter((c) => c.istioctl > 0 && !skippedCodes.has(c.code));
      const total = considered.reduce((a, c) => a + c.istioctl, 0);
      const matched = considered.reduce((a, c) => a + c.matched, 0);
      expect(total).toBeGreaterThan(0);
      expect(matched / total).toBeGreaterThanOrEqual(0.95);
    });

    it('explains every miss and every extra, and nothing more', () => {
      const exp = expectations[name];
      expect(exp, `${name} has an entry in istioctl-parity.expectations.json`).toBeDefined();
      expect(comparison.missed.map(key).sort()).toEqual(exp.missed.map(key).sort());
      expect(comparison.extra.map(key).sort()).toEqual(exp.extra.map(key).sort());
      for (const e of [...exp.missed, ...exp.extra]) {
        expect(['input-missing', 'istioctl-wrong']).toContain(e.category);
        expect(e.why.length).toBeGreaterThan(40);
      }
    });
  });
}

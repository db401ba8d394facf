/**
 * The report's byte budget (report/budget.ts). The real Sep 2023 bug-report's report is far under it and left alone.
 * A generated incident-heavy bug-report (scripts/gen-bundle.ts, 3 MB: ~700 findings and a full 2,000-entry timeline,
 * a ~6 MB report) given budgets below its size: fitReport leaves out evidence rows past each finding's exemplars,
 * then timeline entries outside incidents, and says so; what the diagnosis rests on stays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { generateBundle } from '../../scripts/gen-bundle.js';
import { fitReport, REPORT_BUDGET_BYTES, reportBytes } from '../../analyzers/report/budget.js';
import type { Report } from '../../analyzers/report/schema.js';

describe('fitReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-budget-'));
  let r: Report;
  let size: number;
  beforeAll(async () => {
    const file = join(dir, 'incident.tar.gz');
    await generateBundle(3, file, 7, 'incident');
    r = await analyzePath(file);
    size = reportBytes(r);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves a report under the budget alone (the same object, no trimmed stats): the real Sep 2023 archive', async () => {
    const real = await analyzePath('../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz');
    expect(reportBytes(real)).toBeLessThan(REPORT_BUDGET_BYTES);
    expect(real.stats.trimmed).toBeUndefined();
    expect(fitReport(real)).toBe(real);
    expect(fitReport(r, size)).toBe(r);
  }, 60_000);

  it('trims evidence rows first: a budget just under the report keeps every timeline entry', () => {
    const t = fitReport(r, size - 1);
    expect(reportBytes(t)).toBeLessThan(size);
    expect(t.stats.trimmed).toMatchObject({ maxBytes: size - 1, bytesBefore: size, timelineEntriesDropped: 0, resourcesDropped: 0 });
    expect(t.stats.trimmed!.evidenceRowsDropped).toBeGreaterThan(0);
    expect(t.timeline).toEqual(r.timeline);
    expect(t.bundle.warnings.at(-1)!.message).toMatch(/^the report \(\d\.\d MB\) was trimmed to fit \d\.\d MB: \d+ evidence rows .* `meshlens analyze --evidence all` cites every hit$/);
  });

  it('then the timeline, then listed resources: at the smallest it can be, ids, root causes and incidents are kept', () => {
    const floor = reportBytes(fitReport(r, 1));
    const t = fitReport(r, floor);
    expect(reportBytes(t)).toBeLessThanOrEqual(floor);
    expect(t.bundle.warnings.at(-1)!.message).toMatch(/was trimmed to fit \d\.\d MB: \d+ evidence rows .* and \d+ listed resources past each finding's first were left out/);
    expect(t.findings.map((f) => f.id)).toEqual(r.findings.map((f) => f.id));
    expect(t.rootCauses).toEqual(r.rootCauses);
    expect(t.incidents).toEqual(r.incidents);
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    for (const f of t.findings) {
      const was = byId.get(f.id)!;
      expect(f.evidence).toEqual(was.evidence.slice(0, 1));
      // Resources last: the first five stay, and the finding still counts them all.
      expect(f.resources).toEqual(was.resources.slice(0, 5));
      expect(f.data).toEqual(was.data);
    }
    const dropped = r.findings.reduce((n, f) => n + f.evidence.length, 0) - t.findings.reduce((n, f) => n + f.evidence.length, 0);
    const refsDropped = r.findings.reduce((n, f) => n + f.resources.length, 0) - t.findings.reduce((n, f) => n + f.resources.length, 0);
    expect(refsDropped).toBeGreaterThan(0);
    expect(t.stats.trimmed).toMatchObject({ evidenceRowsDropped: dropped, timelineEntriesDropped: r.timeline.length - 250, resourcesDropped: refsDropped });
    // What is kept is the timeline's order; nothing kept ranks after something dropped (root-cause marks, then
    // entries inside an incident, then the rest).
    const kept = new Set(t.timeline);
    expect(t.timeline).toEqual(r.timeline.filter((x) => kept.has(x)));
    const tier = (x: (typeof r.timeline)[number]): number => (x.role === 'root-cause' ? 0 : x.incidentId !== undefined ? 1 : 2);
    const worstKept = Math.max(...t.timeline.map(tier));
    const bestDropped = Math.min(...r.timeline.filter((x) => !kept.has(x)).map(tier));
    expect(worstKept).toBeLessThanOrEqual(bestDropped);
    expect(fitReport(r, 1).bundle.warnings.at(-1)!.message).toContain('was trimmed to come as close as it can to 0.0 MB');
  });
});

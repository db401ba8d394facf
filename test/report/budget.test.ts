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

  it('then the timeline, listed resources, and last folds least counted findings: at the smallest, nothing cited is lost', () => {
    const floor = reportBytes(fitReport(r, 1));
    const t = fitReport(r, floor);
    expect(reportBytes(t)).toBeLessThanOrEqual(floor);
    expect(t.bundle.warnings.at(-1)!.message).toMatch(/was trimmed to fit \d\.\d MB: \d+ evidence rows .*, \d+ listed resources past each finding's first and \d+ least counted findings \(folded, their ids kept\) were left out/);
    expect(t.rootCauses).toEqual(r.rootCauses);
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    const folds = t.findings.filter((f) => f.data?.['folded'] !== undefined);
    expect(folds.length).toBeGreaterThan(0);
    // Every finding is kept or folded, once; whatever the report cites outside its findings is kept.
    const foldedIds = folds.flatMap((f) => String(f.data!['foldedIds']).split(' '));
    const keptIds = t.findings.filter((f) => !folds.includes(f)).map((f) => f.id);
    expect([...keptIds, ...foldedIds].sort()).toEqual(r.findings.map((f) => f.id).sort());
    const pointers = { ...r, findings: [], timeline: [], incidents: r.incidents!.map((i) => ({ ...i, findingIds: [] })) };
    const citedIds = JSON.stringify(pointers).match(/\bf-[0-9a-f]{8}\b/g)!.filter((id) => byId.has(id));
    expect(citedIds.length).toBeGreaterThan(0);
    for (const id of citedIds) expect(keptIds).toContain(id);
    // Incidents and the timeline point at a kept finding or at the fold that holds theirs.
    const foldOf = new Map(folds.flatMap((f) => String(f.data!['foldedIds']).split(' ').map((id) => [id, f.id] as const)));
    expect(t.incidents!.map((i) => [...i.findingIds].sort())).toEqual(r.incidents!.map((i) => [...new Set(i.findingIds.map((id) => foldOf.get(id) ?? id))].sort()));
    const tIds = new Set(t.findings.map((f) => f.id));
    for (const x of t.timeline) if (x.findingId !== undefined) expect(tIds.has(x.findingId)).toBe(true);
    expect(t.incidents!.map((i) => ({ ...i, findingIds: [] }))).toEqual(r.incidents!.map((i) => ({ ...i, findingIds: [] })));
    for (const f of folds) {
      const group = String(f.data!['foldedIds']).split(' ').map((id) => byId.get(id)!);
      expect(group.every((g) => g.code === f.code)).toBe(true);
      expect(f.count).toBe(group.reduce((n, g) => n + (g.count ?? 0), 0));
      expect(f.data!['folded']).toBe(group.length);
      // The least counted went: none folded counts more than a kept finding of the check that could have gone.
      const keptOfCheck = t.findings.filter((k) => k.code === f.code && !folds.includes(k) && !citedIds.includes(k.id));
      expect(Math.max(...group.map((g) => g.count ?? 0))).toBeLessThanOrEqual(Math.min(...keptOfCheck.map((k) => k.count ?? 0)));
    }
    for (const f of t.findings.filter((x) => !folds.includes(x))) {
      const was = byId.get(f.id)!;
      expect(f.evidence).toEqual(was.evidence.slice(0, 1));
      // Resources: the first five stay, and the finding still counts them all.
      expect(f.resources).toEqual(was.resources.slice(0, 5));
      expect(f.data).toEqual(was.data);
    }
    const dropped = r.findings.reduce((n, f) => n + f.evidence.length, 0) - t.findings.reduce((n, f) => n + f.evidence.length, 0);
    const refsDropped = r.findings.reduce((n, f) => n + f.resources.length, 0) - t.findings.reduce((n, f) => n + f.resources.length, 0);
    expect(refsDropped).toBeGreaterThan(0);
    expect(t.stats.trimmed).toMatchObject({ evidenceRowsDropped: dropped, timelineEntriesDropped: r.timeline.length - 250, resourcesDropped: refsDropped, findingsFolded: foldedIds.length });
    // What is kept is the timeline's order (entries of folded findings point at their fold); nothing kept ranks after
    // something dropped (root-cause marks, then entries inside an incident, then the rest).
    const key = (x: (typeof r.timeline)[number]): string => `${x.time}\u0000${x.text}\u0000${x.file ?? ''}:${x.line ?? ''}`;
    const keptKeys = new Set(t.timeline.map(key));
    const kept = new Set(r.timeline.filter((x) => keptKeys.has(key(x))));
    expect(t.timeline.map(key)).toEqual(r.timeline.filter((x) => kept.has(x)).map(key));
    const tier = (x: (typeof r.timeline)[number]): number => (x.role === 'root-cause' ? 0 : x.incidentId !== undefined ? 1 : 2);
    const worstKept = Math.max(...t.timeline.map(tier));
    const bestDropped = Math.min(...r.timeline.filter((x) => !kept.has(x)).map(tier));
    expect(worstKept).toBeLessThanOrEqual(bestDropped);
    expect(fitReport(r, 1).bundle.warnings.at(-1)!.message).toContain('was trimmed to come as close as it can to 0.0 MB');
  });
});

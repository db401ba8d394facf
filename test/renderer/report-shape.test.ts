/**
 * A report the page does not expect never crashes a view (renderer/src/lib/report-shape.ts): the real
 * ca-overload sample's report comes through unchanged, and the same report with its fields removed or
 * mistyped comes through with empty lists and a note for each repair.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { headline } from '../../renderer/src/lib/diagnosis.js';
import { shapeReport } from '../../renderer/src/lib/report-shape.js';

let ca: Report;
beforeAll(async () => {
  ca = await analyzePath('samples/ca-overload');
}, 60_000);

describe('shapeReport', () => {
  it('leaves a whole report as it is, with no notes', () => {
    const { report, notes } = shapeReport(ca);
    expect(notes).toEqual([]);
    expect(report).toEqual(ca);
  });

  it('fills what a broken report lacks with empty lists, says what it filled, and the first screen still reads it', () => {
    const broken = JSON.parse(JSON.stringify(ca)) as Record<string, unknown> & Report;
    const [first, second] = broken.rootCauses as unknown as Array<Record<string, unknown>>;
    delete first.findingIds;
    delete first.symptoms;
    delete second.id;
    (broken.findings[0] as unknown as Record<string, unknown>).evidence = null;
    delete (broken as Record<string, unknown>).timeline;
    broken.incidents = [{ id: 'inc-x', status: 'past', start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:10:00Z' } as never];
    const { report, notes } = shapeReport(broken);
    expect(notes).toEqual(['no timeline list (1)', 'findings without evidence (1)', 'root causes without findingIds (1)', 'root causes without symptoms (1)', 'root causes without an id (1)']);
    expect(report.rootCauses[0].findingIds).toEqual([]);
    expect(report.rootCauses[1].id).toBe('cause-2');
    expect(report.findings[0].evidence).toEqual([]);
    expect(report.timeline).toEqual([]);
    expect(report.incidents![0].rootCauses).toEqual([]);
    expect(() => headline(report)).not.toThrow();
    expect(headline(report).past.map((p) => p.id)).toEqual(['inc-x']);
  });
});

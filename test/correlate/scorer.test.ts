/**
 * The generic scorer (correlate/scorer.ts) on cause models written for the test: the confidence formula,
 * the cap without defining evidence, contradictions, candidacy, and explaining away. No catalogue cause is
 * involved, which is the point: the scorer knows none of them.
 */
import { describe, expect, it } from 'vitest';
import { ClusterView } from '../../analyzers/correlate/cluster-view.js';
import { EpisodeView } from '../../analyzers/correlate/context.js';
import { rankCauses, evaluateCause, NO_DEFINING_CAP } from '../../analyzers/correlate/scorer.js';
import type { CauseModel } from '../../analyzers/correlate/causes/define.js';
import type { Finding } from '../../analyzers/model/finding.js';
import { bundleModel, finding, pod } from './model.js';

function view(findings: Finding[], atCapture = true): EpisodeView {
  const cluster = new ClusterView({ model: bundleModel({ capturedAt: '2026-03-15T10:30:00Z' }), findings });
  return new EpisodeView(findings, cluster, { startMs: Date.parse('2026-03-15T10:00:00Z'), endMs: Date.parse('2026-03-15T10:30:00Z'), atCapture });
}

function model(id: string, parts: Partial<CauseModel>): CauseModel {
  return { id, area: 'routing', title: id, defining: [], supporting: [], contradicting: [], explains: [], preconditions: [], remediation: ['fix it'], docs: `docs/root-causes/${id}.md`, ...parts };
}

const has = (code: string) => (ep: EpisodeView) => ep.code(code);

describe('evaluateCause', () => {
  it('combines found defining checks at 0.6 and supporting at 0.2 by noisy-OR', () => {
    const fs = [finding('SIG-A', 'error'), finding('SIG-B', 'warning'), finding('SIG-C', 'error')];
    const m = model('x', {
      defining: [{ says: 'A', test: has('SIG-A') }, { says: 'D', test: has('SIG-D') }],
      supporting: [{ says: 'B', test: has('SIG-B') }, { says: 'C', test: has('SIG-C') }],
    });
    const e = evaluateCause(m, view(fs))!;
    expect(e.confidence).toBeCloseTo(1 - 0.4 * 0.8 * 0.8, 10);
    expect(e.found.map((c) => [c.says, c.role])).toEqual([['A', 'defining'], ['B', 'supporting'], ['C', 'supporting']]);
    expect(e.missing.map((c) => [c.says, c.role])).toEqual([['D', 'defining']]);
    expect(e.findings.map((f) => f.code)).toEqual(['SIG-A', 'SIG-B', 'SIG-C']); // defining first
  });

  it('caps a cause without defining evidence below 0.5, however much supports it', () => {
    const fs = ['SIG-A', 'SIG-B', 'SIG-C', 'SIG-D', 'SIG-E'].map((c) => finding(c, 'critical', { firstSeen: '2026-03-15T10:10:00Z' }));
    const m = model('x', { defining: [{ says: 'Z', test: has('SIG-Z') }], supporting: fs.map((f) => ({ says: f.code, test: has(f.code) })) });
    expect(evaluateCause(m, view(fs))!.confidence).toBe(NO_DEFINING_CAP);
  });

  it('halves the confidence for each contradiction found and reports it as against', () => {
    const fs = [finding('SIG-A', 'error'), finding('SIG-X', 'error'), finding('SIG-Y', 'error')];
    const m = model('x', { defining: [{ says: 'A', test: has('SIG-A') }], contradicting: [{ says: 'X', test: has('SIG-X') }, { says: 'Y', test: has('SIG-Y') }, { says: 'W', test: has('SIG-W') }] });
    const e = evaluateCause(m, view(fs))!;
    expect(e.confidence).toBeCloseTo(0.6 / 4, 10);
    expect(e.against.map((c) => c.says)).toEqual(['X', 'Y']);
  });

  it('cites direct evidence from a check (a config line) without a finding', () => {
    const fs = [finding('SIG-A', 'error')];
    const m = model('x', { defining: [{ says: 'A', test: (ep) => ({ findings: ep.code('SIG-A'), evidence: [{ file: 'bug-report/cluster/crs', line: 12, excerpt: 'mode: STRICT' }] }) }] });
    expect(evaluateCause(m, view(fs))!.found[0]).toEqual({ says: 'A', role: 'defining', findingIds: [fs[0]!.id], evidence: [{ file: 'bug-report/cluster/crs', line: 12, excerpt: 'mode: STRICT' }] });
  });

  it('makes no candidate from config warnings alone, but does from a timed finding or an error', () => {
    const warn = finding('IST0118', 'warning');
    const m = model('x', { defining: [{ says: 'Z', test: has('SIG-Z') }], supporting: [{ says: 'port naming', test: has('IST0118') }] });
    expect(evaluateCause(m, view([warn]))).toBeUndefined();
    const timed = finding('IST0118', 'warning', { firstSeen: '2026-03-15T10:10:00Z' });
    expect(evaluateCause(m, view([timed]))!.confidence).toBeCloseTo(0.2, 10);
  });

  it('treats a check that throws as not found', () => {
    const m = model('x', { defining: [{ says: 'boom', test: () => { throw new Error('odd input'); } }, { says: 'A', test: has('SIG-A') }] });
    expect(evaluateCause(m, view([finding('SIG-A', 'error')]))!.found.map((c) => c.says)).toEqual(['A']);
  });
});

describe('rankCauses', () => {
  const t = (m: number) => `2026-03-15T10:${String(m).padStart(2, '0')}:00Z`;

  it('puts the cause that explains another first when it started no later, and turns the other\'s findings into symptoms', () => {
    const storm = finding('SIG-CA', 'error', { firstSeen: t(19), lastSeen: t(25), resources: [pod('shop', 'a')] });
    const istiod = finding('SIG-ISTIOD', 'critical', { firstSeen: t(21), lastSeen: t(25) });
    const models = [
      model('cause-b', { defining: [{ says: 'istiod down', test: has('SIG-ISTIOD') }], supporting: [{ says: 'storm', test: has('SIG-CA') }] }),
      model('cause-a', { defining: [{ says: 'storm', test: has('SIG-CA') }], explains: ['cause-b'] }),
    ];
    const rc = rankCauses(models, view([storm, istiod]));
    expect(rc.map((r) => r.id)).toEqual(['cause-a', 'cause-b']);
    expect(rc[0]!.symptoms.map((s) => s.findingId)).toEqual([istiod.id]);
    expect(rc[1]!.confidence).toBeLessThan(0.5);
    expect(rc[1]!.summary).toContain('explained by cause-a');
  });

  it('does not let a cause explain one that started well before it', () => {
    const early = finding('SIG-ISTIOD', 'critical', { firstSeen: t(0), lastSeen: t(25) });
    const storm = finding('SIG-CA', 'error', { firstSeen: t(19), lastSeen: t(25) });
    const models = [
      model('cause-b', { defining: [{ says: 'istiod down', test: has('SIG-ISTIOD') }] }),
      model('cause-a', { defining: [{ says: 'storm', test: has('SIG-CA') }], explains: ['cause-b'] }),
    ];
    const rc = rankCauses(models, view([early, storm]));
    expect(rc.map((r) => [r.id, r.confidence >= 0.5])).toEqual([['cause-b', true], ['cause-a', true]]);
    expect(rc[1]!.symptoms).toEqual([]);
  });

  it('scores a second cause only on what the first did not claim', () => {
    const shared = finding('SIG-UF', 'error', { firstSeen: t(10) });
    const config = finding('MSH-CONFLICT', 'error');
    const own = finding('SIG-OOM', 'critical', { firstSeen: t(12) });
    const models = [
      model('first', { defining: [{ says: 'conflict', test: has('MSH-CONFLICT') }], supporting: [{ says: 'UF', test: has('SIG-UF') }] }),
      model('second', { defining: [{ says: 'UF', test: has('SIG-UF') }] }),
      model('third', { defining: [{ says: 'OOM', test: has('SIG-OOM') }] }),
    ];
    const rc = rankCauses(models, view([shared, config, own]));
    expect(rc.filter((r) => r.confidence >= 0.5).map((r) => r.id).sort()).toEqual(['first', 'third']);
    expect(rc.find((r) => r.id === 'second')!.summary).toContain('explained by first');
  });

  it('attaches later restarts and crash loops to the top cause as symptoms, never as causes', () => {
    const cause = finding('SIG-OOM', 'critical', { firstSeen: t(0), lastSeen: t(10) });
    const restarts = finding('MSH5002', 'error', { analyzer: 'status/container-restarting', firstSeen: t(1), lastSeen: t(5) });
    const rc = rankCauses([model('oom', { defining: [{ says: 'OOM', test: has('SIG-OOM') }] })], view([cause, restarts]));
    expect(rc).toHaveLength(1);
    expect(rc[0]!.symptoms).toEqual([{ findingId: restarts.id, text: restarts.message }]);
  });
});

import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../analyzers/correlate/rank.js';
import { CATALOGUE_IDS } from '../../analyzers/correlate/catalogue.js';
import type { Finding, Severity } from '../../analyzers/report/schema.js';

let n = 0;
function finding(analyzer: string, severity: Severity, rootCauses: string[], extra: Partial<Finding> = {}): Finding {
  n++;
  return {
    id: `f-${n}`, code: analyzer, analyzer, severity, title: analyzer, message: `${analyzer} message`, resources: [],
    evidence: [{ file: 'bug-report/x', line: n }], count: 1, rootCauses, ...extra,
  };
}
const pod = (name: string) => ({ kind: 'Pod', namespace: 'shop', name });

describe('rankRootCauses', () => {
  it('returns nothing without findings that name a cause', () => {
    expect(rankRootCauses([finding('status/container-restarting', 'error', [])])).toEqual([]);
  });

  it('ignores root-cause ids that are not in the catalogue', () => {
    expect(rankRootCauses([finding('x', 'error', ['made-up-cause'])])).toEqual([]);
  });

  it('counts one check once, however many pods it fired in, but widens it by the pods it touches', () => {
    const one = rankRootCauses([finding('signature/SIG-A', 'error', ['upstream-connect-failure'], { resources: [pod('a')] })]);
    const many = rankRootCauses(['a', 'b', 'c', 'd'].map((p) => finding('signature/SIG-A', 'error', ['upstream-connect-failure'], { resources: [pod(p)] })));
    expect(one[0].confidence).toBe(0.4);
    expect(many[0].confidence).toBe(0.52); // 0.4 × (1 + 0.1 × 3)
    expect(many[0].findingIds).toHaveLength(4);
  });

  it('combines independent checks by noisy-OR', () => {
    const rc = rankRootCauses([
      finding('signature/SIG-A', 'error', ['authz-denied']),
      finding('istio/authz', 'warning', ['authz-denied']),
    ]);
    expect(rc[0].confidence).toBe(0.52); // 1 − 0.6 × 0.8
  });

  it('caps a gated cause whose defining signal is missing, and says so', () => {
    const storm = ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => finding('signature/SIG-CA-001', 'error', ['external-ca-overload'], { resources: [pod(p)] }));
    const withoutGate = rankRootCauses(storm);
    expect(withoutGate[0].confidence).toBe(0.45);
    expect(withoutGate[0].summary).toContain('missing: the CA is configured externally');
    const withGate = rankRootCauses([...storm, finding('status/external-ca', 'info', ['external-ca-overload'])]);
    expect(withGate[0].confidence).toBeGreaterThan(0.5);
  });

  it('discounts an episode that ended hours before the capture', () => {
    const f = finding('signature/SIG-X', 'critical', ['istiod-unavailable'], { firstSeen: '2026-03-01T10:00:00Z', lastSeen: '2026-03-01T11:00:00Z' });
    const fresh = rankRootCauses([f], { capturedAt: '2026-03-01T11:30:00Z' });
    const stale = rankRootCauses([f], { capturedAt: '2026-03-03T11:00:00Z' });
    expect(fresh[0].confidence).toBe(0.55);
    expect(stale[0].confidence).toBe(0.3);
    expect(stale[0].summary).toContain('resolved before capture');
  });

  it('turns the signals of an explained cause into symptoms of the cause that started first', () => {
    const ca = ['a', 'b', 'c', 'd', 'e'].map((p) => finding('signature/SIG-CA-001', 'error', ['external-ca-overload'], { resources: [pod(p)], firstSeen: '2026-03-15T10:19:00Z', lastSeen: '2026-03-15T10:25:00Z' }));
    const gate = finding('status/external-ca', 'info', ['external-ca-overload']);
    const istiod503 = finding('signature/SIG-EV-ISTIOD', 'error', ['istiod-unavailable'], { firstSeen: '2026-03-15T10:21:00Z', lastSeen: '2026-03-15T10:25:00Z' });
    const webhook = finding('signature/SIG-EV-WEBHOOK', 'error', ['istiod-unavailable', 'injection-webhook-failure'], { firstSeen: '2026-03-15T10:22:00Z', lastSeen: '2026-03-15T10:25:00Z' });
    const rc = rankRootCauses([...ca, gate, istiod503, webhook], { capturedAt: '2026-03-15T10:26:00Z' });
    expect(rc[0].id).toBe('external-ca-overload');
    const istiod = rc.find((r) => r.id === 'istiod-unavailable')!;
    expect(istiod.confidence).toBeLessThan(0.5);
    expect(istiod.summary).toContain('its signals are explained by external-ca-overload');
    expect(rc[0].symptoms.map((s) => s.findingId)).toEqual(expect.arrayContaining([istiod503.id, webhook.id]));
  });

  it('splits the weight of a finding that supports several causes', () => {
    const shared = finding('signature/SIG-S', 'error', ['upstream-connect-failure', 'mtls-mode-conflict', 'network-policy-blocking', 'connection-pool-overflow']);
    expect(rankRootCauses([shared])[0].confidence).toBe(0.2); // 0.4 / √4
  });

  it('scores a second cause only on evidence the first cause did not explain', () => {
    const shared = ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => finding('signature/SIG-UF', 'error', ['upstream-connect-failure', 'mtls-mode-conflict'], { resources: [pod(p)] }));
    const config = finding('mesh/mtls-conflict', 'error', ['mtls-mode-conflict']);
    const rc = rankRootCauses([...shared, config]);
    expect(rc[0].id).toBe('mtls-mode-conflict');
    expect(rc[0].confidence).toBeGreaterThanOrEqual(0.5);
    const other = rc.find((r) => r.id === 'upstream-connect-failure')!;
    expect(other.confidence).toBeLessThan(0.5);
    expect(other.summary).toContain('its signals are explained by mtls-mode-conflict');
    const independent = finding('signature/SIG-OOM', 'critical', ['sidecar-resource-exhaustion'], { resources: [pod('x')] });
    const both = rankRootCauses([...shared, config, independent, finding('status/container-oomkilled', 'error', ['sidecar-resource-exhaustion'])]);
    expect(both.filter((r) => r.confidence >= 0.5).map((r) => r.id).sort()).toEqual(['mtls-mode-conflict', 'sidecar-resource-exhaustion']);
  });

  it('does not let a cause explain one that started well before it', () => {
    const early = finding('signature/SIG-EV-ISTIOD', 'critical', ['istiod-unavailable'], { firstSeen: '2026-03-15T09:00:00Z', lastSeen: '2026-03-15T10:25:00Z' });
    const ca = ['a', 'b', 'c', 'd', 'e'].map((p) => finding('signature/SIG-CA-001', 'error', ['external-ca-overload'], { resources: [pod(p)], firstSeen: '2026-03-15T10:19:00Z', lastSeen: '2026-03-15T10:25:00Z' }));
    const rc = rankRootCauses([early, ...ca, finding('status/external-ca', 'info', ['external-ca-overload'])], { capturedAt: '2026-03-15T10:26:00Z' });
    expect(rc.find((r) => r.id === 'istiod-unavailable')!.summary).not.toContain('symptom of');
  });

  it('attaches later restarts to the top cause as symptoms, never as a cause', () => {
    const cause = finding('signature/SIG-OOM', 'critical', ['sidecar-resource-exhaustion'], { firstSeen: '2026-03-15T10:00:00Z', lastSeen: '2026-03-15T10:10:00Z' });
    const restarts = finding('status/container-restarting', 'error', [], { firstSeen: '2026-03-15T10:01:00Z', lastSeen: '2026-03-15T10:05:00Z' });
    const rc = rankRootCauses([cause, restarts], { capturedAt: '2026-03-15T10:11:00Z' });
    expect(rc).toHaveLength(1);
    expect(rc[0].symptoms).toEqual([{ findingId: restarts.id, text: restarts.message }]);
  });

  it('only ever names catalogue causes', () => {
    const rc = rankRootCauses([...CATALOGUE_IDS].map((id) => finding(`x/${id}`, 'error', [id])));
    expect(rc.every((r) => CATALOGUE_IDS.has(r.id))).toBe(true);
    expect(rc).toHaveLength(CATALOGUE_IDS.size);
  });
});

/**
 * The timeline's lanes (renderer/src/timeline/lanes.ts) on the engine's own timelines: CA work in the CA lane
 * (samples/ca-overload, where the report names external-ca-overload), and a crash-loop whose signature merely lists a CA cause among others in its own
 * component's lane (samples/ambient-native-sidecar: the OOM-killed istio-proxy's BackOff is not CA work).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';
import { caFindingIds, laneOf } from '../../renderer/src/timeline/lanes.js';

let ca: Report;
let ambient: Report;
beforeAll(async () => {
  [ca, ambient] = await Promise.all([analyzePath('samples/ca-overload'), analyzePath('samples/ambient-native-sidecar')]);
}, 60_000);

const lanes = (r: Report, code: string) => {
  const byId = new Map(r.findings.map((f) => [f.id, f]));
  const ca = caFindingIds(r.rootCauses);
  return [...new Set(r.timeline.filter((it) => it.findingId && byId.get(it.findingId)?.code === code).map((it) => laneOf(it, byId.get(it.findingId!), ca)))];
};

describe('timeline lanes', () => {
  it('puts the ca-overload sample\'s pilot-agent aborts (SIG-CA-002, CA or istiod) in the CA lane: they are findings of the CA cause the report names', () => {
    expect(lanes(ca, 'SIG-CA-002')).toEqual(['CA / certificates']);
  });

  it('keeps a crash-loop (SIG-K8S-001, which lists external-ca-overload among four causes) out of the CA lane', () => {
    const k8s001 = ambient.findings.find((f) => f.code === 'SIG-K8S-001')!;
    expect(k8s001.rootCauses).toContain('external-ca-overload');
    const got = lanes(ambient, 'SIG-K8S-001');
    expect(got.length).toBeGreaterThan(0);
    expect(got).not.toContain('CA / certificates');
  });
});

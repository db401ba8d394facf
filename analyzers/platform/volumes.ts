/**
 * PersistentVolumeClaims that do not bind (MSH7007): claims in phase Pending, and the PV controller's events on
 * claims, `FailedBinding` ("no persistent volumes available for this claim and no storage class is set") and
 * `ProvisioningFailed` ("storageclass.storage.k8s.io "x" not found", "failed to provision volume with StorageClass
 * …"), kubernetes `pkg/controller/volume/persistentvolume`.
 */
import type { BundleModel } from '../model/bundle.js';
import type { Finding } from '../model/finding.js';
import { makeFinding } from '../model/finding.js';
import { dominant, ev } from '../status/common.js';
import { PLATFORM_CHECKS } from './checks.js';
import { groupEvents, ns, oneLine, severityFor, summarize } from './common.js';

const PVC_REASONS = new Set(['FailedBinding', 'ProvisioningFailed']);

/** MSH7007: one finding per namespace. */
export function unboundClaims(model: BundleModel): Finding[] {
  const groups = groupEvents(model.events, (e) => (e.object?.kind === 'PersistentVolumeClaim' && e.type === 'Warning' && PVC_REASONS.has(e.reason) ? ns(e) : undefined));
  const pending = model.resources.filter((r) => r.kind === 'PersistentVolumeClaim' && r.obj.status?.phase === 'Pending');
  for (const c of pending) if (!groups.has(c.namespace ?? '')) groups.set(c.namespace ?? '', []);
  return [...groups].map(([namespace, list]) => {
    const s = summarize(list);
    const stuck = pending.filter((c) => (c.namespace ?? '') === namespace);
    const claims = new Set([...s.objects.map((o) => o.name), ...stuck.map((c) => c.name)]);
    return makeFinding(PLATFORM_CHECKS.pvcUnbound, namespace, {
      severity: severityFor('error', s.last, model.capturedAt, stuck.length > 0),
      data: { namespace, claims: claims.size, reason: dominant(list.map((e) => e.reason)) ?? 'Pending', count: s.count, message: oneLine(list[list.length - 1]?.message ?? 'claim Pending') },
      resources: [...claims].map((name) => ({ kind: 'PersistentVolumeClaim', namespace, name })),
      evidence: [...stuck.slice(0, 2).map((c) => ev(c, `PersistentVolumeClaim ${namespace}/${c.name}: phase Pending`)), ...s.evidence],
      count: Math.max(s.count, claims.size),
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    });
  });
}

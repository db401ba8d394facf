/**
 * Nodes and what they do to pods: NotReady (MSH7004), memory/disk/PID pressure (MSH7005), evictions (MSH7006).
 * Sources: Node `status.conditions` (Ready, MemoryPressure, DiskPressure, PIDPressure; from YAML or `kubectl
 * describe nodes`), node-lifecycle controller events `NodeNotReady` ("Node X status is now: NodeNotReady"), kubelet
 * node events `NodeHasDiskPressure`/`NodeHasInsufficientMemory`/`NodeHasInsufficientPID`, eviction manager
 * `EvictionThresholdMet` ("Attempting to reclaim memory") and `Evicted` on pods ("The node was low on resource:
 * memory. …"), and evicted pods' own `status.reason: Evicted`.
 */
import type { BundleModel } from '../model/bundle.js';
import type { KubeEvent } from '../model/events.js';
import type { Evidence, Finding } from '../model/finding.js';
import { makeFinding, timeRange } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import { ev } from '../status/common.js';
import { PLATFORM_CHECKS } from './checks.js';
import { groupEvents, ns, oneLine, severityFor, summarize } from './common.js';

interface Condition { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }

function conditions(node: Resource): Condition[] {
  const c = node.obj.status?.conditions;
  return Array.isArray(c) ? c.filter((x): x is Condition => typeof x?.type === 'string' && typeof x?.status === 'string') : [];
}

const nodeName = (e: KubeEvent): string | undefined => (e.object?.kind === 'Node' ? e.object.name : undefined);

/** MSH7004: nodes whose Ready condition is not True now, or that went NotReady in the events. */
export function nodeNotReady(model: BundleModel): Finding[] {
  const nodes = model.resources.filter((r) => r.kind === 'Node');
  const events = groupEvents(model.events, (e) => (e.reason === 'NodeNotReady' && nodeName(e) ? nodeName(e) : undefined));
  const names = new Set([...nodes.filter((n) => conditions(n).some((c) => c.type === 'Ready' && c.status !== 'True')).map((n) => n.name), ...events.keys()]);
  return [...names].map((node) => {
    const r = nodes.find((n) => n.name === node);
    const ready = r ? conditions(r).find((c) => c.type === 'Ready') : undefined;
    const notReadyNow = ready !== undefined && ready.status !== 'True';
    const s = summarize(events.get(node) ?? []);
    const evidence: Evidence[] = [...(r && ready ? [ev(r, `Node ${node}: Ready=${ready.status}${ready.reason ? ` (${ready.reason})` : ''}${ready.message ? `: ${oneLine(ready.message, 160)}` : ''}`, ready.lastTransitionTime)] : []), ...s.evidence];
    const data = {
      node, status: notReadyNow ? (ready!.status === 'Unknown' ? 'Unknown' : 'NotReady') : 'Ready now',
      reason: (notReadyNow ? ready!.reason : undefined) ?? (s.count ? 'NodeNotReady events' : 'not given'),
      since: (notReadyNow ? ready!.lastTransitionTime : s.first) ?? '-', count: s.count,
      message: oneLine((notReadyNow ? ready!.message : undefined) ?? events.get(node)?.[0]?.message ?? ''),
    };
    const times = timeRange([s.first, s.last, notReadyNow ? ready!.lastTransitionTime : undefined]);
    return makeFinding(PLATFORM_CHECKS.nodeNotReady, node, {
      severity: notReadyNow ? 'error' : 'warning', data, resources: [{ kind: 'Node', name: node }], evidence, count: Math.max(s.count, 1),
      ...(times.first ? { firstSeen: times.first } : {}), ...(times.last ? { lastSeen: times.last } : {}),
    });
  });
}

const PRESSURES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure']);
const PRESSURE_EVENTS: Record<string, string> = { NodeHasDiskPressure: 'DiskPressure', NodeHasInsufficientMemory: 'MemoryPressure', NodeHasInsufficientPID: 'PIDPressure' };

function pressureOfEvent(e: KubeEvent): string | undefined {
  if (!nodeName(e)) return undefined;
  if (PRESSURE_EVENTS[e.reason]) return PRESSURE_EVENTS[e.reason];
  if (e.reason !== 'EvictionThresholdMet') return undefined;
  const what = /reclaim (\S+)/.exec(e.message)?.[1] ?? '';
  return /memory/.test(what) ? 'MemoryPressure' : /pid/i.test(what) ? 'PIDPressure' : 'DiskPressure';
}

/** MSH7005: one finding per (node, pressure), from conditions True now and pressure events. */
export function nodePressure(model: BundleModel): Finding[] {
  const nodes = model.resources.filter((r) => r.kind === 'Node');
  const events = groupEvents(model.events, (e) => {
    const p = pressureOfEvent(e);
    return p ? `${nodeName(e)}\u0000${p}` : undefined;
  });
  for (const n of nodes) {
    for (const c of conditions(n)) {
      if (PRESSURES.has(c.type) && c.status === 'True' && !events.has(`${n.name}\u0000${c.type}`)) events.set(`${n.name}\u0000${c.type}`, []);
    }
  }
  return [...events].map(([key, list]) => {
    const [node, pressure] = key.split('\u0000');
    const r = nodes.find((n) => n.name === node);
    const cond = r ? conditions(r).find((c) => c.type === pressure && c.status === 'True') : undefined;
    const s = summarize(list);
    const evidence = [...(r && cond ? [ev(r, `Node ${node}: ${pressure}=True${cond.reason ? ` (${cond.reason})` : ''}`, cond.lastTransitionTime)] : []), ...s.evidence];
    const times = timeRange([s.first, s.last, cond?.lastTransitionTime]);
    return makeFinding(PLATFORM_CHECKS.nodePressure, key, {
      severity: cond ? 'error' : 'warning',
      data: { node, pressure, count: s.count + (cond ? 1 : 0), message: oneLine(cond?.message ?? list[list.length - 1]?.message ?? pressure) },
      resources: [{ kind: 'Node', name: node }], evidence, count: Math.max(s.count, 1),
      ...(times.first ? { firstSeen: times.first } : {}), ...(times.last ? { lastSeen: times.last } : {}),
    });
  });
}

const LOW_ON = /low on resource: ([\w-]+)/;

/** MSH7006: one finding per (namespace, resource the node ran low on). */
export function evictions(model: BundleModel): Finding[] {
  const groups = groupEvents(model.events, (e) => (e.reason === 'Evicted' && e.object?.kind === 'Pod' ? `${ns(e)}\u0000${LOW_ON.exec(e.message)?.[1] ?? 'a resource'}` : undefined));
  const evictedPods = model.resources.filter((r) => r.kind === 'Pod' && r.obj.status?.reason === 'Evicted');
  for (const p of evictedPods) {
    const k = `${p.namespace ?? ''}\u0000${LOW_ON.exec(String(p.obj.status?.message ?? ''))?.[1] ?? 'a resource'}`;
    if (!groups.has(k)) groups.set(k, []);
  }
  return [...groups].map(([key, list]) => {
    const [namespace, resource] = key.split('\u0000');
    const s = summarize(list);
    const stuck = evictedPods.filter((p) => (p.namespace ?? '') === namespace && (LOW_ON.exec(String(p.obj.status?.message ?? ''))?.[1] ?? 'a resource') === resource);
    const pods = new Set([...s.objects.map((o) => o.name), ...stuck.map((p) => p.name)]);
    return makeFinding(PLATFORM_CHECKS.evicted, key, {
      severity: severityFor('warning', s.last, model.capturedAt),
      data: { namespace, resource, pods: pods.size, count: Math.max(s.count, stuck.length), message: oneLine(list[list.length - 1]?.message ?? String(stuck[0]?.obj.status?.message ?? 'Evicted')) },
      resources: [...pods].map((name) => ({ kind: 'Pod', namespace, name })),
      evidence: [...stuck.slice(0, 2).map((p) => ev(p, `${namespace}/${p.name}: phase ${p.obj.status?.phase ?? '?'}, reason Evicted`)), ...s.evidence],
      count: Math.max(s.count, pods.size),
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    });
  });
}

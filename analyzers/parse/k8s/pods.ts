/**
 * Pod status (`status.containerStatuses`, `status.initContainerStatuses`, conditions) → the summaries and
 * container state changes the correlator works with. Source: Kubernetes core/v1 PodStatus, ContainerStatus.
 */
import type { Resource } from '../../model/k8s.js';
import { type ContainerStateChange, type PodStatusSummary, workloadOf } from '../../model/pods.js';
import type { SourceRef } from '../../model/source.js';
import { normalizeTime } from './age.js';
import { locateField } from './locate.js';

const SIDECAR = 'istio-proxy';

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: Record<string, any>;
  lastState?: Record<string, any>;
}

function list(v: unknown): ContainerStatus[] {
  return Array.isArray(v) ? v.filter((x): x is ContainerStatus => typeof x === 'object' && x !== null && typeof x.name === 'string') : [];
}

function names(v: unknown): Array<{ name: string; restartPolicy?: string }> {
  return Array.isArray(v) ? v.filter((c) => typeof c?.name === 'string') : [];
}

/** The line of `status.<field>[i]` when the pod's text is kept (or its describe text recorded it); the pod's own line otherwise. */
function statusSource(r: Resource, field: string, i: number): SourceRef {
  const path = `status.${field}[${i}]`;
  const line = r.fieldLines?.[path] ?? (r.text && r.source.line !== undefined ? locateField(r.text, r.source.line, path) : undefined);
  return line !== undefined ? { file: r.source.file, line } : r.source;
}

function terminated(t: Record<string, any>, base: Omit<ContainerStateChange, 'state' | 'source'>, source: SourceRef): ContainerStateChange {
  const c: ContainerStateChange = { ...base, state: 'terminated', source };
  if (typeof t.reason === 'string') c.reason = t.reason;
  if (typeof t.exitCode === 'number') c.exitCode = t.exitCode;
  if (typeof t.signal === 'number' && t.signal > 0) c.signal = t.signal;
  if (typeof t.message === 'string') c.message = t.message;
  const finished = normalizeTime(t.finishedAt);
  const started = normalizeTime(t.startedAt);
  if (finished) c.time = finished;
  if (started) c.startedAt = started;
  return c;
}

/** Changes of one container status: last termination, current termination / waiting / running start. */
function changes(r: Resource, s: ContainerStatus, init: boolean, nativeSidecar: boolean, field: string, i: number): ContainerStateChange[] {
  const base = { namespace: r.namespace ?? '', pod: r.name, container: s.name!, init, nativeSidecar, restartCount: Number(s.restartCount) || 0 };
  const out: ContainerStateChange[] = [];
  const last = s.lastState?.terminated;
  const state = s.state ?? {};
  const notable = Boolean(last) || Boolean(state.waiting) || (state.terminated && state.terminated.reason !== 'Completed');
  const source = notable ? statusSource(r, field, i) : r.source;
  if (last) out.push(terminated(last, base, source));
  if (state.terminated) out.push(terminated(state.terminated, base, source));
  if (state.waiting) {
    const w: ContainerStateChange = { ...base, state: 'waiting', source };
    if (typeof state.waiting.reason === 'string') w.reason = state.waiting.reason;
    if (typeof state.waiting.message === 'string') w.message = state.waiting.message;
    out.push(w);
  }
  const started = normalizeTime(state.running?.startedAt);
  if (started) out.push({ ...base, state: 'started', time: started, startedAt: started, source });
  return out;
}

/** The controlling owner reference (`controller: true`), else the first one. */
function ownerOf(r: Resource): { kind: string; name: string } | undefined {
  const refs = Array.isArray(r.obj.metadata.ownerReferences) ? r.obj.metadata.ownerReferences.filter((o) => typeof o?.kind === 'string' && typeof o?.name === 'string') : [];
  const o = refs.find((x) => x.controller === true) ?? refs[0];
  return o ? { kind: o.kind, name: o.name } : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Why a pod that is not Ready is not: see `PodStatusSummary.notReadyReason`. */
function notReadyReason(status: Record<string, any>, statuses: ReadonlyArray<ContainerStatus & { prefix: string }>): string | undefined {
  const conds: any[] = Array.isArray(status.conditions) ? status.conditions : [];
  const cond = (type: string) => conds.find((c) => c?.type === type);
  if (str(status.reason)) return status.reason;
  if (cond('PodScheduled')?.status === 'False') return str(cond('PodScheduled').reason) ?? 'not scheduled';
  for (const s of statuses) {
    const why = str(s.state?.waiting?.reason) ?? (s.state?.terminated && s.state.terminated.reason !== 'Completed' ? str(s.state.terminated.reason) : undefined);
    if (why) return s.prefix + why;
  }
  for (const s of statuses) if (s.ready === false && s.state?.running) return `${s.name} not ready`;
  return str(cond('Ready')?.reason) ?? str(status.phase);
}

/**
 * Status of a Pod resource; undefined for other kinds. `ready` is the `Ready` condition; `hasSidecar` is an
 * `istio-proxy` container or init container (native sidecar). `containers` lists the regular containers and
 * the native-sidecar init containers (`restartPolicy: Always`), which run for the pod's life.
 * `owner` is the controlling ownerReference and `workload` the Deployment/DaemonSet/StatefulSet it stands for.
 * Container state changes cite the line of their `status.containerStatuses[i]` entry when the pod's text is
 * kept and the container terminated or waits; other states cite the pod.
 */
export function podStatus(r: Resource): { summary: PodStatusSummary; changes: ContainerStateChange[] } | undefined {
  if (r.kind !== 'Pod') return undefined;
  const spec = r.obj.spec ?? {};
  const status = r.obj.status ?? {};
  const initSpecs = names(spec.initContainers);
  const nativeSidecars = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const regular = list(status.containerStatuses);
  const inits = list(status.initContainerStatuses);
  const owner = ownerOf(r);
  const ready = Array.isArray(status.conditions) && status.conditions.some((c: any) => c?.type === 'Ready' && c?.status === 'True');
  const summary: PodStatusSummary = {
    namespace: r.namespace ?? '',
    name: r.name,
    ready,
    workload: workloadOf(r.name, owner, r.obj.metadata.labels?.['pod-template-hash']),
    hasSidecar: [...names(spec.containers), ...initSpecs].some((c) => c.name === SIDECAR),
    containers: [...regular, ...inits.filter((s) => nativeSidecars.has(s.name!))].map((s) => {
      const c: PodStatusSummary['containers'][number] = { name: s.name!, ready: s.ready === true, restartCount: Number(s.restartCount) || 0 };
      if (typeof s.state?.waiting?.reason === 'string') c.waitingReason = s.state.waiting.reason;
      if (typeof s.lastState?.terminated?.reason === 'string') c.lastTerminatedReason = s.lastState.terminated.reason;
      if (nativeSidecars.has(s.name!)) c.nativeSidecar = true;
      return c;
    }),
    source: r.source,
  };
  if (typeof status.phase === 'string') summary.phase = status.phase;
  const created = normalizeTime(r.obj.metadata.creationTimestamp);
  if (created) summary.createdAt = created;
  const started = normalizeTime(status.startTime);
  if (started) summary.startedAt = started;
  if (str(spec.nodeName)) summary.nodeName = spec.nodeName;
  if (owner) summary.owner = owner;
  if (!ready && status.phase !== 'Succeeded') {
    // As kubectl prints it: a failing init container first (`Init:CrashLoopBackOff`), then sidecars and containers.
    const why = notReadyReason(status, [
      ...inits.filter((s) => !nativeSidecars.has(s.name!)).map((s) => ({ ...s, prefix: 'Init:' })),
      ...[...inits.filter((s) => nativeSidecars.has(s.name!)), ...regular].map((s) => ({ ...s, prefix: '' })),
    ]);
    if (why) summary.notReadyReason = why;
  }
  const out = [
    ...regular.flatMap((s, i) => changes(r, s, false, false, 'containerStatuses', i)),
    ...inits.flatMap((s, i) => changes(r, s, true, nativeSidecars.has(s.name!), 'initContainerStatuses', i)),
  ];
  return { summary, changes: out };
}

/**
 * Pod status (`status.containerStatuses`, `status.initContainerStatuses`, conditions) → the summaries and
 * container state changes the correlator works with. Source: Kubernetes core/v1 PodStatus, ContainerStatus.
 */
import type { Resource } from '../../model/k8s.js';
import type { ContainerStateChange, PodStatusSummary } from '../../model/pods.js';
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

/** The line of `status.<field>[i]` when the pod's text is kept; the pod's own line otherwise. */
function statusSource(r: Resource, field: string, i: number): SourceRef {
  const line = r.text && r.source.line !== undefined ? locateField(r.text, r.source.line, `status.${field}[${i}]`) : undefined;
  return line !== undefined ? { file: r.source.file, line } : r.source;
}

function terminated(t: Record<string, any>, base: Omit<ContainerStateChange, 'state' | 'source'>, source: SourceRef): ContainerStateChange {
  const c: ContainerStateChange = { ...base, state: 'terminated', source };
  if (typeof t.reason === 'string') c.reason = t.reason;
  if (typeof t.exitCode === 'number') c.exitCode = t.exitCode;
  if (typeof t.message === 'string') c.message = t.message;
  const finished = normalizeTime(t.finishedAt);
  const started = normalizeTime(t.startedAt);
  if (finished) c.time = finished;
  if (started) c.startedAt = started;
  return c;
}

/** Changes of one container status: last termination, current termination / waiting / running start. */
function changes(r: Resource, s: ContainerStatus, init: boolean, field: string, i: number): ContainerStateChange[] {
  const base = { namespace: r.namespace ?? '', pod: r.name, container: s.name!, init, restartCount: Number(s.restartCount) || 0 };
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

/**
 * Status of a Pod resource; undefined for other kinds. `ready` is the `Ready` condition; `hasSidecar` is an
 * `istio-proxy` container or init container (native sidecar). `containers` lists the regular containers and
 * the native-sidecar init containers (`restartPolicy: Always`), which run for the pod's life.
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
  const summary: PodStatusSummary = {
    namespace: r.namespace ?? '',
    name: r.name,
    ready: Array.isArray(status.conditions) && status.conditions.some((c: any) => c?.type === 'Ready' && c?.status === 'True'),
    hasSidecar: [...names(spec.containers), ...initSpecs].some((c) => c.name === SIDECAR),
    containers: [...regular, ...inits.filter((s) => nativeSidecars.has(s.name!))].map((s) => {
      const c: PodStatusSummary['containers'][number] = { name: s.name!, ready: s.ready === true, restartCount: Number(s.restartCount) || 0 };
      if (typeof s.state?.waiting?.reason === 'string') c.waitingReason = s.state.waiting.reason;
      if (typeof s.lastState?.terminated?.reason === 'string') c.lastTerminatedReason = s.lastState.terminated.reason;
      return c;
    }),
    source: r.source,
  };
  if (typeof status.phase === 'string') summary.phase = status.phase;
  const created = normalizeTime(r.obj.metadata.creationTimestamp);
  if (created) summary.createdAt = created;
  const out = [
    ...regular.flatMap((s, i) => changes(r, s, false, 'containerStatuses', i)),
    ...inits.flatMap((s, i) => changes(r, s, true, 'initContainerStatuses', i)),
  ];
  return { summary, changes: out };
}

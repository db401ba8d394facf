import type { KubeEvent } from '../model/events.js';
import type { LogFileMeta, ParsedLogLine } from '../model/logs.js';
import { workloadOf } from '../model/pods.js';
import type { SignatureDef } from './types.js';

/** What a signature captured from one line: named groups and builtin group values. */
export interface LineMatch {
  captures: Record<string, string>;
  values: Record<string, string>;
}

function groupsOf(m: RegExpExecArray | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (m?.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) out[k] = v;
  return out;
}

const workloads = new Map<string, string>();

/**
 * `namespace/workload` of a `namespace/pod` (or bare pod name) key: model/pods.ts workloadOf, the pod name without
 * the generated suffixes of a Deployment, DaemonSet, StatefulSet or Job pod. Interned (a bounded cache): every hit
 * of a pod gets the same string, and the suffix rules run once per pod.
 */
export function workloadKey(pod: string): string {
  let w = workloads.get(pod);
  if (w === undefined) {
    const i = pod.indexOf('/');
    w = i < 0 ? workloadOf(pod) : `${pod.slice(0, i + 1)}${workloadOf(pod.slice(i + 1))}`;
    if (workloads.size > 100_000) workloads.clear();
    workloads.set(pod, w);
  }
  return w;
}

/** `namespace/pod` of a log file, or its path when the file names no pod. */
export function podKey(meta: LogFileMeta): string | undefined {
  if (meta.pod === undefined) return undefined;
  return meta.namespace !== undefined ? `${meta.namespace}/${meta.pod}` : meta.pod;
}

/**
 * Does `def` match this parsed line? The literal prefilter was already checked on the raw bytes;
 * this checks levels, `unless`, the access-log matcher and the regex (run on `parsed.msg`).
 * `text` is the whole decoded line (for `unless.any`).
 */
export function matchLine(def: SignatureDef, text: string, parsed: ParsedLogLine, meta: LogFileMeta): LineMatch | undefined {
  const m = def.match;
  if (m.levels && (parsed.level === undefined || !m.levels.includes(parsed.level))) return undefined;
  if (def.unless && (def.unless.any.some((l) => text.includes(l)) || def.unless.regex?.test(parsed.msg))) return undefined;
  const a = parsed.access;
  let flags: string | undefined;
  if (m.access) {
    if (!a) return undefined;
    if (m.access.codes && !m.access.codes.includes(a.responseCode)) return undefined;
    if (m.access.flags) {
      const hit = a.responseFlags.filter((f) => m.access!.flags!.includes(f));
      if (hit.length === 0) return undefined;
      flags = hit.join(',');
    }
    if (m.access.details && !(a.responseCodeDetails !== undefined && m.access.details.test(a.responseCodeDetails))) return undefined;
  }
  let captures: Record<string, string> = {};
  if (m.regex) {
    const r = m.regex.exec(parsed.msg);
    if (!r) return undefined;
    captures = groupsOf(r);
  }
  // A line's own prefix (stern, kubectl --prefix) names its pod better than a pasted file does.
  const pod = parsed.pod !== undefined ? (meta.namespace !== undefined ? `${meta.namespace}/${parsed.pod}` : parsed.pod) : undefined;
  const podValue = pod ?? podKey(meta) ?? meta.file;
  const values: Record<string, string> = {
    pod: podValue,
    // a file that names no pod is its own workload
    workload: pod !== undefined || meta.pod !== undefined ? workloadKey(podValue) : podValue,
    namespace: meta.namespace ?? '-',
    container: parsed.container ?? meta.container ?? '-',
    file: meta.file,
    scope: parsed.scope ?? '-',
    level: parsed.level ?? '-',
  };
  if (a) {
    // Counted per episode (not grouped by): what the failure was (`{connection_failure,delayed_connect_error:_111}`, TLS errors).
    if (a.responseCodeDetails && a.responseCodeDetails !== '-') captures['details'] ??= a.responseCodeDetails;
    if (a.upstreamTransportFailureReason && a.upstreamTransportFailureReason !== '-') captures['transportFailure'] ??= a.upstreamTransportFailureReason;
    values['upstreamCluster'] = a.upstreamCluster ?? '-';
    values['responseFlag'] = flags ?? (a.responseFlags.join(',') || '-');
    values['responseCode'] = String(a.responseCode);
    values['authority'] = a.authority ?? '-';
    values['routeName'] = a.routeName ?? '-';
  }
  return { captures, values };
}

/** The text k8s-event signatures match: `reason: message`. */
export function eventText(e: Pick<KubeEvent, 'reason' | 'message'>): string {
  return `${e.reason}: ${e.message}`;
}

/** Does `def` (component k8s-event) match this event? Checks event fields, literals and the regex. */
export function matchEvent(def: SignatureDef, e: KubeEvent): LineMatch | undefined {
  const m = def.match;
  const ev = m.event;
  const text = eventText(e);
  if (ev) {
    if (ev.type !== undefined && e.type !== ev.type) return undefined;
    if (ev.reasons && !ev.reasons.includes(e.reason)) return undefined;
    if (ev.objectKinds && !(e.object && ev.objectKinds.includes(e.object.kind))) return undefined;
    // An event without an object (a `kubectl describe` row pasted without its header) is tested as '', like the sub-object.
    if (ev.objectName && !ev.objectName.test(e.object?.name ?? '')) return undefined;
    // An event without a sub-object is tested as '' (so `^$` selects events that name none, e.g. `kubectl describe` rows).
    if (ev.subobject && !ev.subobject.test(e.subobject ?? '')) return undefined;
  }
  if (m.any.length > 0 && !m.any.some((l) => text.includes(l))) return undefined;
  if (def.unless && (def.unless.any.some((l) => text.includes(l)) || def.unless.regex?.test(text))) return undefined;
  let captures: Record<string, string> = {};
  if (m.regex) {
    const r = m.regex.exec(text);
    if (!r) return undefined;
    captures = groupsOf(r);
  }
  const o = e.object;
  const objectKey = o ? `${o.kind}/${o.name}` : '-';
  const pod = o ? (o.kind === 'Pod' ? `${o.namespace ?? e.namespace ?? ''}/${o.name}`.replace(/^\//, '') : objectKey) : e.source.file;
  const values: Record<string, string> = {
    pod,
    workload: o?.kind === 'Pod' ? workloadKey(pod) : pod,
    namespace: o?.namespace ?? e.namespace ?? '-',
    container: /\{([^}]+)\}/.exec(e.subobject ?? '')?.[1] ?? '-',
    file: e.source.file,
    object: objectKey,
    reason: e.reason,
    scope: e.sourceComponent ?? '-',
    level: e.type === 'Warning' ? 'warn' : 'info',
  };
  return { captures, values };
}

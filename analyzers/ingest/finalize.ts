/**
 * The steps of the load that need the whole pass: capture time (DESIGN.md "Capture time"), relative event ages
 * resolved against it, events and pod status derived from the resources.
 */
import type { KubeEvent } from '../model/events.js';
import type { Resource } from '../model/k8s.js';
import type { ContainerStateChange, PodStatusSummary } from '../model/pods.js';
import type { LogFileSummary } from '../parse/logs/sink.js';
import type { CapturedAtSource } from '../model/bundle.js';
import { rfc3339 } from '../parse/k8s/age.js';
import { eventFromResource, resolveTableEvents, type TableEvent } from '../parse/k8s/events.js';
import { podStatus } from '../parse/k8s/pods.js';

export interface CaptureInputs {
  /** Newest tar entry mtime (ms since the epoch), when the container is a tar. */
  newestEntryMtimeMs?: number;
  logs: readonly LogFileSummary[];
  /** Newest timestamp in istioctl's `bug-report.log` (RFC3339). */
  bugReportLogTime?: string;
  /** The end of an OpenShift must-gather, from its `timestamp` file (RFC3339). */
  mustGatherTime?: string;
}

/**
 * capturedAt, in order of trust: the end of a must-gather as `oc adm must-gather` recorded it in `timestamp`;
 * else the newest archive entry mtime (a tar records when each file was written, which is when the bundle was
 * captured); else the newest log timestamp (lastTime of the log summaries); else the newest `bug-report.log`
 * time; else none.
 */
export function captureTime(c: CaptureInputs): { capturedAt?: string; capturedAtSource: CapturedAtSource } {
  if (c.mustGatherTime) return { capturedAt: c.mustGatherTime, capturedAtSource: 'must-gather-timestamp' };
  if (c.newestEntryMtimeMs !== undefined) return { capturedAt: rfc3339(c.newestEntryMtimeMs), capturedAtSource: 'archive-mtime' };
  // A log whose newest line is more than a day past every other clue (other logs, bug-report.log) has a bad
  // clock or a forged line: it does not set the capture time (timeWarnings flags it).
  const last = c.logs.map((l) => (l.lastTime ? Date.parse(l.lastTime) : NaN)).filter((t) => !Number.isNaN(t)).sort((a, b) => b - a);
  const others = [...last.slice(1), ...(c.bugReportLogTime ? [Date.parse(c.bugReportLogTime)] : [])].filter((t) => !Number.isNaN(t));
  const newest = last[0] !== undefined && others.length && last[0] - Math.max(...others) > DAY_MS ? last[1] : last[0];
  if (newest !== undefined) return { capturedAt: rfc3339(newest), capturedAtSource: 'newest-log' };
  if (c.bugReportLogTime) return { capturedAt: c.bugReportLogTime, capturedAtSource: 'bug-report-log' };
  return { capturedAtSource: 'none' };
}

const DAY_MS = 86_400_000;
/** Earliest log time taken at face value: no mesh ran before 2010; 1970 is a zeroed clock. */
const EARLIEST_MS = Date.UTC(2010, 0, 1);

/**
 * Warnings for log files whose times cannot be right: lines more than a day after the capture time, or
 * before 2010 (a zeroed clock prints 1970). The times are kept as written; the warning says not to trust them.
 */
export function timeWarnings(logs: readonly LogFileSummary[], capturedAt: string | undefined): Array<{ file: string; message: string }> {
  const cap = capturedAt ? Date.parse(capturedAt) : NaN;
  const out: Array<{ file: string; message: string }> = [];
  for (const l of logs) {
    if (l.lastTime && Date.parse(l.lastTime) - cap > DAY_MS) out.push({ file: l.meta.file, message: `log times run to ${l.lastTime}, after the capture time ${capturedAt}: a wrong clock or a forged line; they did not set the capture time` });
    if (l.firstTime && Date.parse(l.firstTime) < EARLIEST_MS) out.push({ file: l.meta.file, message: `log times start at ${l.firstTime}, before 2010: a reset clock; those lines are kept but their times are not trustworthy` });
  }
  return out;
}

/**
 * The newest time in a must-gather `timestamp` file: Go's `time.Now()` printed with `%v` at the start and the end
 * of the gather (`2024-05-10 09:12:01.123456789 +0000 UTC m=+0.012`), as RFC3339 UTC.
 */
export function mustGatherEndTime(text: string): string | undefined {
  let newest: number | undefined;
  for (const m of text.matchAll(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d) /gm)) {
    const t = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}:${m[5]}`);
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest === undefined ? undefined : rfc3339(newest);
}

const LOG_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s/gm;

/** Newest leading RFC3339 timestamp of istioctl's own log (`2023-09-06T09:16:04.682681Z\tinfo\t…`), as RFC3339 UTC. */
export function newestLogLineTime(text: string): string | undefined {
  let newest: number | undefined;
  for (const m of text.matchAll(LOG_TIME)) {
    const t = Date.parse(m[1]);
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest === undefined ? undefined : rfc3339(newest);
}

function eventKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** The rows of one events table, with the table file's mtime (ms since the epoch) when the archive records it. */
export interface EventTable {
  rows: TableEvent[];
  mtimeMs?: number;
}

/**
 * All events: Event objects (exact times) plus the events-table rows, resolved against their table's mtime,
 * else capturedAt. A table row whose `NAME` is also an Event object is dropped (the object has exact times).
 * Sorted by last-seen time, events without times last, otherwise in bundle order.
 */
export function collectEvents(resources: readonly Resource[], tables: readonly EventTable[], capturedAt: string | undefined): KubeEvent[] {
  const fromObjects: KubeEvent[] = [];
  const seen = new Set<string>();
  for (const r of resources) {
    const e = eventFromResource(r);
    if (!e) continue;
    fromObjects.push(e);
    seen.add(eventKey(r.namespace, r.name));
  }
  const fromTables = tables.flatMap((t) => {
    const rows = t.rows.filter((r) => !r.name || !seen.has(eventKey(r.event.namespace, r.name)));
    return resolveTableEvents(rows, t.mtimeMs !== undefined ? rfc3339(t.mtimeMs) : capturedAt);
  });
  const all = [...fromObjects, ...fromTables];
  const time = (e: KubeEvent) => (e.lastSeen ? Date.parse(e.lastSeen) : Infinity);
  return all.map((e, i) => ({ e, i })).sort((a, b) => time(a.e) - time(b.e) || a.i - b.i).map((x) => x.e);
}

/** Pod summaries and container state changes of every Pod resource. */
export function collectPods(resources: readonly Resource[]): { pods: PodStatusSummary[]; containerStates: ContainerStateChange[] } {
  const pods: PodStatusSummary[] = [];
  const containerStates: ContainerStateChange[] = [];
  for (const r of resources) {
    const s = podStatus(r);
    if (!s) continue;
    pods.push(s.summary);
    containerStates.push(...s.changes);
  }
  return { pods, containerStates };
}

/** Resources with duplicates (same kind, namespace and name, e.g. a Pod in both `k8s-resources` and `pods`) removed, the first kept. */
export function dedupeResources(resources: readonly Resource[]): Resource[] {
  const seen = new Set<string>();
  return resources.filter((r) => {
    const k = `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Kubernetes events, written both ways a bug-report holds them: rows of `cluster/events` (`kubectl get events
 * --all-namespaces -o wide`, a tabwriter table with relative ages) and Event objects in `cluster/k8s-resources`
 * (the `events` type of that List). Sources: kubectl `printers/tablegenerator` + `internalversion/printers.go`
 * (printEvent: LAST SEEN/FIRST SEEN from lastTimestamp/firstTimestamp through `duration.HumanDuration`,
 * multi-line messages cut to the first line plus `...`, OBJECT `kind/name` in lower case), kubectl's tabwriter
 * (minwidth 6, padding 3), and client-go's event recorder (name `<object>.<UnixNano hex>`).
 */
import { humanDuration, rfc3339 } from './time.js';
import type { K8sObject } from './klist.js';
import type { Rng } from './rand.js';
import { uuid } from './rand.js';

export interface EventSpec {
  namespace: string;
  type: 'Normal' | 'Warning';
  reason: string;
  /** The involved object. */
  object: { kind: string; name: string; namespace?: string; apiVersion: string; uid?: string; resourceVersion?: string; fieldPath?: string };
  source: { component: string; host?: string };
  message: string;
  firstTimestamp: Date;
  lastTimestamp: Date;
  count: number;
}

const COLUMNS = ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'] as const;

/** client-go names an event `<involved name>.<first-seen UnixNano in hex>`. */
export function eventName(spec: EventSpec, r: Rng): string {
  const nanos = BigInt(spec.firstTimestamp.getTime()) * 1_000_000n + BigInt(r.int(0, 999_999));
  return `${spec.object.name}.${nanos.toString(16)}`;
}

/** The Event object as `kubectl get events -o yaml` prints it (core/v1, the form both corpus archives hold). */
export function eventObject(spec: EventSpec, name: string, resourceVersion: string, r: Rng): K8sObject {
  const involved: Record<string, unknown> = {
    apiVersion: spec.object.apiVersion,
    kind: spec.object.kind,
    name: spec.object.name,
    namespace: spec.object.namespace ?? spec.namespace,
  };
  if (spec.object.fieldPath) involved.fieldPath = spec.object.fieldPath;
  if (spec.object.resourceVersion) involved.resourceVersion = spec.object.resourceVersion;
  if (spec.object.uid) involved.uid = spec.object.uid;
  return {
    apiVersion: 'v1',
    count: spec.count,
    eventTime: null,
    firstTimestamp: rfc3339(spec.firstTimestamp),
    involvedObject: involved,
    kind: 'Event',
    lastTimestamp: rfc3339(spec.lastTimestamp),
    message: spec.message,
    metadata: { creationTimestamp: rfc3339(spec.firstTimestamp), name, namespace: spec.namespace, resourceVersion, uid: uuid(r) },
    reason: spec.reason,
    reportingComponent: '',
    reportingInstance: '',
    source: spec.source.host ? { component: spec.source.component, host: spec.source.host } : { component: spec.source.component },
    type: spec.type,
  } as K8sObject;
}

/** The events table, cut into cells by its header's column starts (tabwriter never lets a cell overflow). */
export class EventsTable {
  private constructor(
    private readonly columns: string[],
    private rows: string[][],
    private readonly trailing: string,
  ) {}

  static parse(text: string): EventsTable {
    const lines = text.split('\n');
    const trailing = lines[lines.length - 1] === '' ? '\n' : '';
    if (trailing) lines.pop();
    const header = lines[0] ?? '';
    const starts: number[] = [];
    const names: string[] = [];
    for (const name of COLUMNS) {
      const at = header.indexOf(name, starts.length ? starts[starts.length - 1]! + 1 : 0);
      if (at < 0) throw new Error(`events table: no ${name} column in the header`);
      starts.push(at);
      names.push(name);
    }
    const rows = lines.slice(1).map((l) => starts.map((s, i) => l.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).trimEnd()));
    return new EventsTable(names, rows, trailing);
  }

  get length(): number {
    return this.rows.length;
  }

  /** Add a row for `spec`, ages relative to `printedAt` (when kubectl ran: the events file's mtime). */
  add(spec: EventSpec, name: string, printedAt: Date): void {
    const obj = spec.object;
    const sourceText = spec.source.host ? `${spec.source.component}, ${spec.source.host}` : spec.source.component;
    const firstLine = spec.message.split('\n');
    const message = firstLine.length > 1 ? `${firstLine[0]}...` : spec.message;
    const row = [
      spec.namespace,
      humanDuration(printedAt.getTime() - spec.lastTimestamp.getTime()),
      spec.type,
      spec.reason,
      `${obj.kind.toLowerCase()}/${obj.name}`,
      obj.fieldPath ?? '',
      sourceText,
      message,
      humanDuration(printedAt.getTime() - spec.firstTimestamp.getTime()),
      String(spec.count),
      name,
    ];
    // kubectl lists events by namespace, then by name (the API server's key order).
    const at = this.rows.findIndex((r) => r[0]! > row[0]! || (r[0] === row[0] && r[10]! > row[10]!));
    if (at < 0) this.rows.push(row);
    else this.rows.splice(at, 0, row);
  }

  /** Remove rows for `kind/name` (lower-case kind) with this reason and SUBOBJECT cell (`spec.containers{c}`). */
  removeEvent(objectCell: string, reason: string, subobject: string): void {
    this.rows = this.rows.filter((r) => !(r[4] === objectCell && r[3] === reason && r[5] === subobject));
  }

  /** Remove rows whose OBJECT cell is `kind/name` (lower-case kind). */
  removeFor(objectCell: string): void {
    this.rows = this.rows.filter((r) => r[4] !== objectCell);
  }

  toString(): string {
    const all = [this.columns, ...this.rows];
    const widths = this.columns.map((_, c) => Math.max(6, ...all.map((r) => (r[c] ?? '').length + 3)));
    const lines = all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join(''));
    return lines.join('\n') + this.trailing;
  }
}

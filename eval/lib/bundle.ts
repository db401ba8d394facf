/**
 * One variant being built: the archive copy, its parsed Lists and events table, the seeded generator, the capture
 * time, and the operations a fault needs (kubectl apply, events, log lines, istioctl analyze lines). `finish()`
 * writes every changed text back into the archive.
 */
import { Archive } from './archive.js';
import { KList, type K8sObject } from './klist.js';
import { EventsTable, eventName, eventObject, type EventSpec } from './events.js';
import { mergeIntoLog, type LogLine } from './logs.js';
import { rfc3339 } from './time.js';
import { rng, seedOf, uuid, type Rng } from './rand.js';

export type ArchiveId = 'may2023' | 'sep2023';

export class Bundle {
  readonly r: Rng;
  /** Newest entry mtime of the archive: the engine's capture time. */
  readonly capture: Date;
  private k8sList?: KList;
  private crsList?: KList;
  private table?: EventsTable;
  private rv: number;
  private readonly logEdits = new Map<string, LogLine[]>();

  constructor(
    readonly archive: Archive,
    readonly id: ArchiveId,
    variantName: string,
  ) {
    this.r = rng(seedOf(variantName));
    this.capture = archive.capturedAt;
    this.rv = Bundle.maxResourceVersion(archive) + 1000 + this.r.int(0, 5000);
  }

  private static maxResourceVersion(a: Archive): number {
    let max = 0;
    for (const rel of ['cluster/k8s-resources', 'cluster/crs']) {
      if (!a.has(rel)) continue;
      for (const m of a.text(rel).matchAll(/resourceVersion: "(\d+)"/g)) max = Math.max(max, Number(m[1]));
    }
    return max;
  }

  get k8s(): KList {
    this.k8sList ??= KList.parse(this.archive.text('cluster/k8s-resources'));
    return this.k8sList;
  }

  get crs(): KList {
    this.crsList ??= KList.parse(this.archive.text('cluster/crs'));
    return this.crsList;
  }

  get events(): EventsTable {
    this.table ??= EventsTable.parse(this.archive.text('cluster/events'));
    return this.table;
  }

  /** When `kubectl get events` printed the table: the events entry's own mtime (its ages are relative to it). */
  get eventsPrintedAt(): Date {
    return this.archive.entry('cluster/events')!.mtime;
  }

  /** A time `ms` before capture. */
  ago(ms: number): Date {
    return new Date(this.capture.getTime() - ms);
  }

  /** The next cluster-wide resourceVersion (etcd revisions only grow), spaced like a busy cluster's. */
  nextRv(): string {
    this.rv += this.r.int(3, 400);
    return String(this.rv);
  }

  uid(): string {
    return uuid(this.r);
  }

  /**
   * Record an event in the table and, when the archive holds Event objects (both corpus archives do), as one.
   * Events after the table was printed are dropped; a repeat after it is cut to the print time.
   */
  emit(spec: EventSpec): void {
    // Nothing after `kubectl get events` ran can be in the bundle: later events are dropped, later repeats cut off.
    const printed = this.eventsPrintedAt;
    if (spec.firstTimestamp > printed) return;
    if (spec.lastTimestamp > printed) spec = { ...spec, lastTimestamp: printed };
    const name = eventName(spec, this.r);
    this.events.add(spec, name, this.eventsPrintedAt);
    if (this.k8s.all('Event').length > 0) this.k8s.insert(eventObject(spec, name, this.nextRv(), this.r), ['Event']);
  }

  /**
   * Forget the events recorded so far for one container of a pod and reason (table row and Event object), so a
   * variant can record them again aggregated as kubelet would (one event, a count, first and last times).
   */
  dropPodEvents(namespace: string, pod: string, reason: string, container: string, init = false): void {
    const sub = `spec.${init ? 'initContainers' : 'containers'}{${container}}`;
    this.events.removeEvent(`pod/${pod}`, reason, sub);
    for (const i of this.k8s.indices((o) => o.kind === 'Event' && o.metadata.namespace === namespace && o.involvedObject?.name === pod && o.reason === reason && o.involvedObject?.fieldPath === sub).reverse()) {
      const e = this.k8s.obj(i);
      this.k8s.remove('Event', namespace, e.metadata.name);
    }
  }

  /**
   * `kubectl apply` of a change to an existing object: `change` runs on the live object and on its
   * last-applied-configuration (when present, as kubectl keeps it), `metadata.generation` +1 when the spec
   * changed, a new resourceVersion. Status is the caller's (only controllers write it).
   */
  apply(list: KList, kind: string, namespace: string | undefined, name: string, change: (o: any) => void): K8sObject {
    return list.edit(kind, namespace, name, (o) => {
      const before = JSON.stringify(o.spec ?? null);
      change(o);
      const ann = o.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
      if (typeof ann === 'string') {
        const applied = JSON.parse(ann);
        change(applied);
        o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify(applied) + '\n';
      }
      if (JSON.stringify(o.spec ?? null) !== before && typeof o.metadata.generation === 'number') o.metadata.generation += 1;
      o.metadata.resourceVersion = this.nextRv();
    });
  }

  /** `kubectl apply` of a new object: the manifest plus what the API server adds. */
  create(list: KList, manifest: K8sObject, at: Date, order: readonly string[], opts: { lastApplied?: boolean; generation?: boolean } = {}): K8sObject {
    const m = structuredClone(manifest);
    const obj: K8sObject = structuredClone(manifest);
    obj.metadata = { ...obj.metadata };
    if (opts.lastApplied !== false) {
      m.metadata = { annotations: {}, ...m.metadata };
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(m) + '\n' };
    }
    obj.metadata.creationTimestamp = rfc3339(at);
    if (opts.generation !== false) obj.metadata.generation = 1;
    obj.metadata.resourceVersion = this.nextRv();
    obj.metadata.uid = this.uid();
    list.insert(obj, order);
    return obj;
  }

  /** Queue log lines for a log file (merged by time in `finish`). The file must exist unless `create` is given. */
  log(rel: string, lines: LogLine[]): void {
    const q = this.logEdits.get(rel) ?? [];
    q.push(...lines);
    this.logEdits.set(rel, q);
  }

  /**
   * Add istioctl analyze messages to `analyze/allNamespaces/allNamespaces` (analyze ran on the same cluster at
   * capture). istioctl prints them sorted by level (Error, Warning, Info), then code, then resource.
   */
  analyze(lines: string[]): void {
    const rel = 'analyze/allNamespaces/allNamespaces';
    if (!this.archive.has(rel)) return;
    const rank = (l: string): string => {
      const m = /^(Error|Warning|Info) \[(IST\d+)\] \(([^)]*)\)/.exec(l);
      const lvl = m ? { Error: '0', Warning: '1', Info: '2' }[m[1] as 'Error'] : '3';
      return `${lvl} ${m?.[2] ?? ''} ${m?.[3] ?? ''}`;
    };
    const text = this.archive.text(rel);
    const existing = text.split('\n').filter((l) => l !== '');
    const all = [...existing, ...lines].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    this.archive.setText(rel, all.join('\n') + '\n');
    // bug-report.log prints the same report under `Analysis Report:` (first message on the log line, the rest raw).
    if (!this.archive.has('bug-report.log')) return;
    const log = this.archive.text('bug-report.log').split('\n');
    const head = log.indexOf('Analysis Report:');
    if (head < 0) return;
    let first = head + 1;
    while (first < log.length && log[first] === '') first++;
    const m = /^(\S+\tinfo\t)/.exec(log[first] ?? '');
    if (!m) return;
    let end = first + 1;
    while (end < log.length && !/^\d{4}-\d\d-\d\dT/.test(log[end]!)) end++;
    log.splice(first, end - first, m[1] + all[0], ...all.slice(1));
    this.archive.setText('bug-report.log', log.join('\n'));
  }

  /** Write every changed List, the events table and queued log lines back into the archive. */
  finish(): Archive {
    if (this.k8sList) this.archive.setText('cluster/k8s-resources', this.k8sList.toString());
    if (this.crsList) this.archive.setText('cluster/crs', this.crsList.toString());
    if (this.table) this.archive.setText('cluster/events', this.table.toString());
    for (const [rel, lines] of this.logEdits) this.archive.setText(rel, mergeIntoLog(this.archive.text(rel), lines));
    return this.archive;
  }
}

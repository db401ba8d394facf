/**
 * Kubernetes events: the bug-report `cluster/events` text table (`kubectl get events --all-namespaces -o wide`,
 * content.go `GetEvents`) and Event objects from YAML/JSON (`v1` Event and `events.k8s.io/v1` Event).
 */
import type { KubeEvent } from '../../model/events.js';
import type { Resource, ResourceRef } from '../../model/k8s.js';
import { type Age, normalizeTime, parseAge, parseAgeCell, timeBefore } from './age.js';
import { CLUSTER_SCOPED, kindFromLower } from './kinds.js';
import { cellAt, columnIndex, tableColumns, textLines, type TableColumn } from './table.js';
import type { ParseWarning } from './resources.js';

/** A table row before the capture time is known: its ages are kept, to be resolved by `resolveTableEvents`. */
export interface TableEvent {
  event: KubeEvent;
  /** The event object's name (`NAME` column), to drop rows that an Event object with exact times also gives. */
  name?: string;
  lastSeenAge?: Age;
  firstSeenAge?: Age;
}

function objectRef(cell: string, namespace: string | undefined): ResourceRef | undefined {
  const slash = cell.indexOf('/');
  if (slash <= 0) return undefined;
  const kind = kindFromLower(cell.slice(0, slash));
  const name = cell.slice(slash + 1);
  return namespace && !CLUSTER_SCOPED.has(kind) ? { kind, namespace, name } : { kind, name };
}

/** Peels the single-token columns after MESSAGE (FIRST SEEN, COUNT, NAME) from the right; undefined if they do not fit. */
function peelTail(rest: string, tail: TableColumn[]): { message: string; cells: string[] } | undefined {
  const cells: string[] = [];
  let s = rest.trimEnd();
  for (let i = tail.length - 1; i >= 0; i--) {
    const sp = s.lastIndexOf(' ');
    if (sp < 0) return undefined;
    cells.unshift(s.slice(sp + 1));
    s = s.slice(0, sp).trimEnd();
  }
  const count = tail.findIndex((c) => c.name === 'COUNT');
  if (count >= 0 && !/^\d+$/.test(cells[count])) return undefined;
  const first = tail.findIndex((c) => c.name === 'FIRST SEEN');
  if (first >= 0 && !parseAge(cells[first]) && !/^<\w+>$/.test(cells[first])) return undefined;
  return { message: s.trim(), cells };
}

interface RowCells {
  get(name: string): string | undefined;
  message: string;
}

function rowCells(row: string, cols: TableColumn[]): RowCells {
  const msg = columnIndex(cols, 'MESSAGE');
  const tail = msg >= 0 ? cols.slice(msg + 1) : [];
  const peeled = msg >= 0 && tail.length ? peelTail(row.slice(cols[msg].start), tail) : undefined;
  const get = (name: string): string | undefined => {
    const i = columnIndex(cols, name);
    if (i < 0) return undefined;
    if (peeled && i > msg) return peeled.cells[i - msg - 1];
    return cellAt(row, cols, i);
  };
  const message = peeled ? peeled.message : msg >= 0 ? (tail.length ? cellAt(row, cols, msg) : row.slice(cols[msg].start).trim()) : '';
  return { get, message };
}

function toTableEvent(c: RowCells, file: string, line: number): TableEvent {
  const namespace = c.get('NAMESPACE') || undefined;
  const lastCell = parseAgeCell(c.get('LAST SEEN') ?? '');
  const count = Number(c.get('COUNT') ?? lastCell.count ?? 1);
  const object = objectRef(c.get('OBJECT') ?? '', namespace) ?? legacyObject(c, namespace);
  const event: KubeEvent = { type: c.get('TYPE') ?? '', reason: c.get('REASON') ?? '', message: c.message, count: Number.isSafeInteger(count) && count >= 0 ? count : 1, source: { file, line } };
  if (namespace) event.namespace = namespace;
  if (object) event.object = object;
  const sub = c.get('SUBOBJECT');
  if (sub) event.subobject = sub;
  const src = c.get('SOURCE');
  if (src) event.sourceComponent = src.split(',')[0].trim();
  const t: TableEvent = { event };
  const name = c.get('NAME');
  if (name && c.get('OBJECT') !== undefined) t.name = name;
  if (lastCell.last) t.lastSeenAge = lastCell.last;
  const first = c.get('FIRST SEEN') !== undefined ? parseAge(c.get('FIRST SEEN')!) : lastCell.first;
  if (first) t.firstSeenAge = first;
  return t;
}

/** kubectl before 1.14 printed `NAME` and `KIND` columns instead of `OBJECT`. */
function legacyObject(c: RowCells, namespace: string | undefined): ResourceRef | undefined {
  const kind = c.get('KIND');
  const name = c.get('NAME');
  if (!kind || !name) return undefined;
  return namespace && !CLUSTER_SCOPED.has(kind) ? { kind, namespace, name } : { kind, name };
}

/**
 * Parses a `kubectl get events [-A] [-o wide]` table. Columns are found by name in the header, so missing
 * columns (non-wide output, no NAMESPACE) are fine; the single-token columns after MESSAGE are read from the
 * right, so messages wider than their column are kept whole. A line without a TYPE cell continues the
 * previous event's message. Ages are kept unresolved (see `resolveTableEvents`). `No resources found` gives
 * no events and no warning.
 */
export function parseEventsTable(text: string, file: string): { events: TableEvent[]; warnings: ParseWarning[] } {
  const events: TableEvent[] = [];
  const warnings: ParseWarning[] = [];
  let cols: TableColumn[] | undefined;
  for (const { line, text: row } of textLines(text)) {
    if (!cols) {
      cols = tableColumns(row);
      if (columnIndex(cols, 'REASON') < 0 || columnIndex(cols, 'MESSAGE') < 0) {
        if (!/^No resources found/.test(row)) warnings.push({ file, line, message: 'not a kubectl events table (no REASON/MESSAGE header)' });
        return { events, warnings };
      }
      continue;
    }
    const c = rowCells(row, cols);
    const type = c.get('TYPE');
    if (type !== undefined && !/^\w+$/.test(type)) {
      const prev = events[events.length - 1];
      if (prev) prev.event.message += `\n${row.trim()}`;
      else warnings.push({ file, line, message: 'line before the first event row; skipped' });
      continue;
    }
    events.push(toTableEvent(c, file, line));
  }
  return { events, warnings };
}

/**
 * Turns table rows into events with absolute times: `lastSeen`/`firstSeen` = `anchor` − age, and
 * `timePrecisionMs` = the last-seen age's precision (ages are truncated, so the true time is up to that much
 * earlier). `anchor` (RFC3339) is when the table was printed: the table file's own mtime when the archive
 * records it (the archive's newest mtime can be tens of seconds later), else the bundle's capturedAt.
 * Without an anchor, times stay unset.
 */
export function resolveTableEvents(rows: readonly TableEvent[], anchor: string | undefined): KubeEvent[] {
  return rows.map((r) => {
    const e = { ...r.event };
    if (!anchor) return e;
    const last = r.lastSeenAge && timeBefore(anchor, r.lastSeenAge);
    const first = r.firstSeenAge && timeBefore(anchor, r.firstSeenAge);
    if (last) {
      e.lastSeen = last;
      e.timePrecisionMs = r.lastSeenAge!.precisionMs;
    }
    if (first) e.firstSeen = first;
    return e;
  });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * An Event object (core `v1` or `events.k8s.io/v1`, e.g. from `kubectl get events -o yaml` or troubleshoot
 * `cluster-resources/events/<ns>.json`) as a KubeEvent with exact times; undefined for other kinds.
 */
export function eventFromResource(r: Resource): KubeEvent | undefined {
  if (r.kind !== 'Event') return undefined;
  const o = r.obj as Record<string, any>;
  const v1 = r.apiVersion.startsWith('events.k8s.io/');
  const inv = (v1 ? o.regarding : o.involvedObject) ?? {};
  const e: KubeEvent = {
    type: str(o.type) ?? 'Normal',
    reason: str(o.reason) ?? '',
    message: str(v1 ? o.note : o.message) ?? '',
    count: Number(o.series?.count ?? (v1 ? o.deprecatedCount : o.count) ?? 1) || 1,
    source: r.source,
  };
  if (r.namespace) e.namespace = r.namespace;
  if (str(inv.kind) && str(inv.name)) e.object = str(inv.namespace) ? { kind: inv.kind, namespace: inv.namespace, name: inv.name } : { kind: inv.kind, name: inv.name };
  if (str(inv.fieldPath)) e.subobject = inv.fieldPath;
  const component = str(v1 ? (o.reportingController ?? o.deprecatedSource?.component) : (o.source?.component ?? o.reportingComponent));
  if (component) e.sourceComponent = component;
  const last = normalizeTime(o.series?.lastObservedTime) ?? normalizeTime(v1 ? o.deprecatedLastTimestamp : o.lastTimestamp) ?? normalizeTime(o.eventTime) ?? normalizeTime(o.metadata?.creationTimestamp);
  const first = normalizeTime(v1 ? o.deprecatedFirstTimestamp : o.firstTimestamp) ?? normalizeTime(o.eventTime);
  if (last) e.lastSeen = last;
  if (first) e.firstSeen = first;
  return e;
}

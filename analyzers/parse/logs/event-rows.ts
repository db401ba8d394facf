/**
 * Kubernetes event rows pasted into text files and tickets, read as events (so that event signatures and the
 * platform checks see them) rather than as log lines:
 *
 * - `kubectl describe <kind> <name>` Events table: `Warning  FailedCreate  8m36s (x28 over 163m)  replicaset-controller  msg`
 *   (columns Type, Reason, Age, From, Message; From is `kubelet, <node>` on old clusters; Age may be `<invalid>`);
 * - `kubectl get events [-A]` rows: `[NAMESPACE]  LAST SEEN  TYPE  REASON  OBJECT  MESSAGE` (`31m  Warning  Unhealthy  pod/x  msg`),
 *   and the pre-1.14 layout with a KIND column instead of OBJECT;
 * - the same Events table pasted as Markdown: `|Warning|IssuerValidationFailed|5m54s|linkerd-identity|msg|`.
 *
 * Column layouts from kubectl's describe printer (`DescribeEvents`) and `kubectl get events` as seen in the
 * corpus (shared/corpus/log-lines/NOTES.md §3 and test/corpus/log-lines). Ages stay relative: they are resolved
 * against the capture time later (resolveTableEvents), like the bug-report events table.
 */
import type { KubeEvent } from '../../model/events.js';
import type { ResourceRef } from '../../model/k8s.js';
import { parseAgeCell } from '../k8s/age.js';
import type { TableEvent } from '../k8s/events.js';
import { CLUSTER_SCOPED, kindFromLower } from '../k8s/kinds.js';

/** What a `kubectl describe` header said about the object whose Events table follows. */
export interface DescribeContext {
  name?: string;
  namespace?: string;
  kind?: string;
}

const AGE = '(?:<\\w+>|\\d[\\dydhms]*)';
const AGE_CELL = `${AGE}(?: \\(x\\d+ over ${AGE}\\))?`;
const DESCRIBE = new RegExp(`^\\s*(Normal|Warning)\\s{2,}(\\S+)\\s{2,}(${AGE_CELL})\\s{2,}(\\S(?:.*?\\S)?)\\s{2,}(\\S.*?)\\s*$`);
const GET = new RegExp(`^\\s*(?:([a-z0-9][a-z0-9-]{0,62})\\s+)?(${AGE_CELL})\\s+(Normal|Warning)\\s+(\\S+)\\s+(\\S+)\\s+(\\S.*?)\\s*$`);
const MARKDOWN = /^\s*\|\s*(Normal|Warning)\s*\|\s*(\w+)\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*(.+?)\s*\|?\s*$/;

/** The kind an event's source component reports on, for describe rows (whose object is the described one). */
const KIND_BY_SOURCE: Record<string, string> = {
  'replicaset-controller': 'ReplicaSet', 'deployment-controller': 'Deployment', 'daemonset-controller': 'DaemonSet',
  'statefulset-controller': 'StatefulSet', 'job-controller': 'Job', 'cronjob-controller': 'CronJob',
  kubelet: 'Pod', 'default-scheduler': 'Pod', 'taint-controller': 'Pod', 'attachdetach-controller': 'Pod',
};

function objectRef(cell: string, namespace: string | undefined): ResourceRef | undefined {
  const slash = cell.indexOf('/');
  if (slash <= 0) return undefined;
  const kind = kindFromLower(cell.slice(0, slash));
  const name = cell.slice(slash + 1);
  return namespace && !CLUSTER_SCOPED.has(kind) ? { kind, namespace, name } : { kind, name };
}

function tableEvent(type: string, reason: string, ageCell: string, message: string, file: string, line: number): TableEvent {
  const age = parseAgeCell(ageCell);
  const event: KubeEvent = { type, reason, message, count: age.count ?? 1, source: { file, line } };
  const t: TableEvent = { event };
  if (age.last) t.lastSeenAge = age.last;
  if (age.first) t.firstSeenAge = age.first;
  return t;
}

/**
 * Read one text line as an event row, or undefined when it is not one. `ctx` names the object of a
 * `kubectl describe` paste (its `Name:`/`Namespace:` header); without it, describe rows have no object.
 * Never throws.
 */
export function parseEventRow(text: string, file: string, line: number, ctx: DescribeContext = {}): TableEvent | undefined {
  if (text.length > 64 * 1024) return undefined;
  let m = DESCRIBE.exec(text);
  if (m) {
    const from = m[4]!;
    const t = tableEvent(m[1]!, m[2]!, m[3]!, m[5]!, file, line);
    const source = from.split(',')[0]!.trim();
    t.event.sourceComponent = source;
    if (ctx.namespace) t.event.namespace = ctx.namespace;
    const kind = ctx.kind ?? KIND_BY_SOURCE[source];
    if (ctx.name && kind) t.event.object = ctx.namespace && !CLUSTER_SCOPED.has(kind) ? { kind, namespace: ctx.namespace, name: ctx.name } : { kind, name: ctx.name };
    return t;
  }
  if ((m = MARKDOWN.exec(text))) {
    const t = tableEvent(m[1]!, m[2]!, m[3]!, m[5]!, file, line);
    if (m[4]) t.event.sourceComponent = m[4].split(',')[0]!.trim();
    return t;
  }
  if ((m = GET.exec(text))) {
    const namespace = m[1];
    const t = tableEvent(m[3]!, m[4]!, m[2]!, m[6]!, file, line);
    if (namespace) t.event.namespace = namespace;
    const object = objectRef(m[5]!, namespace);
    if (object) t.event.object = object;
    else t.event.message = `${m[5]} ${m[6]}`.replace(/^[A-Z]\w* \(combined from similar events\): /, ''); // pre-1.14 KIND column
    return t;
  }
  return undefined;
}

const HEADER = /^(Name|Namespace):\s+(\S+)\s*$/;

/**
 * Update the describe context from a header line of `kubectl describe` output (`Name:`, `Namespace:`).
 * Returns true when the line was such a header.
 */
export function readDescribeHeader(text: string, ctx: DescribeContext): boolean {
  const m = HEADER.exec(text);
  if (!m) return false;
  if (m[1] === 'Name') {
    ctx.name = m[2];
    delete ctx.kind;
    delete ctx.namespace;
  } else ctx.namespace = m[2];
  return true;
}

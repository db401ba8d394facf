/**
 * `kubectl describe pods` text (bug-report ≤1.20 `cluster/describe-pods`, content.go `GetDescribePods`) → minimal
 * Pod resources: name, namespace, labels, controller, node, phase, start time, conditions, and for every init and
 * regular container its state, last termination (reason, exit code, signal, started/finished), ready and restart
 * count, and memory limit. Layout: kubectl `pkg/describe` `describePod`/`describeContainers`/`describeStatus`: a
 * `Name:` line at column 0 starts each pod; `Init Containers:`/`Containers:` sections list containers at two
 * spaces (`  istio-proxy:`), their fields at four (`    Last State:     Terminated`) and the state's details at six
 * (`      Exit Code:    137`); times are Go's RFC1123Z (`Wed, 10 May 2023 17:44:02 +0000`). The per-pod `Events:`
 * section (relative ages) is not read: the bundle's events table holds the same events.
 */
import type { K8sObject, Resource } from '../../model/k8s.js';
import { normalizeTime } from './age.js';

interface Field {
  key: string;
  value: string;
  line: number;
  /** Six-space details (`Reason`, `Exit Code`…) or resource names under `Limits:`. */
  sub: Record<string, string>;
}

interface ContainerText {
  name: string;
  line: number;
  fields: Field[];
}

const TOP = /^([A-Z][\w -]*):(?:\s+(.*))?$/;
const CONTAINER = /^ {2}([^\s:][^:]*):\s*$/;
const FIELD = /^ {4}([A-Z][\w ]*):(?:\s+(.*))?$/;
const SUB = /^ {6}(\S[^:]*):\s+(.*)$/;

function field(c: ContainerText, key: string): Field | undefined {
  return c.fields.find((f) => f.key === key);
}

/** `State`/`Last State` with its details → a core/v1 ContainerState. */
function state(f: Field | undefined): Record<string, unknown> | undefined {
  if (!f) return undefined;
  const d = f.sub;
  if (f.value === 'Running') return { running: { ...(normalizeTime(d.Started) ? { startedAt: normalizeTime(d.Started) } : {}) } };
  if (f.value === 'Terminated') {
    const t: Record<string, unknown> = {};
    if (d.Reason) t.reason = d.Reason;
    if (d.Message) t.message = d.Message;
    if (/^-?\d+$/.test(d['Exit Code'] ?? '')) t.exitCode = Number(d['Exit Code']);
    if (/^\d+$/.test(d.Signal ?? '')) t.signal = Number(d.Signal);
    const started = normalizeTime(d.Started);
    const finished = normalizeTime(d.Finished);
    if (started) t.startedAt = started;
    if (finished) t.finishedAt = finished;
    return { terminated: t };
  }
  return { waiting: d.Reason ? { reason: d.Reason } : {} };
}

function containerStatus(c: ContainerText): Record<string, unknown> {
  const s: Record<string, unknown> = { name: c.name, ready: field(c, 'Ready')?.value === 'True', restartCount: Number(field(c, 'Restart Count')?.value ?? 0) || 0 };
  const current = state(field(c, 'State'));
  const last = state(field(c, 'Last State'));
  if (current) s.state = current;
  s.lastState = last ?? {};
  return s;
}

function containerSpec(c: ContainerText, nativeSidecar: boolean): Record<string, unknown> {
  const memory = field(c, 'Limits')?.sub.memory;
  return { name: c.name, ...(nativeSidecar ? { restartPolicy: 'Always' } : {}), ...(memory ? { resources: { limits: { memory } } } : {}) };
}

/** The line evidence cites for a container: its last termination, else its current state, else its name. */
function statusLine(c: ContainerText): number {
  return field(c, 'Last State')?.line ?? field(c, 'State')?.line ?? c.line;
}

function pod(lines: string[], file: string, first: number): Resource | undefined {
  const top: Record<string, { value: string; line: number; more: string[] }> = {};
  const sections: Record<'Init Containers' | 'Containers', ContainerText[]> = { 'Init Containers': [], Containers: [] };
  const conditions: Array<{ type: string; status: string }> = [];
  let section = '';
  let lastTop = '';
  lines.forEach((l, i) => {
    const line = first + i;
    const t = TOP.exec(l);
    if (t) {
      section = t[1];
      lastTop = t[1];
      top[t[1]] ??= { value: (t[2] ?? '').trim(), line, more: [] };
      return;
    }
    if (section === 'Init Containers' || section === 'Containers') {
      const list = sections[section];
      const c = CONTAINER.exec(l);
      if (c) return void list.push({ name: c[1], line, fields: [] });
      const cur = list[list.length - 1];
      const f = FIELD.exec(l);
      if (cur && f) return void cur.fields.push({ key: f[1], value: (f[2] ?? '').trim(), line, sub: {} });
      const s = SUB.exec(l);
      const lastField = cur?.fields[cur.fields.length - 1];
      if (lastField && s) lastField.sub[s[1].trim()] ??= s[2].trim();
      return;
    }
    if (section === 'Conditions') {
      const c = /^ {2}(\w+)\s+(True|False|Unknown)\s*$/.exec(l);
      if (c) conditions.push({ type: c[1], status: c[2] });
      return;
    }
    if (lastTop && /^\s+\S/.test(l) && top[lastTop]) top[lastTop].more.push(l.trim());
  });
  const name = top.Name?.value;
  if (!name) return undefined;
  const namespace = top.Namespace?.value || undefined;
  const labels = Object.fromEntries([top.Labels?.value ?? '', ...(top.Labels?.more ?? [])]
    .filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const owner = /^(\w+)\/(\S+)$/.exec(top['Controlled By']?.value ?? '');
  const phase = top.Status?.value.split(/\s/)[0];
  const regularRunning = sections.Containers.some((c) => field(c, 'State')?.value === 'Running');
  // kubectl does not print an init container's restartPolicy: one that runs alongside the pod's containers, or
  // Istio's istio-proxy injected as an init container, is a native sidecar.
  const isSidecar = (c: ContainerText) => c.name === 'istio-proxy' || (regularRunning && field(c, 'State')?.value === 'Running');
  const fieldLines: Record<string, number> = {};
  sections.Containers.forEach((c, i) => { fieldLines[`status.containerStatuses[${i}]`] = statusLine(c); });
  sections['Init Containers'].forEach((c, i) => { fieldLines[`status.initContainerStatuses[${i}]`] = statusLine(c); });
  const startTime = normalizeTime(top['Start Time']?.value);
  const obj: K8sObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, ...(namespace ? { namespace } : {}), labels, ...(owner ? { ownerReferences: [{ kind: owner[1], name: owner[2], controller: true }] } : {}) },
    spec: {
      ...(top.Node?.value && top.Node.value !== '<none>' ? { nodeName: top.Node.value.split('/')[0] } : {}),
      initContainers: sections['Init Containers'].map((c) => containerSpec(c, isSidecar(c))),
      containers: sections.Containers.map((c) => containerSpec(c, false)),
    },
    status: {
      ...(phase ? { phase } : {}),
      ...(top.Reason?.value ? { reason: top.Reason.value } : {}),
      ...(startTime ? { startTime } : {}),
      conditions,
      initContainerStatuses: sections['Init Containers'].map(containerStatus),
      containerStatuses: sections.Containers.map(containerStatus),
    },
  };
  return { kind: 'Pod', apiVersion: 'v1', ...(namespace ? { namespace } : {}), name, obj, source: { file, line: first }, fieldLines };
}

/**
 * Pods from `kubectl describe pods` text, each citing its `Name:` line; a container's status cites its
 * `Last State:` line (else `State:`). The resources carry no `text`. Times are converted to RFC3339 UTC.
 * Text that holds no `Name:` line gives no pods.
 */
export function parseDescribePods(text: string, file: string): Resource[] {
  const all = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const starts = all.flatMap((l, i) => (l.startsWith('Name:') ? [i] : []));
  return starts.flatMap((s, k) => pod(all.slice(s, starts[k + 1] ?? all.length), file, s + 1) ?? []);
}

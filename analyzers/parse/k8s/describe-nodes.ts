/**
 * `kubectl describe nodes` text (bug-report ≤1.20 `cluster/nodes`, content.go `GetNodeInfo`) → minimal Node
 * resources: name, labels, creation time, taints, unschedulable, status conditions and node info. Layout of the
 * text: kubectl `pkg/describe` `describeNode` (a `Name:` line starts each node; `Key:  value` sections at
 * column 0 with indented continuation lines; a `Conditions:` table; `System Info:` key/value lines).
 */
import type { K8sObject, Resource } from '../../model/k8s.js';
import { normalizeTime } from './age.js';
import { cellAt, columnIndex, tableColumns } from './table.js';

const NODE_INFO: Record<string, string> = {
  'Kernel Version': 'kernelVersion', 'OS Image': 'osImage', 'Operating System': 'operatingSystem', Architecture: 'architecture',
  'Container Runtime Version': 'containerRuntimeVersion', 'Kubelet Version': 'kubeletVersion', 'Kube-Proxy Version': 'kubeProxyVersion',
};

interface Section {
  key: string;
  value: string;
  /** Continuation lines (indented), as written. */
  more: string[];
}

/** One node's text → its top-level sections. */
function sections(lines: string[]): Section[] {
  const out: Section[] = [];
  for (const l of lines) {
    const m = /^([A-Z][\w -]*):(?:\s+(.*))?$/.exec(l);
    if (m) out.push({ key: m[1], value: (m[2] ?? '').trim(), more: [] });
    else if (out.length && /^\s/.test(l)) out[out.length - 1].more.push(l);
  }
  return out;
}

function list(s: Section | undefined): string[] {
  if (!s) return [];
  return [s.value, ...s.more.map((l) => l.trim())].filter((v) => v && v !== '<none>');
}

function conditions(s: Section | undefined): Array<Record<string, string>> {
  const rows = s?.more ?? [];
  const header = rows.findIndex((l) => /^\s+Type\s+Status\b/.test(l));
  if (header < 0) return [];
  const cols = tableColumns(rows[header]);
  const get = (row: string, name: string) => (columnIndex(cols, name) >= 0 ? cellAt(row, cols, columnIndex(cols, name)) : '');
  return rows.slice(header + 1).filter((r) => !/^\s+-+\s/.test(r) && r.trim()).map((r) => {
    const c: Record<string, string> = { type: get(r, 'Type'), status: get(r, 'Status') };
    for (const [col, field] of [['LastHeartbeatTime', 'lastHeartbeatTime'], ['LastTransitionTime', 'lastTransitionTime']] as const) {
      const t = normalizeTime(get(r, col));
      if (t) c[field] = t;
    }
    if (get(r, 'Reason')) c.reason = get(r, 'Reason');
    if (get(r, 'Message')) c.message = get(r, 'Message');
    return c;
  });
}

function taint(t: string): Record<string, string> {
  const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t);
  if (!m) return { key: t };
  return m[2] !== undefined ? { key: m[1], value: m[2], effect: m[3] } : { key: m[1], effect: m[3] };
}

function node(lines: string[], file: string, line: number): Resource | undefined {
  const secs = sections(lines);
  const get = (k: string) => secs.find((s) => s.key === k);
  const name = get('Name')?.value;
  if (!name) return undefined;
  const labels = Object.fromEntries(list(get('Labels')).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]));
  const nodeInfo: Record<string, string> = {};
  for (const l of get('System Info')?.more ?? []) {
    const m = /^\s+([^:]+):\s+(.*)$/.exec(l);
    if (m && NODE_INFO[m[1].trim()]) nodeInfo[NODE_INFO[m[1].trim()]] = m[2].trim();
  }
  const created = normalizeTime(get('CreationTimestamp')?.value);
  const taints = list(get('Taints')).map(taint);
  const obj: K8sObject = {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels, ...(created ? { creationTimestamp: created } : {}) },
    spec: { ...(taints.length ? { taints } : {}), ...(get('Unschedulable')?.value === 'true' ? { unschedulable: true } : {}) },
    status: { conditions: conditions(get('Conditions')), nodeInfo },
  };
  return { kind: 'Node', apiVersion: 'v1', name, obj, source: { file, line } };
}

/**
 * Nodes from `kubectl describe nodes` text, each citing its `Name:` line. The resources carry no `text` (the
 * describe text is not YAML, so `locateField` does not apply). Times are converted to RFC3339 UTC.
 */
export function parseDescribeNodes(text: string, file: string): Resource[] {
  const all = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const starts = all.flatMap((l, i) => (l.startsWith('Name:') ? [i] : []));
  return starts.flatMap((s, k) => node(all.slice(s, starts[k + 1] ?? all.length), file, s + 1) ?? []);
}

/**
 * Building blocks for the sample bundles: a seeded random source, RFC3339 time arithmetic, Istio log
 * lines in the 1.17+ formats (pilot-agent tab format, Envoy app log), Kubernetes objects, the
 * bug-report events table, and a writer that lays files out as `istioctl bug-report` does.
 * Samples are generated, never hand-edited, so every sample can be rebuilt and reviewed from its script.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** Mulberry32: small, deterministic PRNG so that samples are byte-for-byte reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
export const podSuffix = (r: () => number) => `${hex(r, 9)}-${Array.from({ length: 5 }, () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(r() * 27)]).join('')}`;

/** `base` + `ms` as RFC3339 with microseconds (`2026-03-15T10:21:05.123456Z`), as Istio logs print it. */
export function at(base: string, ms: number, micros = 0): string {
  const d = new Date(Date.parse(base) + ms);
  return d.toISOString().replace(/\.(\d{3})Z$/, (_, m) => `.${m}${String(micros % 1000).padStart(3, '0')}Z`);
}
/** RFC3339 with seconds only, as Kubernetes prints it. */
export const atSec = (base: string, ms: number) => new Date(Date.parse(base) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A pilot-agent / istiod line: `<time>\t<level>\t[<scope>\t]<msg>`. */
export const agentLine = (time: string, level: string, scope: string | undefined, msg: string) => (scope ? `${time}\t${level}\t${scope}\t${msg}` : `${time}\t${level}\t${msg}`);

/** An Envoy app-log line in the Istio 1.17+ format: `<time>\t<level>\tenvoy <logger> <file>:<line>\t<msg>\tthread=<n>`. */
export const envoyLine = (time: string, level: string, logger: string, where: string, msg: string, thread = 14) => `${time}\t${level}\tenvoy ${logger} ${where}\t${msg}\tthread=${thread}`;

/** Relative age as kubectl prints it (`45s`, `4m30s`, `47m`, `5h`, `28d`). */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}

export interface TableEvent {
  namespace: string;
  lastSeenMs: number;
  firstSeenMs: number;
  type: 'Normal' | 'Warning';
  reason: string;
  object: string;
  subobject?: string;
  source: string;
  message: string;
  count: number;
  name: string;
}

/** The bug-report `cluster/events` table (`kubectl get events -o wide` columns), ages relative to `capturedAt`. */
export function eventsTable(capturedAt: string, events: TableEvent[]): string {
  const cap = Date.parse(capturedAt);
  const header = ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];
  const rows = events.map((e) => [e.namespace, age(cap - e.lastSeenMs), e.type, e.reason, e.object, e.subobject ?? '', e.source, e.message, age(cap - e.firstSeenMs), String(e.count), e.name]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 3);
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('').trimEnd();
  return [fmt(header), ...rows.map(fmt)].join('\n') + '\n';
}

/** A `kind: List` as `kubectl get -o yaml` prints it. */
export const yamlList = (items: object[]) => stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, { lineWidth: 0 });

/** Writes files under `root`, replacing whatever was there (the generator owns the folder). */
export function writeTree(root: string, files: Record<string, string>): void {
  rmSync(root, { recursive: true, force: true });
  for (const [path, body] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
  }
}

export interface ContainerStatusSpec {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  running?: { startedAt: string };
  waiting?: { reason: string; message: string };
  lastTerminated?: { reason: string; exitCode: number; startedAt: string; finishedAt: string };
}

export function containerStatus(c: ContainerStatusSpec): object {
  return {
    containerID: `containerd://${c.name}`,
    image: c.image,
    lastState: c.lastTerminated ? { terminated: { containerID: `containerd://${c.name}-prev`, ...c.lastTerminated } } : {},
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: Boolean(c.running),
    state: c.running ? { running: c.running } : c.waiting ? { waiting: c.waiting } : {},
  };
}

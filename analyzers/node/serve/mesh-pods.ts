/**
 * The pods of a bundle as the app's Proxies view needs them: each pod's part in the data plane (ztunnel,
 * waypoint, gateway, sidecar, ambient workload), whether it is Ready, its node, and the last termination of
 * its proxy (or of its most restarted container). Read from the bundle's Kubernetes resource files (the same
 * files and parser the engine uses: `classifyFile` → `parseResourcesFromText`), once, on first use.
 *
 * Files over MAX_RESOURCE_BYTES are not parsed (a warning says so); a file that does not parse gives what
 * parsed. Never throws for bad content.
 */
import { open, readFile } from 'node:fs/promises';
import { hasNativeSidecar, meshRole, podTemplate, type MeshRole } from '../../config/kinds/pod.js';
import type { ProxyPodState } from '../../contract/backend.js';
import { classifyFile } from '../../ingest/classify.js';
import type { Resource } from '../../model/k8s.js';
import { podStatus } from '../../parse/k8s/pods.js';
import { parseResourcesFromText } from '../../parse/k8s/resources.js';
import type { BundleStore } from './bundle-store.js';

/** Largest resource file parsed here, bytes (the engine's own cap for structured files). */
export const MAX_RESOURCE_BYTES = 256 << 20;
const HEAD = 8192;

export interface MeshPod {
  namespace: string;
  name: string;
  role: MeshRole;
  nativeSidecar: boolean;
  serviceAccount?: string;
  state: ProxyPodState;
}

async function head(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(HEAD);
    const { bytesRead } = await fh.read(buf, 0, HEAD, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Every Pod object in the bundle's resource files (first copy wins when a pod is listed twice). */
export async function readPodResources(store: BundleStore): Promise<{ pods: Resource[]; warnings: Array<{ file: string; message: string }> }> {
  const pods = new Map<string, Resource>();
  const warnings: Array<{ file: string; message: string }> = [];
  for (const f of store.files.values()) {
    if (f.size === 0) continue;
    const c = classifyFile(f.path, await head(f.diskPath));
    if (c.read !== 'resources') continue;
    if (f.size > MAX_RESOURCE_BYTES) {
      warnings.push({ file: f.path, message: `over ${MAX_RESOURCE_BYTES >> 20} MiB: its pods are not listed` });
      continue;
    }
    const text = await readFile(f.diskPath, 'utf8');
    if (!/\bPod\b/.test(text)) continue;
    const parsed = parseResourcesFromText(text, f.path, c.defaultKind ? { defaultKind: c.defaultKind } : {});
    for (const r of parsed.resources) {
      if (r.kind !== 'Pod') continue;
      const key = `${r.namespace ?? ''}/${r.name}`;
      if (!pods.has(key)) pods.set(key, r);
    }
  }
  return { pods: [...pods.values()], warnings };
}

/** The pod's state at capture: readiness, node, restarts and the termination that matters most. */
export function podState(r: Resource): ProxyPodState {
  const s = podStatus(r)!;
  const spec = podTemplate(r).spec;
  const state: ProxyPodState = { ready: s.summary.ready, restarts: 0 };
  if (s.summary.phase) state.phase = s.summary.phase;
  if (typeof spec.nodeName === 'string') state.node = spec.nodeName;
  // the proxy's own container (istio-proxy, ztunnel) when it restarted or nothing did, else the most restarted one
  const cs = s.summary.containers;
  const proxy = cs.find((x) => x.name === 'istio-proxy' || x.name === 'ztunnel');
  const mostRestarted = cs.reduce<(typeof cs)[number] | undefined>((a, b) => (!a || b.restartCount > a.restartCount ? b : a), undefined);
  const c = proxy && (proxy.restartCount > 0 || !mostRestarted?.restartCount) ? proxy : mostRestarted;
  if (!c) return state;
  state.restarts = c.restartCount;
  state.container = c.name;
  if (c.waitingReason) state.waiting = c.waitingReason;
  const last = s.changes.filter((x) => x.container === c.name && x.state === 'terminated').pop();
  if (last) {
    state.lastTermination = {
      ...(last.exitCode !== undefined ? { exitCode: last.exitCode } : {}),
      ...(last.reason ? { reason: last.reason } : {}),
      ...(last.time ? { at: last.time } : {}),
      file: last.source.file,
      ...(last.source.line !== undefined ? { line: last.source.line } : {}),
    };
  }
  return state;
}

/** The bundle's pods that take part in the data plane, with their state. */
export async function readMeshPods(store: BundleStore): Promise<{ pods: MeshPod[]; warnings: Array<{ file: string; message: string }> }> {
  const { pods, warnings } = await readPodResources(store);
  const out: MeshPod[] = [];
  for (const r of pods) {
    const role = meshRole(r);
    if (role === 'none') continue;
    const spec = podTemplate(r).spec;
    out.push({
      namespace: r.namespace ?? '', name: r.name, role, nativeSidecar: hasNativeSidecar(spec),
      ...(typeof spec.serviceAccountName === 'string' ? { serviceAccount: spec.serviceAccountName } : {}),
      state: podState(r),
    });
  }
  return { pods: out, warnings };
}

/**
 * Replaced pods, reinstalls and rollouts (MSH5009 per owner, MSH5010 for the Istio control plane), from events
 * and from the owners themselves. Event wording is the controllers' (kubernetes `pkg/controller`): ReplicaSet and
 * DaemonSet `SuccessfulCreate` "Created pod: P" / `SuccessfulDelete` "Deleted pod: P", StatefulSet "create Pod P in
 * StatefulSet S successful", Deployment `ScalingReplicaSet` "Scaled up|down replica set R to N[ from M]", kubelet
 * `Killing` "Stopping container C". Owners recreated after their old pods were stopped, or newer than the pods that
 * needed them (sidecars injected before istiod existed), were reinstalled. Times are the bundle's (event ages
 * resolve to their precision).
 */
import type { BundleModel } from '../model/bundle.js';
import type { KubeEvent } from '../model/events.js';
import type { Evidence, Finding } from '../model/finding.js';
import { makeFinding, timeRange } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import { workloadOf } from '../model/pods.js';
import { STATUS_CHECKS } from './checks.js';
import { ev, eventEvidence, ms } from './common.js';

/** Owners and ReplicaSets created this long before capture count as recent rollouts/reinstalls without events. */
const RECENT_MS = 7 * 86_400_000;
/** Control-plane components recreated within this span are one reinstall. */
const REINSTALL_SPAN_MS = 60 * 60_000;

export type ReplacementKind = 'rollout' | 'reinstall' | 'scale-down' | 'deleted';

interface Obs { time?: string; precisionMs: number; evidence: Evidence }

interface History {
  namespace: string;
  owner: string;
  stopped: Map<string, Obs>;
  created: Map<string, Obs>;
  scaledDown: Array<Obs & { rs: string; by?: number }>;
  scaledUp: Array<Obs & { rs: string }>;
  /** Old ReplicaSets at 0 replicas next to a newer one created recently: [old, new]. */
  oldReplicaSets: Array<[Resource, Resource]>;
  recreated?: Obs & { why: string };
  ownerResource?: Resource;
}

const obs = (e: KubeEvent): Obs => ({ ...(e.lastSeen ?? e.firstSeen ? { time: e.lastSeen ?? e.firstSeen } : {}), precisionMs: e.timePrecisionMs ?? 0, evidence: eventEvidence(e) });
const resObs = (r: Resource, excerpt: string): Obs => ({ ...(r.obj.metadata.creationTimestamp ? { time: r.obj.metadata.creationTimestamp } : {}), precisionMs: 0, evidence: ev(r, excerpt, r.obj.metadata.creationTimestamp) });

/** Pod events of the controllers: which pod, which owner, created or deleted. */
function podEvent(e: KubeEvent): { pod: string; owner?: { kind: string; name: string }; created: boolean } | undefined {
  const owner = e.object && e.object.kind !== 'Pod' ? { kind: e.object.kind, name: e.object.name } : undefined;
  let m = /^(Created|Deleted) pod: (\S+)/.exec(e.message);
  if (m && (e.reason === 'SuccessfulCreate' || e.reason === 'SuccessfulDelete')) return { pod: m[2], ...(owner ? { owner } : {}), created: m[1] === 'Created' };
  m = /^(create|delete) Pod (\S+) in StatefulSet (\S+) successful/.exec(e.message);
  if (m) return { pod: m[2], owner: { kind: 'StatefulSet', name: m[3] }, created: m[1] === 'create' };
  return undefined;
}

function histories(model: BundleModel, capturedMs: number): Map<string, History> {
  const present = new Set(model.pods.map((p) => `${p.namespace}/${p.name}`));
  const ownerOfPod = new Map<string, string>();
  for (const p of model.pods) ownerOfPod.set(`${p.namespace}/${p.name}`, p.workload);
  const out = new Map<string, History>();
  const get = (namespace: string, owner: string): History => {
    const k = `${namespace}/${owner}`;
    if (!out.has(k)) out.set(k, { namespace, owner, stopped: new Map(), created: new Map(), scaledDown: [], scaledUp: [], oldReplicaSets: [] });
    return out.get(k)!;
  };
  for (const e of model.events) {
    const ns = e.object?.namespace ?? e.namespace ?? '';
    const pe = podEvent(e);
    if (pe) {
      const owner = workloadOf(pe.pod, pe.owner);
      ownerOfPod.set(`${ns}/${pe.pod}`, owner);
      const h = get(ns, owner);
      if (pe.created) h.created.set(pe.pod, obs(e));
      else h.stopped.set(pe.pod, obs(e));
      continue;
    }
    const scale = e.reason === 'ScalingReplicaSet' ? /^Scaled (up|down) replica set (\S+) to (\d+)(?: from (\d+))?/.exec(e.message) : null;
    if (scale && e.object) {
      const h = get(ns, e.object.name);
      if (scale[1] === 'up') h.scaledUp.push({ ...obs(e), rs: scale[2] });
      else h.scaledDown.push({ ...obs(e), rs: scale[2], ...(scale[4] !== undefined ? { by: Number(scale[4]) - Number(scale[3]) } : {}) });
    }
  }
  // kubelet stops of pods that are gone now (restarts of pods still present are not replacements)
  for (const e of model.events) {
    if (e.reason !== 'Killing' || e.object?.kind !== 'Pod' || !/^Stopping container /.test(e.message)) continue;
    const ns = e.object.namespace ?? e.namespace ?? '';
    if (present.has(`${ns}/${e.object.name}`)) continue;
    const h = get(ns, ownerOfPod.get(`${ns}/${e.object.name}`) ?? workloadOf(e.object.name));
    if (!h.stopped.has(e.object.name)) h.stopped.set(e.object.name, obs(e));
  }
  const recent = (r: Resource) => capturedMs - ms(r.obj.metadata.creationTimestamp) <= RECENT_MS;
  const replicaSets = model.resources.filter((r) => r.kind === 'ReplicaSet');
  const byDeployment = new Map<string, Resource[]>();
  for (const rs of replicaSets) {
    const d = rs.obj.metadata.ownerReferences?.find((o) => o.kind === 'Deployment')?.name;
    if (d) byDeployment.set(`${rs.namespace}/${d}`, [...(byDeployment.get(`${rs.namespace}/${d}`) ?? []), rs]);
  }
  for (const [k, list] of byDeployment) {
    const sorted = [...list].sort((a, b) => ms(a.obj.metadata.creationTimestamp) - ms(b.obj.metadata.creationTimestamp));
    const newest = sorted[sorted.length - 1];
    if (!recent(newest)) continue;
    const previous = sorted.slice(0, -1).filter((rs) => Number(rs.obj.spec?.replicas ?? 0) === 0).pop();
    if (previous) get(k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)).oldReplicaSets.push([previous, newest]);
  }
  for (const r of model.resources) {
    if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(r.kind) || !r.namespace) continue;
    // control-plane owners get a history even without events: their creation time alone can show a reinstall
    const h = out.get(`${r.namespace}/${r.name}`) ?? (componentOf(r.name) ? get(r.namespace, r.name) : undefined);
    if (h) h.ownerResource = r;
  }
  return out;
}

/** Pods that needed a control-plane component before it was created: its existence before, so a reinstall. */
function dependents(component: 'istiod' | 'istio-cni' | 'ztunnel', owner: Resource, model: BundleModel, before: number): Resource[] {
  // a revision's istiod serves only the pods injected for that revision (a canary istiod is newer than the rest)
  const revision = owner.obj.metadata.labels?.['istio.io/rev'];
  return model.resources.filter((p) => {
    if (p.kind !== 'Pod' || !(ms(p.obj.metadata.creationTimestamp) < before)) return false;
    const podRev = p.obj.metadata.labels?.['istio.io/rev'];
    if (component === 'istiod' && revision && podRev && podRev !== revision) return false;
    const ann = p.obj.metadata.annotations ?? {};
    const ambient = ann['ambient.istio.io/redirection'] === 'enabled';
    const inits: any[] = Array.isArray(p.obj.spec?.initContainers) ? p.obj.spec.initContainers : [];
    const all: any[] = [...(Array.isArray(p.obj.spec?.containers) ? p.obj.spec.containers : []), ...inits];
    if (component === 'istiod') return all.some((c) => c?.name === 'istio-proxy') || ambient;
    if (component === 'istio-cni') return inits.some((c) => c?.name === 'istio-validation') || ambient;
    return ambient;
  });
}

/** The Istio control-plane component an owner name is (`istiod`, `istiod-<revision>`, `istio-cni-node`, `ztunnel`), if any. */
export function componentOf(owner: string): 'istiod' | 'istio-cni' | 'ztunnel' | undefined {
  if (/^istiod(-[a-z0-9-]+)?$/.test(owner)) return 'istiod';
  if (/^istio-cni(-node)?$/.test(owner)) return 'istio-cni';
  if (owner === 'ztunnel') return 'ztunnel';
  return undefined;
}

/** Is the owner newer than its stopped pods (or than the pods that needed it)? Then it was installed again. */
function recreation(h: History, model: BundleModel, capturedMs: number): (Obs & { why: string }) | undefined {
  const r = h.ownerResource;
  const created = ms(r?.obj.metadata.creationTimestamp);
  if (!r || Number.isNaN(created) || capturedMs - created > RECENT_MS) return undefined;
  const stoppedBefore = [...h.stopped.values()].some((o) => o.time !== undefined && ms(o.time) - o.precisionMs <= created);
  if (stoppedBefore) return { ...resObs(r, `${r.kind} ${r.namespace}/${r.name} created ${r.obj.metadata.creationTimestamp}, after its old pods were stopped`), why: 'old pods stopped before it was created' };
  const component = componentOf(h.owner);
  if (!component) return undefined;
  const older = dependents(component, r, model, created);
  if (older.length === 0) return undefined;
  return { ...resObs(r, `${r.kind} ${r.namespace}/${r.name} created ${r.obj.metadata.creationTimestamp}; ${older.length} pod(s) that needed ${component} are older (first ${older[0].namespace}/${older[0].name})`), why: 'pods that needed it are older' };
}

function kindOf(h: History): ReplacementKind | undefined {
  if (h.recreated) return 'reinstall';
  const rsDown = new Set(h.scaledDown.map((s) => s.rs));
  const rsUp = new Set(h.scaledUp.map((s) => s.rs));
  if ([...rsDown].some((rs) => [...rsUp].some((u) => u !== rs)) || h.oldReplicaSets.length > 0) return 'rollout';
  if (h.stopped.size > 0 && h.created.size > 0) return h.ownerResource?.kind === 'DaemonSet' || h.ownerResource?.kind === 'StatefulSet' ? 'rollout' : 'deleted';
  if (h.scaledDown.length > 0) return 'scale-down';
  if (h.stopped.size > 0) return [...h.stopped.values()].some((o) => /SuccessfulDelete/.test(o.evidence.excerpt ?? '')) ? 'scale-down' : 'deleted';
  return undefined;
}

function replacedCount(h: History): number {
  const fromScale = h.scaledDown.reduce((n, s) => n + (s.by ?? 0), 0);
  const fromRs = h.oldReplicaSets.reduce((n, [old, cur]) => n + Number(old.obj.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] ?? cur.obj.spec?.replicas ?? 1), 0);
  return Math.max(h.stopped.size, fromScale, fromRs, 1);
}

/** One owner's replacement: its MSH5009 finding, with what MSH5010 needs to join reinstalls (component, window, evidence). */
export interface Replacement { finding: Finding; kind: ReplacementKind; component?: 'istiod' | 'istio-cni' | 'ztunnel'; from?: string; to?: string; evidence: Evidence[] }

/** MSH5009: one finding per (namespace, owner) whose pods were replaced. */
export function replacements(model: BundleModel): Replacement[] {
  const capturedMs = ms(model.capturedAt);
  const out: Replacement[] = [];
  for (const h of histories(model, Number.isNaN(capturedMs) ? Infinity : capturedMs).values()) {
    const rec = recreation(h, model, Number.isNaN(capturedMs) ? Infinity : capturedMs);
    if (rec) h.recreated = rec;
    const kind = kindOf(h);
    if (!kind) continue;
    const all: Obs[] = [...h.stopped.values(), ...h.scaledDown, ...(h.recreated ? [h.recreated] : []), ...h.created.values(), ...h.scaledUp,
      ...h.oldReplicaSets.flatMap(([old, cur]) => [resObs(old, `ReplicaSet ${old.namespace}/${old.name} scaled to 0`), resObs(cur, `ReplicaSet ${cur.namespace}/${cur.name} created ${cur.obj.metadata.creationTimestamp}`)])];
    const times = timeRange(kind === 'rollout' && h.oldReplicaSets.length && !h.stopped.size ? h.oldReplicaSets.map(([, cur]) => cur.obj.metadata.creationTimestamp) : all.map((o) => o.time));
    const current = model.pods.filter((p) => p.namespace === h.namespace && p.workload === h.owner && p.phase !== 'Succeeded');
    // a reinstall seen only from the owner's creation time replaced as many pods as it runs now
    const replaced = kind === 'reinstall' && h.stopped.size === 0 ? Math.max(current.length, 1) : replacedCount(h);
    const data = { owner: h.owner, namespace: h.namespace, replaced, kind, from: times.first ?? '-', to: times.last ?? '-', readyNow: `${current.filter((p) => p.ready).length}/${current.length}` };
    const evidence = all.slice(0, 6).map((o) => o.evidence);
    const component = componentOf(h.owner);
    const meta = times.first ? STATUS_CHECKS.podsReplaced : { ...STATUS_CHECKS.podsReplaced, message: '{{namespace}}/{{owner}}: {{replaced}} pod(s) replaced by a {{kind}}; {{readyNow}} of its pods Ready now' };
    const finding = makeFinding(meta, `${h.namespace}/${h.owner}`, {
      data, evidence, count: data.replaced,
      resources: [{ kind: h.ownerResource?.kind ?? (h.oldReplicaSets.length || h.scaledUp.length ? 'Deployment' : 'Pod'), namespace: h.namespace, name: h.owner }],
      ...(times.first ? { firstSeen: times.first } : {}), ...(times.last ? { lastSeen: times.last } : {}),
    });
    out.push({ finding, kind, ...(component ? { component } : {}), ...(times.first ? { from: times.first } : {}), ...(times.last ? { to: times.last } : {}), evidence });
  }
  return out;
}

const COMPONENT_ORDER = ['istiod', 'istio-cni', 'ztunnel'] as const;

/** MSH5010: istiod and at least one other control-plane component (istio-cni, ztunnel) reinstalled within an hour. */
export function controlPlaneReinstall(reps: readonly Replacement[]): Finding[] {
  const reinstalls = reps.filter((r) => r.kind === 'reinstall' && r.component && r.from && r.to);
  const istiod = reinstalls.filter((r) => r.component === 'istiod');
  for (const anchor of istiod) {
    const together = reinstalls.filter((r) => Math.abs(ms(r.from) - ms(anchor.from)) <= REINSTALL_SPAN_MS);
    const components = COMPONENT_ORDER.filter((c) => together.some((r) => r.component === c));
    if (components.length < 2) continue;
    const times = timeRange(together.flatMap((r) => [r.from, r.to]));
    return [makeFinding(STATUS_CHECKS.controlPlaneReinstall, times.first!, {
      data: { components: components.join(', '), from: times.first!, to: times.last! },
      resources: together.flatMap((r) => r.finding.resources),
      evidence: together.flatMap((r) => r.evidence.slice(0, 3)),
      count: together.length, firstSeen: times.first!, lastSeen: times.last!,
    })];
  }
  return [];
}

/**
 * Pods the platform cannot start: unschedulable (MSH7001), images that cannot be pulled (MSH7002), pull secrets
 * that do not exist (MSH7003). Wording: kube-scheduler `FailedScheduling` "0/N nodes are available: 2 Insufficient
 * cpu, 1 node(s) had untolerated taint {…}. preemption: …" (framework `FitError`); kubelet image manager `Failed`
 * "Failed to pull image "X": …", `BackOff` "Back-off pulling image "X"", "Error: ErrImagePull" /
 * "Error: ImagePullBackOff", `InspectFailed`, `ErrImageNeverPull`; kubelet `FailedToRetrieveImagePullSecret`
 * "Unable to retrieve some image pull secrets (X); attempting to pull the image may not succeed." Pods' own status
 * (PodScheduled=False Unschedulable, containers waiting ErrImagePull/ImagePullBackOff) counts too, so a bundle whose
 * events expired still shows them.
 */
import type { BundleModel } from '../model/bundle.js';
import type { KubeEvent } from '../model/events.js';
import type { Evidence, Finding } from '../model/finding.js';
import { makeFinding } from '../model/finding.js';
import { ev } from '../status/common.js';
import { PLATFORM_CHECKS } from './checks.js';
import { fewOf, groupEvents, ns, oneLine, severityFor, summarize } from './common.js';

const CAUSES: Array<[RegExp, string]> = [
  [/Insufficient cpu/, 'Insufficient cpu'],
  [/Insufficient memory/, 'Insufficient memory'],
  [/Insufficient ephemeral-storage/, 'Insufficient ephemeral-storage'],
  [/Insufficient (\S+)/, 'Insufficient extended resource'],
  [/untolerated taint|had taint .*didn't tolerate/, 'untolerated taint'],
  [/didn't match Pod's node affinity|didn't match node selector|didn't match pod affinity|didn't match pod anti-affinity|didn't satisfy existing pods anti-affinity/, 'node affinity/selector'],
  [/unbound immediate PersistentVolumeClaims|persistentvolumeclaim "[^"]+" not found/, 'unbound PersistentVolumeClaim'],
  [/volume node affinity conflict/, 'volume node affinity conflict'],
  [/Too many pods/, 'Too many pods'],
  [/didn't have free ports/, 'host port in use'],
  [/were unschedulable|node\(s\) were not ready/, 'nodes unschedulable or not ready'],
];

/**
 * The dominant reason of a scheduler message: of its `N reason` items (before ` preemption:`), the one that
 * excludes the most nodes, named by `CAUSES`; the whole message is tried when it has no items.
 */
export function schedulingCause(message: string): string {
  const body = /nodes are available: (.*?)(?:\. preemption:|\.?$)/s.exec(message)?.[1];
  const items = body ? [...body.matchAll(/(\d+) ([^,]+?)(?=, \d+ |$)/g)].map((m) => ({ n: Number(m[1]), text: m[2] })) : [];
  const ranked = items.sort((a, b) => b.n - a.n);
  for (const text of [...ranked.map((i) => i.text), message]) {
    const hit = CAUSES.find(([re]) => re.test(text));
    if (hit) return hit[1];
  }
  return 'no node fits';
}

function podConditions(model: BundleModel): Array<{ namespace: string; pod: string; message: string; evidence: Evidence }> {
  return model.resources.flatMap((r) => {
    if (r.kind !== 'Pod' || r.obj.status?.phase !== 'Pending') return [];
    const c = (Array.isArray(r.obj.status?.conditions) ? r.obj.status.conditions : []).find((x: any) => x?.type === 'PodScheduled' && x?.status === 'False');
    if (!c || c.reason !== 'Unschedulable') return [];
    const message = typeof c.message === 'string' ? c.message : 'Unschedulable';
    return [{ namespace: r.namespace ?? '', pod: r.name, message, evidence: ev(r, `${r.namespace}/${r.name} Pending: PodScheduled=False Unschedulable: ${oneLine(message, 200)}`) }];
  });
}

/** MSH7001: one finding per (namespace, dominant cause). */
export function scheduling(model: BundleModel): Finding[] {
  const groups = groupEvents(model.events, (e) => (e.reason === 'FailedScheduling' && e.type === 'Warning' ? `${ns(e)}\u0000${schedulingCause(e.message)}` : undefined));
  const pending = podConditions(model);
  for (const p of pending) {
    const k = `${p.namespace}\u0000${schedulingCause(p.message)}`;
    if (!groups.has(k)) groups.set(k, []);
  }
  const out: Finding[] = [];
  for (const [key, list] of groups) {
    const [namespace, cause] = key.split('\u0000');
    const s = summarize(list);
    const stuck = pending.filter((p) => p.namespace === namespace && schedulingCause(p.message) === cause);
    const pods = new Set([...s.objects.filter((o) => o.kind === 'Pod').map((o) => o.name), ...stuck.map((p) => p.pod)]);
    const message = oneLine(list[list.length - 1]?.message ?? stuck[0].message);
    out.push(makeFinding(PLATFORM_CHECKS.scheduling, key, {
      severity: severityFor('error', s.last, model.capturedAt, stuck.length > 0),
      data: { namespace, cause, pods: pods.size, count: Math.max(s.count, stuck.length), message },
      resources: [...pods].map((name) => ({ kind: 'Pod', namespace, name })),
      evidence: [...stuck.slice(0, 2).map((p) => p.evidence), ...s.evidence],
      count: Math.max(s.count, pods.size),
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    }));
  }
  return out;
}

const PULL_FAILED = /^Failed to pull image "([^"]+)"/;
const PULL_BACKOFF = /^Back-off pulling image "([^"]+)"/;
const PULL_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

/** The pull-failure class of an event (`ErrImagePull`, `ImagePullBackOff`…) and its image, or undefined. */
export function imagePullEvent(e: KubeEvent): { reason: string; image?: string } | undefined {
  if (e.object?.kind !== 'Pod') return undefined;
  // kubelet records its pull back-off as a Normal event (images/image_manager.go), the failures as Warnings
  let m = PULL_BACKOFF.exec(e.message);
  if (m) return { reason: 'ImagePullBackOff', image: m[1] };
  if (e.type !== 'Warning') return undefined;
  m = PULL_FAILED.exec(e.message);
  if (m) return { reason: 'ErrImagePull', image: m[1] };
  if (e.reason === 'InspectFailed' || e.reason === 'ErrImageNeverPull') return { reason: e.reason, ...(/image "([^"]+)"/.exec(e.message) ? { image: /image "([^"]+)"/.exec(e.message)![1] } : {}) };
  m = /^Error: (ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull)$/.exec(e.message.trim());
  return m ? { reason: m[1] } : undefined;
}

/** MSH7002: one finding per (namespace, pull-failure class), events and waiting containers together. */
export function imagePulls(model: BundleModel): Finding[] {
  const detailed = new Set(model.events.flatMap((e) => {
    const p = imagePullEvent(e);
    return p?.image ? [`${ns(e)}/${e.object!.name}/${p.reason}`] : [];
  }));
  // "Error: ErrImagePull" repeats a "Failed to pull image" event of the same pod (and "Error: ImagePullBackOff" a
  // "Back-off pulling image"); keep it only when it is alone
  const groups = groupEvents(model.events, (e) => {
    const p = imagePullEvent(e);
    if (!p || (!p.image && detailed.has(`${ns(e)}/${e.object!.name}/${p.reason}`))) return undefined;
    return `${ns(e)}\u0000${p.reason}`;
  });
  const podObjects = new Map(model.resources.filter((r) => r.kind === 'Pod').map((r) => [`${r.namespace}/${r.name}`, r]));
  const waiting = model.pods.flatMap((p) => p.containers.filter((c) => c.waitingReason && PULL_WAITING.has(c.waitingReason)).map((c) => ({ pod: p, reason: c.waitingReason! })));
  for (const w of waiting) if (!groups.has(`${w.pod.namespace}\u0000${w.reason}`)) groups.set(`${w.pod.namespace}\u0000${w.reason}`, []);
  const out: Finding[] = [];
  for (const [key, list] of groups) {
    const [namespace, reason] = key.split('\u0000');
    const s = summarize(list);
    const stuck = waiting.filter((w) => w.pod.namespace === namespace && w.reason === reason);
    const pods = new Set([...s.objects.map((o) => o.name), ...stuck.map((w) => w.pod.name)]);
    const images = list.flatMap((e) => imagePullEvent(e)?.image ?? []);
    for (const w of stuck) {
      const spec = podObjects.get(`${namespace}/${w.pod.name}`)?.obj.spec;
      for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) if (typeof c?.image === 'string' && w.pod.containers.some((x) => x.name === c.name && x.waitingReason === reason)) images.push(c.image);
    }
    const example = list.find((e) => PULL_FAILED.test(e.message)) ?? list[list.length - 1];
    out.push(makeFinding(PLATFORM_CHECKS.imagePull, key, {
      severity: severityFor('error', s.last, model.capturedAt, stuck.length > 0),
      data: { namespace, reason, images: images.length ? fewOf(images) : 'not named', pods: pods.size, count: Math.max(s.count, stuck.length), message: example ? oneLine(example.message) : reason },
      resources: [...pods].map((name) => ({ kind: 'Pod', namespace, name })),
      evidence: [...stuck.slice(0, 2).map((w) => ev(w.pod, `${namespace}/${w.pod.name}: container waiting ${reason}`)), ...s.evidence],
      count: Math.max(s.count, pods.size),
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    }));
  }
  return out;
}

const PULL_SECRET = /Unable to retrieve some image pull secrets \(([^)]*)\)/;

/** MSH7003: one finding per namespace. */
export function pullSecrets(model: BundleModel): Finding[] {
  const groups = groupEvents(model.events, (e) => (e.reason === 'FailedToRetrieveImagePullSecret' || PULL_SECRET.test(e.message) ? ns(e) : undefined));
  return [...groups].map(([namespace, list]) => {
    const s = summarize(list);
    const secrets = list.flatMap((e) => (PULL_SECRET.exec(e.message)?.[1] ?? '').split(/,\s*/).filter(Boolean));
    return makeFinding(PLATFORM_CHECKS.pullSecret, namespace, {
      data: { namespace, secrets: secrets.length ? fewOf(secrets) : 'not named', pods: s.objects.length, count: s.count, message: oneLine(list[list.length - 1].message) },
      resources: s.objects, evidence: s.evidence, count: s.count,
      ...(s.first ? { firstSeen: s.first } : {}), ...(s.last ? { lastSeen: s.last } : {}),
    });
  });
}

/**
 * Exit codes and restart loops (MSH5001 OOMKilled, MSH5002 restarting), native sidecars included: container
 * terminations from `containerStatuses` and `initContainerStatuses` (Pod YAML or `kubectl describe` text), joined
 * with the probe events around them, aggregated per (namespace, workload, container). See exit-codes.ts for what
 * the codes mean.
 */
import type { BundleModel } from '../model/bundle.js';
import type { KubeEvent } from '../model/events.js';
import type { Evidence, Finding, Severity } from '../model/finding.js';
import { makeFinding, timeRange } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import type { ContainerStateChange, PodStatusSummary } from '../model/pods.js';
import { workloadOf } from '../model/pods.js';
import { STATUS_CHECKS } from './checks.js';
import { dominant, ev, eventContainer, eventEvidence, isIstiodPod, median, ms } from './common.js';
import { exitMeaning, killedBy, signalName, type KilledBy } from './exit-codes.js';

/** Kubelet events of one pod's container: probe failures (Unhealthy), probe kills (Killing), restart back-offs (BackOff). */
interface ProbeEvents { failures: KubeEvent[]; kills: KubeEvent[]; backoffs: KubeEvent[] }

interface Termination { s: ContainerStateChange; by: KilledBy; runMs?: number }

interface Group {
  namespace: string;
  workload: string;
  container: string;
  native: boolean;
  /** Pod name → its states for this container. */
  pods: Map<string, ContainerStateChange[]>;
  terminations: Termination[];
  probes: ProbeEvents;
}

const PROBE_FAILED = /^(?:Liveness|Startup) probe (?:failed|errored)/;
const PROBE_KILL = /failed (?:liveness|startup) probe, will be restarted/;
const BACKOFF = /^Back-off restarting failed container/;
/** Slack around a probe kill when matching it to a termination, beyond the event time's own precision. */
const KILL_SLACK_MS = 120_000;
/** Restarts per pod from which a loop that is still going on is an error even while the pod is Ready between kills. */
const LOOP_RESTARTS = 5;
/** A loop whose last termination is this close to the capture time is still going on. */
const RECENT_LOOP_MS = 60 * 60_000;
const INTERCEPTION_CONTAINERS = new Set(['istio-init', 'istio-validation']);

function isFailedTermination(s: ContainerStateChange): boolean {
  return s.state === 'terminated' && !(s.reason === 'Completed' && (s.exitCode ?? 0) === 0);
}

/** Does the container's history show a restart loop or an OOM kill worth a finding? */
function notable(states: readonly ContainerStateChange[]): boolean {
  return states.some((s) => (s.state === 'terminated' && s.reason === 'OOMKilled')
    || (s.state === 'waiting' && s.reason === 'CrashLoopBackOff')
    || (isFailedTermination(s) && s.restartCount > 0));
}

function probeEventsOf(events: readonly KubeEvent[]): Map<string, ProbeEvents> {
  const out = new Map<string, ProbeEvents>();
  for (const e of events) {
    if (e.object?.kind !== 'Pod') continue;
    const failed = e.reason === 'Unhealthy' && PROBE_FAILED.test(e.message);
    const kill = e.reason === 'Killing' && PROBE_KILL.test(e.message);
    const backoff = e.reason === 'BackOff' && BACKOFF.test(e.message);
    if (!failed && !kill && !backoff) continue;
    const container = eventContainer(e) ?? /^(?:Container|Back-off restarting failed container) (\S+)/.exec(e.message)?.[1] ?? '';
    const key = `${e.object.namespace ?? e.namespace ?? ''}/${e.object.name}/${container}`;
    const p = out.get(key) ?? { failures: [], kills: [], backoffs: [] };
    (failed ? p.failures : kill ? p.kills : p.backoffs).push(e);
    out.set(key, p);
  }
  return out;
}

/** Was this termination the kubelet's probe kill? Without times on either side, any probe kill of the container counts. */
function byProbe(s: ContainerStateChange, kills: readonly KubeEvent[]): boolean {
  const t = ms(s.time);
  return kills.some((k) => {
    const first = ms(k.firstSeen ?? k.lastSeen);
    const last = ms(k.lastSeen ?? k.firstSeen);
    if (Number.isNaN(t) || Number.isNaN(first)) return true;
    const slack = KILL_SLACK_MS + (k.timePrecisionMs ?? 0);
    return t >= first - slack && t <= last + slack;
  });
}

function groups(model: BundleModel): Group[] {
  const pods = new Map(model.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const probes = probeEventsOf(model.events);
  const byContainer = new Map<string, Group>();
  const statesOf = new Map<string, ContainerStateChange[]>();
  for (const s of model.containerStates) {
    const k = `${s.namespace}/${s.pod}/${s.container}`;
    statesOf.set(k, [...(statesOf.get(k) ?? []), s]);
  }
  for (const [k, states] of statesOf) {
    if (!notable(states)) continue;
    const s0 = states[0];
    const workload = pods.get(`${s0.namespace}/${s0.pod}`)?.workload ?? workloadOf(s0.pod);
    const gk = `${s0.namespace}/${workload}/${s0.container}`;
    const g: Group = byContainer.get(gk) ?? { namespace: s0.namespace, workload, container: s0.container, native: false, pods: new Map(), terminations: [], probes: { failures: [], kills: [], backoffs: [] } };
    const p = probes.get(k) ?? probes.get(`${s0.namespace}/${s0.pod}/`) ?? { failures: [], kills: [], backoffs: [] };
    g.native ||= states.some((s) => s.nativeSidecar);
    g.pods.set(s0.pod, states);
    g.probes.failures.push(...p.failures);
    g.probes.kills.push(...p.kills);
    g.probes.backoffs.push(...p.backoffs);
    for (const s of states.filter(isFailedTermination)) {
      const run = ms(s.time) - ms(s.startedAt);
      g.terminations.push({ s, by: killedBy(s, byProbe(s, p.kills)), ...(run >= 0 ? { runMs: run } : {}) });
    }
    byContainer.set(gk, g);
  }
  return [...byContainer.values()];
}

function restartsOf(states: readonly ContainerStateChange[]): number {
  return Math.max(0, ...states.map((s) => s.restartCount));
}

/** The container is failing at capture: waiting (CrashLoopBackOff…), terminated, or running but not ready in a pod that is not Ready. */
function failingNow(g: Group, pods: Map<string, PodStatusSummary>): boolean {
  return [...g.pods].some(([pod, states]) => {
    if (states.some((s) => s.state === 'waiting')) return true;
    const summary = pods.get(`${g.namespace}/${pod}`);
    const c = summary?.containers.find((x) => x.name === g.container);
    return summary !== undefined && !summary.ready && c !== undefined && !c.ready && summary.phase !== 'Succeeded';
  });
}

function rootCausesOf(g: Group, oom: boolean, signal: string, by: KilledBy): string[] {
  const killed = oom || (signal === 'SIGKILL' && by === 'unknown');
  if (g.container === 'istio-proxy') return killed ? ['sidecar-resource-exhaustion'] : [];
  if ([...g.pods.keys()].every(isIstiodPod)) {
    if (killed) return ['istiod-resource-exhaustion', 'istiod-unavailable'];
    return by === 'node-restart' ? [] : ['istiod-unavailable'];
  }
  if (INTERCEPTION_CONTAINERS.has(g.container) && by !== 'node-restart') return ['traffic-interception-failure'];
  return [];
}

function memoryLimit(g: Group, podObjects: Map<string, Resource>): string | undefined {
  for (const pod of g.pods.keys()) {
    const spec = podObjects.get(`${g.namespace}/${pod}`)?.obj.spec ?? {};
    const all: any[] = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])];
    const limit = all.find((c) => c?.name === g.container)?.resources?.limits?.memory;
    if (typeof limit === 'string' || typeof limit === 'number') return String(limit);
  }
  return undefined;
}

/** What the bundle holds to read next, for the remediation: the container's log file, and whether it has the previous run. */
function logAdvice(g: Group, model: BundleModel): string {
  const logs = model.logs.filter((l) => l.meta.namespace === g.namespace && l.meta.pod !== undefined && g.pods.has(l.meta.pod)
    && (l.meta.container === g.container || (g.container === 'istio-proxy' && l.meta.component === 'istio-proxy')));
  if (logs.length === 0) return `The bundle holds no log of ${g.container} for these pods; collect \`kubectl logs --previous -n ${g.namespace} <pod> -c ${g.container}\` for the run that ended.`;
  const previous = logs.find((l) => l.previousSection);
  if (previous) return `The bundle holds the previous run's log: ${previous.meta.file} lines ${previous.previousSection!.startLine}–${previous.previousSection!.endLine}.`;
  return `The bundle holds the current run's log only (${logs[0].meta.file}); the run that ended is not in it.`;
}

/** For istio-proxy: whether the bundle holds Envoy's memory numbers (`memory`, `stats/prometheus`) for these pods. */
function memoryAdvice(g: Group, model: BundleModel): string {
  if (g.container !== 'istio-proxy') return '';
  const files = model.proxies.filter((p) => p.namespace === g.namespace && g.pods.has(p.pod)).flatMap((p) => [p.files.memory, p.files.stats]).filter((f): f is string => Boolean(f));
  return files.length ? ` The bundle holds Envoy's memory figures: ${files.slice(0, 2).join(', ')}.` : ' The bundle holds no Envoy memory figures (memory, stats) for these pods.';
}

function remediation(g: Group, by: KilledBy, exitCode: number | undefined, reason: string | undefined, limit: string | undefined, probeFailures: number, model: BundleModel): string {
  const lim = limit ? ` (memory limit ${limit})` : ' (no memory limit in the pod spec the bundle holds)';
  const proxy = g.container === 'istio-proxy'
    ? ' For istio-proxy: raise `sidecar.istio.io/proxyMemoryLimit` (or the injection template\'s resources) or shrink its config with a Sidecar resource and fewer stats.'
    : '';
  switch (by) {
    case 'oom-killer':
      return `The kernel OOM killer stopped ${g.container} at its memory limit${lim}: ${exitMeaning(exitCode, reason)}.${proxy} Compare the limit with the container's memory use before it was killed.${memoryAdvice(g, model)}`;
    case 'liveness-probe':
      return `The kubelet killed ${g.container} after ${probeFailures} failed liveness/startup probe(s) (events Unhealthy and Killing around each restart). Read the probe failures: a probe that times out under load, or a start slower than the probe allows, restarts a healthy container. ${logAdvice(g, model)}`;
    case 'node-restart':
      return `${exitMeaning(exitCode, reason)}: the pods restarted with their node. This is history unless it repeats; check the node's conditions and events.`;
    case 'unknown':
      return exitCode === 137
        ? `${exitMeaning(exitCode, reason)}, but the kubelet did not report OOMKilled and the events show no probe kill around the restarts: the kill came from outside the process, most often the kernel OOM killer hitting a process of the container at its memory limit${lim}, or a stop that outran the grace period.${proxy}${memoryAdvice(g, model)} ${logAdvice(g, model)}`
        : `${exitMeaning(exitCode, reason)}: the container was stopped from outside (kubelet stop, eviction, a probe kill whose event expired). ${logAdvice(g, model)}`;
    default:
      return `${exitMeaning(exitCode, reason)}: the process ended by itself. ${logAdvice(g, model)}`;
  }
}

function message(oom: boolean, by: KilledBy, native: boolean, run: boolean, signal: string, hasExit: boolean): string {
  const who = `{{container}}${native ? ' (native sidecar)' : ''} in {{namespace}}/{{workload}}`;
  const runText = run ? ' after a median {{runSeconds}} s of run time' : '';
  if (oom) return `${who} was OOMKilled: {{restarts}} restart(s) in {{pods}} pod(s), exit {{exitCode}} ({{signal}})${runText}`;
  const restarted = `${who} restarted {{restarts}} time(s) in {{pods}} pod(s)`;
  if (!hasExit) return `${restarted} ({{reason}})`;
  switch (by) {
    case 'liveness-probe': return `${restarted}: the kubelet killed it after failed probes ({{probeFailures}} probe failures; last exit {{exitCode}}, {{signal}})`;
    case 'node-restart': return `${restarted} when its node restarted (exit {{exitCode}}, reason {{reason}})`;
    case 'unknown': return `${restarted}, killed with {{signal}} (exit {{exitCode}}, reason {{reason}})${runText}; no probe kill around the restarts`;
    default: return `${restarted}: it exited with code {{exitCode}} ({{reason}}${signal !== '-' ? ', {{signal}}' : ''})${runText}`;
  }
}

function excerpt(s: ContainerStateChange): string {
  const what = s.state === 'terminated'
    ? `terminated ${s.reason ?? '?'}, exit ${s.exitCode ?? '?'}${s.startedAt ? `, started ${s.startedAt}` : ''}${s.time ? `, finished ${s.time}` : ''}`
    : `${s.state} ${s.reason ?? ''}`.trim();
  return `${s.namespace}/${s.pod} ${s.container}${s.nativeSidecar ? ' (native sidecar)' : ''}: ${what}, ${s.restartCount} restart(s)`;
}

/**
 * Severity from impact: `error` when the container is failing at capture, or still looping (its last termination
 * within an hour of capture, or no capture time known) after many restarts or OOM kills; `info` for restarts that
 * came with a node restart and are over; `warning` for the rest (history, a few restarts).
 */
function severityOf(oom: boolean, by: KilledBy, now: boolean, maxRestarts: number, lastEnd: string | undefined, capturedAt: string | undefined): Severity {
  if (now) return 'error';
  if (by === 'node-restart') return 'info';
  const gap = ms(capturedAt) - ms(lastEnd);
  const recent = Number.isNaN(gap) || gap <= RECENT_LOOP_MS;
  if (recent && (maxRestarts >= LOOP_RESTARTS || (oom && maxRestarts >= 3))) return 'error';
  return 'warning';
}

/** MSH5001 and MSH5002 findings, one per (namespace, workload, container); MSH5001 when any termination was OOMKilled. */
export function containerFindings(model: BundleModel): Finding[] {
  const pods = new Map(model.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const podObjects = new Map(model.resources.filter((r) => r.kind === 'Pod').map((r) => [`${r.namespace}/${r.name}`, r]));
  const out: Finding[] = [];
  for (const g of groups(model)) {
    const terms = [...g.terminations].sort((a, b) => (ms(a.s.time) || 0) - (ms(b.s.time) || 0));
    const oom = terms.some((t) => t.s.reason === 'OOMKilled');
    const exitCode = dominant(terms.map((t) => t.s.exitCode).filter((c): c is number => c !== undefined));
    const reason = dominant(terms.map((t) => t.s.reason ?? 'no reason')) ?? dominant([...g.pods.values()].flat().filter((s) => s.state === 'waiting').map((s) => s.reason ?? 'waiting')) ?? 'no reason';
    const withCode = terms.find((t) => t.s.exitCode === exitCode);
    const signal = signalName(exitCode, withCode?.s.signal);
    const by = dominant(terms.map((t) => t.by)) ?? 'unknown';
    const runMs = median(terms.flatMap((t) => (t.runMs !== undefined ? [t.runMs] : [])));
    const restartsPerPod = [...g.pods.values()].map(restartsOf);
    const restarts = restartsPerPod.reduce((a, b) => a + b, 0);
    const probeFailures = g.probes.failures.reduce((n, e) => n + e.count, 0);
    const now = failingNow(g, pods);
    const data = {
      container: g.container, workload: g.workload, namespace: g.namespace, pods: g.pods.size, restarts,
      exitCode: exitCode ?? '-', reason, signal, killedBy: by, nativeSidecar: g.native ? 'yes' : 'no',
      runSeconds: runMs !== undefined ? Math.round(runMs / 1000) : '-', probeFailures,
    };
    const meta = oom ? STATUS_CHECKS.oomKilled : STATUS_CHECKS.restarting;
    const rootCauses = rootCausesOf(g, oom, signal, by);
    const statusEvidence: Evidence[] = [...g.pods.values()].slice(0, 5).map((states) => {
      const s = states.find(isFailedTermination) ?? states.find((x) => x.state === 'waiting') ?? states[0];
      return ev(s, excerpt(s), s.state === 'terminated' ? s.time : undefined);
    });
    // back-off rows stay SIG-K8S-001's evidence (the timeline links an event row to one finding)
    const probeEvidence = [...g.probes.kills, ...g.probes.failures].slice(0, 4).map(eventEvidence);
    // the terminations' times (a pod's status keeps its last one only; SIG-K8S-001 dates the back-offs), else the events'
    const eventTimes = [...g.probes.kills, ...g.probes.failures, ...g.probes.backoffs].flatMap((e) => [e.firstSeen, e.lastSeen]);
    const times = timeRange(terms.length ? terms.map((t) => t.s.time) : eventTimes);
    out.push(makeFinding({
      ...meta,
      message: message(oom, by, g.native, runMs !== undefined, signal, exitCode !== undefined),
      remediation: remediation(g, by, exitCode, reason, memoryLimit(g, podObjects), probeFailures, model),
      ...(rootCauses.length ? { rootCauses } : {}),
    }, `${g.namespace}/${g.workload}/${g.container}`, {
      severity: severityOf(oom, by, now, Math.max(0, ...restartsPerPod), times.last, model.capturedAt),
      data,
      resources: [...g.pods.keys()].map((name) => ({ kind: 'Pod', namespace: g.namespace, name })),
      evidence: [...statusEvidence, ...probeEvidence],
      count: Math.max(restarts, terms.length, 1),
      ...(times.first ? { firstSeen: times.first } : {}),
      ...(times.last ? { lastSeen: times.last } : {}),
    }));
  }
  return out;
}

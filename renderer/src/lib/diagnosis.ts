/**
 * What the first screen says, read from the report: is anything broken at capture (a cause at ≥ 0.5), what
 * happened before (past incidents), the mesh's state at capture, what lies outside the mesh, and how to read
 * exit codes and advice for this data-plane mode. Uses `report.incidents`, `report.stateAtCapture` and
 * `report.platform` when the engine gives them; otherwise derives what the report and the proxies allow, and
 * says so. Pure (no DOM, no React).
 */
import type { ProxySummary } from '../../../analyzers/contract/backend.js';
import type { Evidence, Finding, Incident, Report, RootCause, Severity, StateAtCapture } from '../../../analyzers/report/schema.js';

/** A cause must reach this confidence to be named as the root cause (the CLI's and the Markdown's threshold). */
export const CONFIDENT = 0.5;
/** Signals that stopped this long before the capture are history, not the state at capture (ms). */
export const RESOLVED_AFTER_MS = 60 * 60_000;

const SEV_RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

function latest(times: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const t of times) if (t && (!best || Date.parse(t) > Date.parse(best))) best = t;
  return best;
}

/** The last time any of a cause's findings was seen (RFC3339), or its own `lastSeen`. */
export function causeLastSeen(report: Pick<Report, 'findings'>, rc: RootCause): string | undefined {
  if (rc.lastSeen) return rc.lastSeen;
  const ids = new Set(rc.findingIds);
  return latest(report.findings.filter((f) => ids.has(f.id)).map((f) => f.lastSeen ?? f.firstSeen));
}

/** Whole hours (or minutes under 2 h) from `t` to the capture, as people say it: `26 h`, `45 min`. */
export function agoBeforeCapture(t: string | undefined, capturedAt: string | undefined): string | undefined {
  if (!t || !capturedAt) return undefined;
  const ms = Date.parse(capturedAt) - Date.parse(t);
  if (Number.isNaN(ms) || ms < 0) return undefined;
  if (ms < 2 * 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 72 * 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}

export interface PastEpisode {
  id: string;
  /** The cause the incident is attributed to (best ranked), if any. */
  cause?: RootCause;
  start?: string;
  end?: string;
  /** `26 h` before capture. */
  ago?: string;
  summary: string;
  /** From `report.incidents` (true) or derived from a root cause whose signals stopped before capture (false). */
  fromIncidents: boolean;
  incident?: Incident;
}

export interface Headline {
  /** The cause named as the root cause at capture: confident (≥ 0.5) and not resolved before capture. */
  top?: RootCause;
  /** Causes ranked for the capture that did not reach 0.5 (or were resolved before), best first. */
  candidates: RootCause[];
  atCapture?: Incident;
  past: PastEpisode[];
}

/**
 * The first screen's story. With `report.incidents`, the incident at capture and the past ones; without,
 * causes with error-level findings whose signals all stopped over an hour before capture count as past
 * ("resolved N h before capture").
 */
export function headline(report: Report): Headline {
  const cap = report.bundle.capturedAt;
  const incidents = report.incidents ?? [];
  if (incidents.length) {
    const atCapture = incidents.find((i) => i.status === 'at-capture');
    const ranked = report.rootCauses;
    const top = ranked[0] && ranked[0].confidence >= CONFIDENT ? ranked[0] : undefined;
    const past = incidents.filter((i) => i.status === 'past').sort((a, b) => Date.parse(b.end) - Date.parse(a.end)).map((i) => ({
      id: i.id, cause: i.rootCauses[0], start: i.start, end: i.end, ago: agoBeforeCapture(i.end, cap), summary: i.summary, fromIncidents: true, incident: i,
    }));
    return { top, candidates: ranked.filter((r) => r !== top), atCapture, past };
  }
  const capMs = cap ? Date.parse(cap) : NaN;
  const resolved = (rc: RootCause) => {
    const last = causeLastSeen(report, rc);
    return !!last && !Number.isNaN(capMs) && capMs - Date.parse(last) > RESOLVED_AFTER_MS;
  };
  const live = report.rootCauses.filter((rc) => !resolved(rc));
  const top = live[0] && live[0].confidence >= CONFIDENT ? live[0] : undefined;
  // an incident is error-level activity: a resolved cause made only of info and warnings (a pod burst) is not one
  const serious = (rc: RootCause) => {
    const ids = new Set(rc.findingIds);
    return report.findings.some((f) => ids.has(f.id) && (f.severity === 'error' || f.severity === 'critical'));
  };
  const past = report.rootCauses.filter((rc) => resolved(rc) && serious(rc)).map((rc) => {
    const ids = new Set(rc.findingIds);
    const fs = report.findings.filter((f) => ids.has(f.id));
    const start = rc.firstSeen ?? fs.map((f) => f.firstSeen).filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    const end = causeLastSeen(report, rc);
    return { id: `past-${rc.id}`, cause: rc, start, end, ago: agoBeforeCapture(end, cap), summary: rc.summary, fromIncidents: false };
  });
  return { top, candidates: report.rootCauses.filter((r) => r !== top && !resolved(r)), past };
}

/**
 * A cause's evidence, decisive lines first: the findings of its defining checks (found), then supporting ones,
 * then the rest of its findings by severity (critical first) and time; one line per finding, and one finding
 * per check before a check's second.
 */
export function decisiveEvidence(report: Report, rc: RootCause, max = 6): Array<Evidence & { finding: Finding; role?: 'defining' | 'supporting' }> {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const role = new Map<string, 'defining' | 'supporting'>();
  for (const c of rc.found ?? []) for (const id of c.findingIds) if (c.role !== 'contradicting' && !role.has(id)) role.set(id, c.role);
  const rank = (id: string) => (role.get(id) === 'defining' ? 0 : role.get(id) === 'supporting' ? 1 : 2);
  const ids = [...new Set([...role.keys(), ...rc.findingIds])].filter((id) => byId.get(id)?.evidence.length);
  ids.sort((a, b) => {
    const fa = byId.get(a)!, fb = byId.get(b)!;
    const ta = fa.firstSeen ? Date.parse(fa.firstSeen) : Infinity, tb = fb.firstSeen ? Date.parse(fb.firstSeen) : Infinity;
    return rank(a) - rank(b) || SEV_RANK[fa.severity] - SEV_RANK[fb.severity] || ta - tb;
  });
  // one line per check first (36 pods aborting is one fact), then the rest in the same order
  const seen = new Set<string>();
  const firstOfCheck = ids.filter((id) => !seen.has(byId.get(id)!.code) && !!seen.add(byId.get(id)!.code));
  const picked = [...firstOfCheck, ...ids.filter((id) => !firstOfCheck.includes(id))];
  return picked.slice(0, max).map((id) => {
    const f = byId.get(id)!;
    const r = role.get(id);
    return { ...f.evidence[0], finding: f, ...(r ? { role: r } : {}) };
  });
}

const SIGNALS: Record<number, [string, string]> = {
  1: ['SIGHUP', 'hang-up'], 2: ['SIGINT', 'interrupt'], 6: ['SIGABRT', 'abort: the process aborted itself (an assertion or a panic)'],
  9: ['SIGKILL', 'killed: usually the kernel OOM killer (memory limit reached) or the kubelet after failed liveness probes'],
  11: ['SIGSEGV', 'segmentation fault: the process crashed'], 15: ['SIGTERM', 'asked to stop: a rollout, a deletion, a node drain or a failed liveness probe'],
};

/**
 * What a container exit code means (Linux: 128 + n is "killed by signal n"; Kubernetes reports 255 with
 * reason `Unknown` when the container's state was lost, as after a node restart). `reason` sharpens it:
 * `OOMKilled` is the OOM killer; 137 with `Error` is SIGKILL from elsewhere, usually the kubelet.
 */
export function exitCodeMeaning(code: number | undefined, reason?: string): string | undefined {
  if (reason === 'OOMKilled') return `OOMKilled${code !== undefined ? ` (exit ${code}, SIGKILL)` : ''}: the kernel's OOM killer ended it, the container reached its memory limit`;
  if (code === undefined) return reason === 'Unknown' ? 'state lost (reason Unknown): usually the node restarted under it' : undefined;
  if (code === 0) return 'exit 0: finished normally';
  if (code === 255 && reason === 'Unknown') return 'exit 255, reason Unknown: the container\'s state was lost, usually because the node restarted';
  if (code === 137 && reason === 'Error') return 'exit 137 = SIGKILL, not by the OOM killer (reason Error): usually the kubelet, after failed liveness probes or a stop that outlived its grace period';
  if (code > 128 && code < 160) {
    const sig = SIGNALS[code - 128];
    return sig ? `exit ${code} = ${sig[0]}: ${sig[1]}` : `exit ${code} = signal ${code - 128}`;
  }
  if (code === 126) return 'exit 126: the command could not be run (permissions)';
  if (code === 127) return 'exit 127: the command was not found in the image';
  return `exit ${code}: the process failed on its own${reason && reason !== 'Error' ? ` (${reason})` : ''}`;
}

export type DataPlaneMode = StateAtCapture['dataPlaneMode'];

/** The data-plane mode: the engine's when given, else from the proxies (ztunnel or ambient pods → ambient). */
export function dataPlaneMode(report: Report, proxies?: readonly ProxySummary[]): DataPlaneMode | undefined {
  if (report.stateAtCapture) return report.stateAtCapture.dataPlaneMode;
  if (!proxies) return undefined;
  const ambient = proxies.some((p) => p.kind === 'ztunnel' || p.kind === 'ambient' || p.kind === 'waypoint');
  const sidecar = proxies.some((p) => p.kind === 'sidecar');
  return ambient && sidecar ? 'mixed' : ambient ? 'ambient' : sidecar ? 'sidecar' : proxies.some((p) => p.kind === 'gateway') ? 'sidecar' : 'none';
}

const SIDECAR_ONLY = /istio-init|UID 1337|\b1337\b|NET_ADMIN|NET_RAW|sidecar injection|inject(ed|ion) (label|webhook)/i;

/** Remediation steps split into those that apply to this mesh and those written for sidecar mode (hidden on an ambient mesh). */
export function adviceFor(steps: readonly string[], mode: DataPlaneMode | undefined): { apply: string[]; sidecarOnly: string[] } {
  if (mode !== 'ambient') return { apply: [...steps], sidecarOnly: [] };
  return { apply: steps.filter((s) => !SIDECAR_ONLY.test(s)), sidecarOnly: steps.filter((s) => SIDECAR_ONLY.test(s)) };
}

/** The state panel's content, with where each part came from. */
export interface ShownState {
  source: 'report' | 'derived';
  at?: string;
  mode?: DataPlaneMode;
  pods?: { total: number; ready: number; notReady: Array<{ namespace: string; name: string; reason?: string }>; scope: 'all' | 'mesh' };
  controlPlane: { total: number; ready?: number; pods: Array<{ namespace: string; name: string; ready?: boolean }> };
  proxies?: { total: number; synced: number; notSynced: Array<{ namespace: string; name: string; status: string }>; unknown: number };
  certificates?: { checked: number; expired: number; earliestExpiry?: string };
}

/**
 * `report.stateAtCapture` as is, or derived: pods from the mesh pods the proxies list knows (their Ready
 * condition), proxies SYNCED from istiod's syncz, certificates from each proxy's `certs`, control-plane pods
 * from the inventory (readiness unknown there).
 */
export function shownState(report: Report, proxies?: readonly ProxySummary[]): ShownState {
  const s = report.stateAtCapture;
  if (s) {
    return { source: 'report', at: s.at, mode: s.dataPlaneMode, pods: { ...s.pods, scope: 'all' }, controlPlane: s.controlPlane, proxies: s.proxies, certificates: s.certificates };
  }
  const cp = report.bundle.inventory.controlPlane;
  const out: ShownState = { source: 'derived', at: report.bundle.capturedAt, controlPlane: { total: cp.length, pods: cp.map((p) => ({ namespace: p.namespace, name: p.name })) } };
  if (!proxies) return out;
  out.mode = dataPlaneMode(report, proxies);
  const withPod = proxies.filter((p) => p.pod);
  if (withPod.length) {
    out.pods = {
      total: withPod.length, ready: withPod.filter((p) => p.pod!.ready).length, scope: 'mesh',
      notReady: withPod.filter((p) => !p.pod!.ready).map((p) => ({ namespace: p.namespace, name: p.name, ...(p.pod!.waiting ? { reason: p.pod!.waiting } : p.pod!.phase && p.pod!.phase !== 'Running' ? { reason: p.pod!.phase } : {}) })),
    };
  }
  const collected = proxies.filter((p) => p.collected);
  if (collected.length) {
    const withSync = collected.filter((p) => p.sync && Object.keys(p.sync).length);
    const bad = withSync.filter((p) => Object.values(p.sync!).some((v) => v !== 'SYNCED' && v !== 'NOT SENT'));
    out.proxies = {
      total: collected.length, synced: withSync.length - bad.length, unknown: collected.length - withSync.length,
      notSynced: bad.map((p) => ({ namespace: p.namespace, name: p.name, status: Object.entries(p.sync!).filter(([, v]) => v !== 'SYNCED' && v !== 'NOT SENT').map(([k, v]) => `${k} ${v}`).join(', ') })),
    };
    const judged = collected.filter((p) => p.certStatus !== 'unknown');
    const expiries = judged.flatMap((p) => (p.certs ?? []).map((c) => c.validTo)).filter((t): t is string => !!t && !Number.isNaN(Date.parse(t)));
    out.certificates = {
      checked: judged.length, expired: judged.filter((p) => p.certStatus === 'expired' || p.certStatus === 'missing' || p.certStatus === 'not-yet-valid').length,
      ...(expiries.length ? { earliestExpiry: expiries.sort((a, b) => Date.parse(a) - Date.parse(b))[0] } : {}),
    };
  }
  return out;
}

/** Platform (outside the mesh) findings, and whether they dominate: no confident mesh cause and at least one error there. */
export function platformView(report: Report, top: RootCause | undefined): { findings: Finding[]; dominates: boolean } {
  const findings = report.platform ?? [];
  const serious = findings.filter((f) => f.severity === 'critical' || f.severity === 'error');
  return { findings, dominates: !top && serious.length > 0 };
}

/**
 * Reinstalls and rollouts the report names (the evidence checks `status/control-plane-reinstall` and
 * `status/pods-replaced`, whose `data.kind` says rollout or reinstall), as timeline markers: one per minute,
 * labelled with what happened then (`reinstall`, `rollout`, `reinstall, rollout`).
 */
export function replacementMarkers(report: Pick<Report, 'findings'>): Array<{ time: string; label: string; findingIds: string[] }> {
  const hits: Array<{ ms: number; time: string; label: string; id: string }> = [];
  for (const f of report.findings) {
    const label = f.analyzer === 'status/control-plane-reinstall' ? 'reinstall'
      : f.analyzer === 'status/pods-replaced' ? (f.data?.kind === 'rollout' ? 'rollout' : f.data?.kind === 'reinstall' ? 'reinstall' : 'pods replaced') : undefined;
    const t = f.firstSeen ?? f.evidence.find((e) => e.time)?.time;
    if (label && t && !Number.isNaN(Date.parse(t))) hits.push({ ms: Date.parse(t), time: t, label, id: f.id });
  }
  hits.sort((a, b) => a.ms - b.ms);
  const out: Array<{ time: string; label: string; findingIds: string[]; ms: number; labels: Set<string> }> = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (last && h.ms - last.ms <= 60_000) {
      last.labels.add(h.label);
      last.findingIds.push(h.id);
    } else out.push({ time: h.time, ms: h.ms, label: '', labels: new Set([h.label]), findingIds: [h.id] });
  }
  return out.map((m) => ({ time: m.time, label: [...m.labels].join(', '), findingIds: m.findingIds }));
}

/**
 * Incidents: episodes close in time, clustered. The rules:
 *
 * - Every timed finding is one episode (episodes.ts) and contributes activity segments: its window for a
 *   log-signature episode, points at its first/last/evidence times otherwise.
 * - Segments of findings at warning or above are swept in time order; a segment starting within 30 min
 *   (INCIDENT_JOIN_MS) of the current cluster's end joins it. Info findings never start or stretch an
 *   incident; they join the incident their last activity falls in (±30 min), or stay context.
 * - A finding belongs to the incident of its **latest** activity (a readiness probe failing since yesterday
 *   and still failing is about now, not about yesterday's outage). An incident's window is the span of its
 *   own findings' activity inside the cluster.
 * - Evidence about pods that no longer exist at capture (absent from pod status: replaced in a rollout or a
 *   reinstall) is history: it stays in its incident but never makes an incident "at capture", and it is left
 *   out when the causes of the incident at capture are weighed.
 * - The incident **at capture** is the latest incident with current activity (warning or above, not history)
 *   whose last signal is within max(30 min, 2 × its rhythm, at most 6 h) of `capturedAt`, the rhythm being
 *   the finding's mean gap between hits. Without a capture time, the latest incident is at capture. Every
 *   other incident is past.
 * - Findings without time (config, proxy state) are the state at capture: they join the incident at capture
 *   (creating one at the capture time, when it is known, if any of them is an error) and, by the resources they name, past
 *   incidents whose findings name the same resources.
 */
import type { Finding, Severity } from '../model/finding.js';
import type { ClusterView } from './cluster-view.js';
import { isTimed, segmentsOf, type Segment } from './episodes.js';
import { podsOf } from './context.js';

export const INCIDENT_JOIN_MS = 30 * 60_000;
export const CAPTURE_WINDOW_FLOOR_MS = 30 * 60_000;
export const CAPTURE_WINDOW_CEILING_MS = 6 * 3600_000;

const SIGNIFICANT: ReadonlySet<Severity> = new Set(['critical', 'error', 'warning']);

/** An incident before its causes are ranked. */
export interface Cluster {
  id: string;
  startMs: number;
  endMs: number;
  atCapture: boolean;
  /** Findings listed in the incident (timed ones whose latest activity is here, state joined to it). */
  findings: Finding[];
  /** The findings cause models weigh (history left out of the incident at capture). */
  view: Finding[];
}

interface Activity {
  f: Finding;
  segments: Segment[];
  lastMs: number;
  significant: boolean;
  history: boolean;
}

/** Does every pod this finding names no longer exist at capture? (False when it names none.) */
export function isHistory(f: Finding, cluster: ClusterView): boolean {
  const pods = podsOf(f);
  return pods.length > 0 && pods.every((k) => {
    const i = k.indexOf('/');
    return !cluster.podExistsAtCapture(k.slice(0, i), k.slice(i + 1));
  });
}

/** How long before capture a finding's last signal may be and still run into the capture window, ms. */
export function captureWindowMs(f: Finding): number {
  const a = f.firstSeen ? Date.parse(f.firstSeen) : NaN;
  const b = f.lastSeen ? Date.parse(f.lastSeen) : NaN;
  const rhythm = f.count > 1 && Number.isFinite(a) && Number.isFinite(b) ? (b - a) / (f.count - 1) : 0;
  return Math.min(CAPTURE_WINDOW_CEILING_MS, Math.max(CAPTURE_WINDOW_FLOOR_MS, 2 * rhythm));
}

function incidentId(ms: number): string {
  return `inc-${new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** Cluster findings into incidents, oldest first (see the module comment for the rules). */
export function clusterIncidents(findings: readonly Finding[], cluster: ClusterView): Cluster[] {
  const timed: Activity[] = [];
  const state: Finding[] = [];
  for (const f of findings) {
    if (!isTimed(f)) {
      state.push(f);
      continue;
    }
    const segments = segmentsOf(f);
    if (segments.length === 0) continue;
    timed.push({ f, segments, lastMs: Math.max(...segments.map((s) => s.endMs)), significant: SIGNIFICANT.has(f.severity), history: isHistory(f, cluster) });
  }

  // Sweep the significant segments into time ranges.
  const ranges: Array<{ startMs: number; endMs: number }> = [];
  for (const s of timed.filter((a) => a.significant).flatMap((a) => a.segments).sort((x, y) => x.startMs - y.startMs)) {
    const cur = ranges[ranges.length - 1];
    if (cur && s.startMs <= cur.endMs + INCIDENT_JOIN_MS) cur.endMs = Math.max(cur.endMs, s.endMs);
    else ranges.push({ startMs: s.startMs, endMs: s.endMs });
  }
  const rangeOf = (ms: number, slack: number) => ranges.findIndex((r) => ms >= r.startMs - slack && ms <= r.endMs + slack);

  // Each finding goes to the range of its latest activity.
  const members: Activity[][] = ranges.map(() => []);
  for (const a of timed) {
    const i = rangeOf(a.lastMs, a.significant ? 0 : INCIDENT_JOIN_MS);
    if (i >= 0) members[i]!.push(a);
  }
  const out: Cluster[] = [];
  members.forEach((acts, i) => {
    if (acts.length === 0) return;
    const r = ranges[i]!;
    // The window is the span of the members that make the incident: info findings join it but never stretch it.
    const makers = acts.some((a) => a.significant) ? acts.filter((a) => a.significant) : acts;
    const inside = makers.flatMap((a) => a.segments).filter((s) => s.endMs >= r.startMs - INCIDENT_JOIN_MS && s.startMs <= r.endMs + INCIDENT_JOIN_MS);
    const startMs = Math.min(...inside.map((s) => s.startMs));
    const endMs = Math.max(...inside.map((s) => s.endMs));
    out.push({ id: incidentId(startMs), startMs, endMs, atCapture: false, findings: acts.map((a) => a.f), view: acts.map((a) => a.f) });
  });

  // The incident at capture: the latest with current activity running into the capture window.
  const capMs = cluster.capturedMs;
  const current = (c: Cluster) => c.findings.some((f) => SIGNIFICANT.has(f.severity) && !isHistory(f, cluster)
    && (!Number.isFinite(capMs) || Date.parse(f.lastSeen ?? f.firstSeen ?? '') >= capMs - captureWindowMs(f)));
  let atCapture = [...out].reverse().find(current);
  if (atCapture) atCapture.atCapture = true;
  else if (Number.isFinite(capMs) && state.some((f) => f.severity === 'error' || f.severity === 'critical')) {
    atCapture = { id: incidentId(capMs), startMs: capMs, endMs: capMs, atCapture: true, findings: [], view: [] };
    out.push(atCapture);
  }
  if (atCapture) {
    atCapture.view = atCapture.findings.filter((f) => !isHistory(f, cluster));
    atCapture.findings.push(...state);
    atCapture.view.push(...state);
  }
  for (const c of out) {
    if (c === atCapture) continue;
    const keys = new Set(c.findings.flatMap((f) => f.resources.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`)));
    const joined = state.filter((f) => f.resources.some((r) => keys.has(`${r.kind}/${r.namespace ?? ''}/${r.name}`)));
    c.findings.push(...joined);
    c.view.push(...joined);
  }
  // Ids stay unique when two incidents start in the same second.
  const seen = new Map<string, number>();
  for (const c of out) {
    const n = seen.get(c.id) ?? 0;
    seen.set(c.id, n + 1);
    if (n > 0) c.id = `${c.id}-${n + 1}`;
  }
  return out;
}

/**
 * What the correlator concludes from findings: ranked root causes and the causal timeline. Produced by
 * `correlate/`, rendered by `report/`. Times are RFC3339 UTC strings.
 */
import type { ResourceRef } from './k8s.js';
import type { Evidence, Severity } from './finding.js';

export interface RootCause {
  id: string;
  title: string;
  confidence: number;
  summary: string;
  findingIds: string[];
  /** Findings explained by this cause rather than causing anything (e.g. istiod readiness 503 during a CA storm). */
  symptoms: Array<{ findingId: string; text: string }>;
  remediation: string[];
  firstSeen?: string;
  lastSeen?: string;
  /** The incident (episode cluster) this ranking belongs to (`Incident.id`). */
  incidentId?: string;
  /** Expected and found: the cause model's defining and supporting evidence that the episode holds. */
  found?: CauseCheck[];
  /** Expected and not found: defining and supporting evidence the model looked for in vain. */
  missing?: CauseCheck[];
  /** Found against: contradicting evidence the episode holds (it lowered the confidence). */
  against?: CauseCheck[];
}

/** One piece of evidence a cause model asks for, as judged on one episode. */
export interface CauseCheck {
  /** What the model looks for, in words an engineer can check ("a STRICT PeerAuthentication selects the workload"). */
  says: string;
  /** `defining`: needed for ≥ 0.5; `supporting`: raises the confidence; `contradicting`: lowers it. */
  role: 'defining' | 'supporting' | 'contradicting';
  /** Findings that show it (empty when not found, or when it was read straight from config or status: see `evidence`). */
  findingIds: string[];
  /** Evidence read directly (a resource field, a pod status) when no finding carries it. */
  evidence?: Evidence[];
}

/**
 * An incident: a cluster of signal episodes close in time. Exactly one incident is `at-capture` when any
 * error-level activity runs into the capture window; older ones are `past` (history, never today's root cause).
 */
export interface Incident {
  /** Stable id (`inc-` + start time). */
  id: string;
  status: 'at-capture' | 'past';
  /** Window of the incident's signals, RFC3339 UTC. */
  start: string;
  end: string;
  /** For past incidents: how long before the capture time its last signal was, ms. */
  endedBeforeCaptureMs?: number;
  /** Causes ranked for this incident, best first. For the incident at capture this is `report.rootCauses`. */
  rootCauses: RootCause[];
  /** Findings (mesh and platform) whose episodes fall in this incident. */
  findingIds: string[];
  /** One line an engineer would write about it. */
  summary: string;
}

/**
 * One precondition of one cause model, evaluated on the bundle at analyze time (issue 12 "clusters at
 * risk"): the fleet view aggregates these from cached JSON reports, without the bundles.
 */
export interface Exposure {
  /** Catalogue id of the cause. */
  cause: string;
  /** The precondition in words ("workload certificates come from an external CA"). */
  says: string;
  holds: boolean;
  /** What shows it holds (empty when it does not). */
  evidence: Evidence[];
}

/** An error template mined from warn/error log lines that no signature claimed (Drain-style). */
export interface UnrecognisedTemplate {
  /** Stable id of the template. */
  id: string;
  /** Log component that wrote the lines (istio-proxy, istiod, cni, ztunnel…). */
  component: string;
  /** The template, variables masked as `<*>` (or a typed mask such as `<IP>`). */
  template: string;
  level?: string;
  count: number;
  /** `namespace/name` of the pods whose logs hold it. */
  pods: string[];
  firstSeen?: string;
  lastSeen?: string;
  /** Two example lines with file:line. */
  examples: Evidence[];
  /** Rank score (burstiness near the incident, novelty, severity, spread); higher first. */
  score: number;
  /** Lines of this template inside the ranking window (the incident at capture, or the last hour before capture). */
  windowCount?: number;
}

/** The mesh as it stood when the bundle was taken, from pod status, istiod's syncz and the proxies' certificates. */
export interface StateAtCapture {
  /** RFC3339 capture time this describes. */
  at?: string;
  /** `sidecar`, `ambient`, both, or `none` found. */
  dataPlaneMode: 'sidecar' | 'ambient' | 'mixed' | 'none';
  pods: { total: number; ready: number; notReady: Array<{ namespace: string; name: string; reason?: string }> };
  controlPlane: { total: number; ready: number; pods: Array<{ namespace: string; name: string; ready: boolean }> };
  proxies: { total: number; synced: number; notSynced: Array<{ namespace: string; name: string; status: string }>; unknown: number };
  certificates: { checked: number; expired: number; earliestExpiry?: string };
}

export type TimelineKind = 'event' | 'log' | 'status' | 'config';

export interface TimelineItem {
  time: string;
  kind: TimelineKind;
  severity: Severity;
  component: string;
  resource?: ResourceRef;
  text: string;
  file?: string;
  line?: number;
  findingId?: string;
  /** 'root-cause' when the item is evidence of the top root cause, 'symptom' when of one of its symptoms. */
  role?: 'root-cause' | 'symptom';
  count?: number;
  /** The incident (`Incident.id`) the item belongs to, when it falls in one. */
  incidentId?: string;
}

/** A duration for people: "12 min", "26 h", "3 days" (ms in). */
export function formatDuration(ms: number): string {
  const h = ms / 3600_000;
  if (h >= 48) return `${Math.round(h / 24)} days`;
  if (h >= 1) return `${Math.round(h)} h`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}

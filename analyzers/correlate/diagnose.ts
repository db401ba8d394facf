/**
 * The diagnosis: findings → incidents (incidents.ts) → causes ranked per incident by the cause models
 * (causes/*, scorer.ts) → `rootCauses` (the incident at capture), `incidents[]` (oldest first) and
 * `exposure[]` (every model's preconditions on this cluster). Pure; runs once per bundle on findings and
 * the loaded model, never per log line.
 */
import type { BundleModel } from '../model/bundle.js';
import type { ControlPlaneSnapshot } from '../proxy/snapshot.js';
import type { Evidence, Finding } from '../model/finding.js';
import { formatDuration, type Exposure, type Incident, type RootCause } from '../model/diagnosis.js';
import { CAUSES, type CauseModel } from './causes/index.js';
import { ClusterView } from './cluster-view.js';
import { EpisodeView, normalize } from './context.js';
import { clusterIncidents, type Cluster } from './incidents.js';
import { isTimed } from './episodes.js';
import { LIKELY, rankCauses } from './scorer.js';

export interface DiagnoseInput {
  model: BundleModel;
  /** Mesh findings (config, proxy state, status, signatures). */
  findings: readonly Finding[];
  /** Findings outside the mesh (report.platform): clustered into incidents and citable by models, never causes. */
  platform?: readonly Finding[];
  /** istiod state (metrics, syncz) as the proxy-state collector parsed it; models join it with the config. */
  controlPlane?: readonly ControlPlaneSnapshot[];
  /** Cause models to use (default: the whole catalogue). */
  causes?: readonly CauseModel[];
}

export interface Diagnosis {
  /** Ranked causes of the incident at capture (empty when there is none). */
  rootCauses: RootCause[];
  incidents: Incident[];
  exposure: Exposure[];
  /** Finding id → the incident it belongs to. */
  incidentOf: Map<string, string>;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function diagnose(input: DiagnoseInput): Diagnosis {
  const all = [...input.findings, ...(input.platform ?? [])];
  const cluster = new ClusterView({ model: input.model, findings: all, ...(input.controlPlane ? { controlPlane: input.controlPlane } : {}) });
  const models = input.causes ?? CAUSES;
  const clusters = clusterIncidents(all, cluster);
  const incidentOf = new Map<string, string>();
  const incidents: Incident[] = [];
  let rootCauses: RootCause[] = [];
  for (const c of clusters) {
    const ep = new EpisodeView(c.view, cluster, { startMs: c.startMs, endMs: c.endMs, atCapture: c.atCapture });
    const causes = rankCauses(models, ep).map((rc) => ({ ...rc, incidentId: c.id }));
    for (const f of c.findings) if (!incidentOf.has(f.id)) incidentOf.set(f.id, c.id);
    if (c.atCapture) rootCauses = causes;
    incidents.push(toIncident(c, causes, cluster.capturedMs));
  }
  // No activity runs into the capture window, but the state at capture may still define a cause (a listener
  // whose certificateRefs do not resolve, istiod not Ready): judged on the state alone, it makes the incident
  // at capture only when a cause reaches 0.5.
  if (!clusters.some((c) => c.atCapture) && Number.isFinite(cluster.capturedMs)) {
    const state = all.filter((f) => !isTimed(f));
    const capMs = cluster.capturedMs;
    const id = `inc-${iso(capMs).replace(/[-:]/g, '')}`;
    const causes = rankCauses(models, new EpisodeView(state, cluster, { startMs: capMs, endMs: capMs, atCapture: true })).map((rc) => ({ ...rc, incidentId: id }));
    if (causes.some((rc) => rc.confidence >= LIKELY)) {
      const cited = new Set(causes.flatMap((rc) => [...rc.findingIds, ...rc.symptoms.map((x) => x.findingId)]));
      const c: Cluster = { id, startMs: capMs, endMs: capMs, atCapture: true, findings: state.filter((f) => cited.has(f.id)), view: state };
      for (const f of c.findings) if (!incidentOf.has(f.id)) incidentOf.set(f.id, id);
      rootCauses = causes;
      incidents.push(toIncident(c, causes, capMs));
    }
  }
  return { rootCauses, incidents, exposure: exposure(models, cluster), incidentOf };
}

function toIncident(c: Cluster, causes: RootCause[], capMs: number): Incident {
  const ended = Number.isFinite(capMs) && Number.isFinite(c.endMs) && !c.atCapture ? Math.max(0, capMs - c.endMs) : undefined;
  return {
    id: c.id,
    status: c.atCapture ? 'at-capture' : 'past',
    start: iso(c.startMs),
    end: iso(c.endMs),
    ...(ended !== undefined ? { endedBeforeCaptureMs: ended } : {}),
    rootCauses: causes,
    findingIds: c.findings.map((f) => f.id),
    summary: summary(c, causes, ended),
  };
}

/**
 * One line an engineer would write, without the window (start/end carry it): the top cause and what defines
 * it, or that nothing reaches 0.5 and the strongest signal; for past incidents, how long before capture they
 * ended. "istiod-unavailable (0.68): xDS or CA dials to istiod failed from most proxies …. Resolved 26 h before capture."
 */
function summary(c: Cluster, causes: RootCause[], endedMs: number | undefined): string {
  const top = causes[0];
  const timed = c.view.filter((f) => f.firstSeen !== undefined);
  const strongest = [...(timed.length ? timed : c.view)].sort((a, b) => sevRank(b) - sevRank(a) || b.count - a.count)[0];
  const because = top?.found?.find((x) => x.role === 'defining')?.says;
  const what = top && top.confidence >= LIKELY
    ? `${top.id} (${top.confidence.toFixed(2)})${because ? `: ${because}` : ''}`
    : `no cause reaches 0.5${top ? ` (closest: ${top.id} ${top.confidence.toFixed(2)})` : ''}${strongest ? `; strongest signal: ${strongest.message}` : ''}`;
  const after = endedMs !== undefined ? ` Resolved ${formatDuration(endedMs)} before capture.` : '';
  return `${what}.${after}`;
}

const SEV = { critical: 3, error: 2, warning: 1, info: 0 } as const;
const sevRank = (f: Finding) => SEV[f.severity];


function exposure(models: readonly CauseModel[], cluster: ClusterView): Exposure[] {
  const out: Exposure[] = [];
  for (const m of models) {
    for (const p of m.preconditions) {
      let s;
      try {
        s = normalize(p.test(cluster));
      } catch {
        s = undefined; // a precondition that trips over odd input does not hold
      }
      const evidence: Evidence[] = s ? [...s.evidence, ...s.findings.flatMap((f) => f.evidence.slice(0, 1))].slice(0, 10) : [];
      out.push({ cause: m.id, says: p.says, holds: s !== undefined, evidence });
    }
  }
  return out;
}

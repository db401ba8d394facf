/**
 * `meshlens fleet`: many clusters' reports side by side (issue 12 "would the same issue occur in our other
 * clusters?"). Each report is first reduced to a compact ClusterDigest (`digestReport`; a few KB, so that a fleet of
 * hundreds of bundles never holds their reports), then `fleetSummary` joins the digests:
 * - a clusters × causes matrix from `incidents[]` (the incident at capture and past ones, causes at ≥ 0.5);
 * - clusters at risk from `exposure[]`: for every cause found somewhere, the other clusters that hold enough of its
 *   preconditions without the failure (AT_RISK rule below), with the evidence of each precondition;
 * - finding codes (signatures, checks) and unrecognised log templates seen in two or more clusters;
 * - drift from `meshFacts` and the versions: settings whose value differs between clusters.
 * Pure: the caller reads the reports (node/fleet/).
 */
import type { Evidence, Severity } from '../model/finding.js';
import type { Exposure, Incident } from '../model/diagnosis.js';
import type { MeshFacts } from '../model/facts.js';
import type { Report } from '../report/schema.js';
import { CAUSE_THRESHOLD } from '../diff/index.js';

const SEV_RANK: Record<Severity, number> = { critical: 3, error: 2, warning: 1, info: 0 };
/** Unrecognised templates kept per cluster (the best-ranked ones). */
const TEMPLATES_PER_CLUSTER = 30;

/** An incident as the fleet shows it: window and the causes at ≥ 0.5 (best first). */
export interface FleetIncident {
  id: string;
  status: Incident['status'];
  start: string;
  end: string;
  causes: Array<{ id: string; title: string; confidence: number }>;
  /** Best cause below 0.5, when none reaches it. */
  closest?: { id: string; confidence: number };
  summary: string;
}

/** One cluster, reduced to what the fleet compares. */
export interface ClusterDigest {
  name: string;
  source: string;
  /** `bundle` analysed now, `cache` (a report from --reports reused), `report` (a JSON report given as input). */
  from: 'bundle' | 'cache' | 'report';
  capturedAt?: string;
  istio: { controlPlane: string[]; proxies: string[] };
  incidents: FleetIncident[];
  /** Undefined when the report predates exposure[] (re-analyse the bundle to judge the risk). */
  exposure?: Exposure[];
  facts?: MeshFacts;
  codes: Array<{ code: string; title: string; severity: Severity; count: number; findings: number }>;
  /** Warnings while reading the bundle (a truncated archive, an unreadable file): how many, and the first. */
  readWarnings?: { count: number; first: string };
  templates: Array<{ id: string; component: string; template: string; count: number }>;
}

/** A cluster that could not be read: listed with the reason, never dropped silently. */
export interface FleetError {
  name: string;
  source: string;
  error: string;
}

/**
 * `failing`: a cause at ≥ 0.5 in the incident at capture; `incident`: an incident at capture with no cause at 0.5;
 * `at-risk`: at risk of a cause found in another cluster; `healthy`; `unknown`: no incident, but the report has no
 * exposure[] to judge the risk; `unreadable`: the input could not be read or analysed (its row says why).
 */
export type ClusterStatus = 'failing' | 'incident' | 'at-risk' | 'healthy' | 'unknown' | 'unreadable';

export interface PreconditionCheck {
  says: string;
  holds: boolean;
  /** Also holds in a cluster where the cause was found. */
  sharedWithFound: boolean;
  evidence: Evidence[];
}

export interface RiskEntry {
  cluster: string;
  holds: number;
  of: number;
  preconditions: PreconditionCheck[];
}

export interface CauseRisk {
  cause: string;
  title: string;
  /** Clusters where the cause was found (at capture or in a past incident). */
  foundIn: string[];
  /** At risk: hold at least `threshold` of the preconditions, without the failure. */
  threshold: number;
  atRisk: RiskEntry[];
  /** Hold some preconditions, fewer than the threshold. */
  partly: RiskEntry[];
  /** Clusters whose reports carry no exposure[] (made by an older meshlens): not judged. */
  unknown: string[];
}

export interface MatrixCell {
  /** Confidence in the incident at capture, when the cause reaches 0.5 there. */
  atCapture?: number;
  /** Past incidents whose causes include it at ≥ 0.5. */
  past: number;
  /** Preconditions held, when the cluster is at risk or partly exposed. */
  risk?: { holds: number; of: number; atRisk: boolean };
}

export interface FleetRow {
  cluster: string;
  status: ClusterStatus;
  capturedAt?: string;
  istio: string;
  from: ClusterDigest['from'];
  /** One line: the incident at capture, or why the cluster is at risk, or "healthy". */
  summary: string;
  cells: Record<string, MatrixCell>;
  /** Past incidents, any cause (or none). */
  pastIncidents: number;
  /** An incident at capture with no cause at 0.5. */
  unexplained?: string;
}

export interface SharedCode {
  code: string;
  title: string;
  severity: Severity;
  clusters: Array<{ cluster: string; count: number }>;
}

export interface SharedTemplate {
  component: string;
  template: string;
  clusters: Array<{ cluster: string; count: number }>;
}

export interface Drift {
  area: 'versions' | 'ca' | 'istiod' | 'meshConfig' | 'peerAuthentication' | 'destinationRules' | 'sidecar';
  setting: string;
  values: Array<{ value: string; clusters: string[] }>;
}

export interface FleetSummary {
  /** Clusters read (unreadable inputs are in `errors` and have a row marked `unreadable`). */
  clusters: number;
  /** Cause ids found in at least one cluster, in the matrix's column order (most clusters first). */
  causes: Array<{ id: string; title: string }>;
  rows: FleetRow[];
  risks: CauseRisk[];
  sharedCodes: SharedCode[];
  sharedTemplates: SharedTemplate[];
  drift: Drift[];
  errors: FleetError[];
}

/** A matrix cell in words: `now 0.92`, `past ×2`, `at risk 3/4`, `2/4`, or `-`. */
export function cellText(c: MatrixCell | undefined): string {
  if (!c) return '-';
  const parts: string[] = [];
  if (c.atCapture !== undefined) parts.push(`now ${c.atCapture.toFixed(2)}`);
  if (c.past) parts.push(`past ×${c.past}`);
  if (c.risk) parts.push(`${c.risk.atRisk ? 'at risk ' : ''}${c.risk.holds}/${c.risk.of}`);
  return parts.join(', ') || '-';
}

/** The cluster's name: the input's file or folder name without archive extensions (`prod-eu1.tar.gz` → `prod-eu1`). */
export function clusterName(path: string): string {
  const base = path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path;
  return base.replace(/\.(tar\.gz|tgz|tar|zip|json|gz)$/i, '') || base;
}

const incidentOf = (i: Incident): FleetIncident => {
  const likely = i.rootCauses.filter((c) => c.confidence >= CAUSE_THRESHOLD);
  const top = i.rootCauses[0];
  return {
    id: i.id, status: i.status, start: i.start, end: i.end, summary: i.summary,
    causes: likely.map((c) => ({ id: c.id, title: c.title, confidence: c.confidence })),
    ...(likely.length === 0 && top ? { closest: { id: top.id, confidence: top.confidence } } : {}),
  };
};

/** Reduces a report to what the fleet compares (a few KB). */
export function digestReport(name: string, report: Report, from: ClusterDigest['from']): ClusterDigest {
  const codes = new Map<string, ClusterDigest['codes'][number]>();
  for (const f of [...report.findings, ...(report.platform ?? [])]) {
    const c = codes.get(f.code);
    if (c) {
      c.count += f.count;
      c.findings++;
      if (SEV_RANK[f.severity] > SEV_RANK[c.severity]) c.severity = f.severity;
    } else codes.set(f.code, { code: f.code, title: f.title, severity: f.severity, count: f.count, findings: 1 });
  }
  // Reports made before incidents[] existed: the root causes at capture stand for the incident at capture.
  const incidents = report.incidents ?? (report.rootCauses.some((c) => c.confidence >= CAUSE_THRESHOLD) ? [{
    id: 'at-capture', status: 'at-capture' as const, start: report.bundle.capturedAt ?? '', end: report.bundle.capturedAt ?? '',
    rootCauses: report.rootCauses, findingIds: [], summary: `${report.rootCauses[0]!.id} (${report.rootCauses[0]!.confidence.toFixed(2)})`,
  }] : []);
  return {
    name,
    source: report.bundle.source,
    from,
    ...(report.bundle.capturedAt ? { capturedAt: report.bundle.capturedAt } : {}),
    istio: { controlPlane: report.bundle.inventory.versions?.controlPlane ?? [], proxies: report.bundle.inventory.versions?.proxies ?? [] },
    incidents: incidents.map(incidentOf),
    ...(report.exposure ? { exposure: report.exposure } : {}),
    ...(report.meshFacts ? { facts: report.meshFacts } : {}),
    codes: [...codes.values()].sort((a, b) => a.code.localeCompare(b.code)),
    ...(report.bundle.warnings.length ? { readWarnings: { count: report.bundle.warnings.length, first: report.bundle.warnings[0]!.message } } : {}),
    templates: (report.unrecognised ?? []).slice(0, TEMPLATES_PER_CLUSTER).map((t) => ({ id: t.id, component: t.component, template: t.template, count: t.count })),
  };
}

/**
 * Preconditions a cluster must hold to be at risk of a cause with `n` preconditions: all of them when there are one
 * or two, all but one when there are three or more (a cluster one setting away from the failing one's state).
 */
export function riskThreshold(n: number): number {
  return n <= 2 ? n : n - 1;
}

/** Joins the clusters' digests (sorted by name); `errors` are inputs that could not be read. */
export function fleetSummary(digests: readonly ClusterDigest[], errors: readonly FleetError[] = []): FleetSummary {
  const clusters = [...digests].sort((a, b) => a.name.localeCompare(b.name));
  // causes found, and where
  const found = new Map<string, { title: string; clusters: Set<string> }>();
  for (const c of clusters) {
    for (const i of c.incidents) {
      for (const cause of i.causes) {
        const e = found.get(cause.id) ?? { title: cause.title, clusters: new Set<string>() };
        e.clusters.add(c.name);
        found.set(cause.id, e);
      }
    }
  }
  const causes = [...found].sort((a, b) => b[1].clusters.size - a[1].clusters.size || a[0].localeCompare(b[0])).map(([id, e]) => ({ id, title: e.title }));
  const risks = causes.map((cause) => causeRisk(cause.id, cause.title, [...found.get(cause.id)!.clusters].sort(), clusters));

  const rows: FleetRow[] = clusters.map((c) => {
    const now = c.incidents.find((i) => i.status === 'at-capture');
    const past = c.incidents.filter((i) => i.status === 'past');
    const cells: Record<string, MatrixCell> = {};
    for (const { id } of causes) {
      const atCapture = now?.causes.find((x) => x.id === id)?.confidence;
      const pastN = past.filter((i) => i.causes.some((x) => x.id === id)).length;
      const risk = risks.find((r) => r.cause === id)!;
      const entry = risk.atRisk.find((e) => e.cluster === c.name) ?? risk.partly.find((e) => e.cluster === c.name);
      cells[id] = { ...(atCapture !== undefined ? { atCapture } : {}), past: pastN, ...(entry ? { risk: { holds: entry.holds, of: entry.of, atRisk: risk.atRisk.includes(entry) } } : {}) };
    }
    const atRiskOf = risks.filter((r) => r.atRisk.some((e) => e.cluster === c.name));
    const status: ClusterStatus = now?.causes.length ? 'failing' : now ? 'incident' : atRiskOf.length ? 'at-risk' : c.exposure || causes.length === 0 ? 'healthy' : 'unknown';
    const pastText = past.length ? `; ${past.length} past incident${past.length > 1 ? 's' : ''}${past.some((i) => i.causes.length) ? ` (${[...new Set(past.flatMap((i) => i.causes.map((x) => x.id)))].join(', ')})` : ' (no cause at 0.5)'}` : '';
    const summary = status === 'failing' ? `incident at capture: ${now!.causes.map((x) => `${x.id} (${x.confidence.toFixed(2)})`).join(', ')}${pastText}`
      : status === 'incident' ? `incident at capture, no cause at 0.5${now!.closest ? ` (closest: ${now!.closest.id} ${now!.closest.confidence.toFixed(2)})` : ''}${pastText}`
        : status === 'at-risk' ? `at risk of ${atRiskOf.map((r) => { const e = r.atRisk.find((x) => x.cluster === c.name)!; return `${r.cause} (${e.holds} of ${e.of} preconditions)`; }).join(', ')}${pastText}`
          : status === 'unknown' ? `no incident; risk not judged (the report has no exposure: re-analyse the bundle)${pastText}` : `healthy: no incident at capture${pastText}`;
    const partial = c.readWarnings ? `; read with ${c.readWarnings.count} warning${c.readWarnings.count > 1 ? 's' : ''} (${c.readWarnings.first})` : '';
    return {
      cluster: c.name, status, ...(c.capturedAt ? { capturedAt: c.capturedAt } : {}), istio: c.istio.controlPlane.join(', ') || '?', from: c.from,
      summary: summary + partial, cells, pastIncidents: past.length, ...(now && !now.causes.length ? { unexplained: now.summary } : {}),
    };
  });

  // inputs that could not be read keep a row, marked unreadable, in name order with the others
  for (const e of errors) rows.push({ cluster: e.name, status: 'unreadable', istio: '?', from: 'bundle', summary: `unreadable: ${e.error}`, cells: {}, pastIncidents: 0 });
  rows.sort((a, b) => a.cluster.localeCompare(b.cluster));

  return { clusters: clusters.length, causes, rows, risks, sharedCodes: sharedCodes(clusters), sharedTemplates: sharedTemplates(clusters), drift: drift(clusters), errors: [...errors] };
}

function causeRisk(cause: string, title: string, foundIn: string[], clusters: readonly ClusterDigest[]): CauseRisk {
  const holdsWhereFound = new Set(clusters.filter((c) => foundIn.includes(c.name)).flatMap((c) => (c.exposure ?? []).filter((e) => e.cause === cause && e.holds).map((e) => e.says)));
  const out: CauseRisk = { cause, title, foundIn, threshold: 0, atRisk: [], partly: [], unknown: [] };
  for (const c of clusters) {
    if (foundIn.includes(c.name)) continue;
    if (!c.exposure) {
      out.unknown.push(c.name);
      continue;
    }
    const pre = c.exposure.filter((e) => e.cause === cause);
    if (pre.length === 0) continue;
    const threshold = riskThreshold(pre.length);
    out.threshold = threshold;
    const holds = pre.filter((e) => e.holds).length;
    if (holds === 0) continue;
    const entry: RiskEntry = {
      cluster: c.name, holds, of: pre.length,
      preconditions: pre.map((e) => ({ says: e.says, holds: e.holds, sharedWithFound: e.holds && holdsWhereFound.has(e.says), evidence: e.evidence })),
    };
    (holds >= threshold ? out.atRisk : out.partly).push(entry);
  }
  const order = (a: RiskEntry, b: RiskEntry) => b.holds / b.of - a.holds / a.of || a.cluster.localeCompare(b.cluster);
  out.atRisk.sort(order);
  out.partly.sort(order);
  return out;
}

function sharedCodes(clusters: readonly ClusterDigest[]): SharedCode[] {
  const by = new Map<string, SharedCode>();
  for (const c of clusters) {
    for (const f of c.codes) {
      const s = by.get(f.code) ?? { code: f.code, title: f.title, severity: f.severity, clusters: [] };
      if (SEV_RANK[f.severity] > SEV_RANK[s.severity]) s.severity = f.severity;
      s.clusters.push({ cluster: c.name, count: f.count });
      by.set(f.code, s);
    }
  }
  return [...by.values()].filter((s) => s.clusters.length >= 2)
    .sort((a, b) => SEV_RANK[b.severity] - SEV_RANK[a.severity] || b.clusters.length - a.clusters.length || a.code.localeCompare(b.code));
}

function sharedTemplates(clusters: readonly ClusterDigest[]): SharedTemplate[] {
  const by = new Map<string, SharedTemplate>();
  for (const c of clusters) {
    for (const t of c.templates) {
      const key = `${t.component}\u0000${t.template}`;
      const s = by.get(key) ?? { component: t.component, template: t.template, clusters: [] };
      if (!s.clusters.some((x) => x.cluster === c.name)) s.clusters.push({ cluster: c.name, count: t.count });
      by.set(key, s);
    }
  }
  return [...by.values()].filter((s) => s.clusters.length >= 2).sort((a, b) => b.clusters.length - a.clusters.length || a.template.localeCompare(b.template));
}

const UNSET = '(unset)';

/** Settings per cluster (`area`, `setting` → value), compared across clusters; only differing settings are kept. */
function drift(clusters: readonly ClusterDigest[]): Drift[] {
  const settings = new Map<string, { area: Drift['area']; setting: string; values: Map<string, string> }>();
  const put = (c: string, area: Drift['area'], setting: string, value: string | undefined) => {
    const key = `${area}\u0000${setting}`;
    const s = settings.get(key) ?? { area, setting, values: new Map<string, string>() };
    if (value !== undefined) s.values.set(c, value);
    settings.set(key, s);
  };
  for (const c of clusters) {
    put(c.name, 'versions', 'Istio control plane', c.istio.controlPlane.join(', ') || undefined);
    put(c.name, 'versions', 'Istio proxies', c.istio.proxies.join(', ') || undefined);
    const f = c.facts;
    if (!f) continue;
    put(c.name, 'versions', 'Kubernetes', f.kubernetes);
    put(c.name, 'ca', 'workload CA', f.ca.mode === 'external' ? `external (${f.ca.evidence.map((e) => e.excerpt).join('; ')})` : f.ca.mode);
    put(c.name, 'istiod', 'replicas', String(f.istiod.replicas));
    put(c.name, 'istiod', 'autoscaling', f.istiod.autoscale ? `HPA ${f.istiod.autoscale.min ?? '?'}–${f.istiod.autoscale.max}` : 'none');
    put(c.name, 'istiod', 'resources', f.istiod.resources?.value);
    put(c.name, 'istiod', 'PodDisruptionBudget', f.istiod.pdb ? 'yes' : 'none');
    for (const [k, v] of Object.entries(f.istiod.env)) put(c.name, 'istiod', `env ${k}`, v);
    for (const [k, v] of Object.entries(f.meshConfig?.fields ?? {})) put(c.name, 'meshConfig', k, v);
    put(c.name, 'peerAuthentication', 'mesh-wide mode', f.peerAuthentication.meshWide?.value ?? 'none');
    put(c.name, 'peerAuthentication', 'namespace-wide policies', Object.entries(f.peerAuthentication.namespaces).sort().map(([m, n]) => `${m} ×${n}`).join(', ') || 'none');
    put(c.name, 'destinationRules', 'mesh-wide', f.destinationRules.meshWide.map((d) => `${d.host}${d.tls ? ` tls ${d.tls}` : ''}`).join(', ') || 'none');
    // the values, not how many pods carry them: a bigger cluster with the same sidecar settings has not drifted
    put(c.name, 'sidecar', 'istio-proxy resources', [...new Set(f.sidecarResources.map((s) => s.value))].sort().join(' | ') || 'no sidecars');
  }
  const withFacts = new Set(clusters.filter((c) => c.facts).map((c) => c.name));
  const out: Drift[] = [];
  for (const s of settings.values()) {
    // clusters without meshFacts (old reports) say nothing about those settings; the others that lack one have it unset
    const of = s.area === 'versions' && s.setting.startsWith('Istio') ? clusters.map((c) => c.name) : clusters.filter((c) => withFacts.has(c.name)).map((c) => c.name);
    const byValue = new Map<string, string[]>();
    for (const c of of) {
      const v = s.values.get(c) ?? UNSET;
      byValue.set(v, [...(byValue.get(v) ?? []), c]);
    }
    if (byValue.size < 2) continue;
    out.push({ area: s.area, setting: s.setting, values: [...byValue].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([value, cs]) => ({ value, clusters: cs })) });
  }
  const AREAS: Drift['area'][] = ['versions', 'ca', 'istiod', 'meshConfig', 'peerAuthentication', 'destinationRules', 'sidecar'];
  return out.sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || a.setting.localeCompare(b.setting));
}

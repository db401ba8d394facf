/**
 * `meshlens diff`: what changed between two bundles (or two JSON reports) of the same mesh.
 * Findings are matched by their stable id (analyzer + resource/group key), never by message text; root
 * causes are compared at the report's 0.5 line; resources and proxy config are compared when both sides
 * were analysed from bundles (a JSON report holds neither; docs/diff.md).
 * Pure: the caller supplies the two reports and, when it has them, the digests taken at analysis time.
 */
import type { Evidence, Finding, Severity } from '../model/finding.js';
import type { ResourceRef } from '../model/k8s.js';
import type { Report } from '../report/schema.js';
import { diffResources, type ResourceChange, type ResourceDigestEntry } from './resources.js';
import { diffProxies, type ProxyChange, type ProxyDigestEntry } from './proxies.js';

export type { ResourceChange, ResourceDigestEntry, FieldChange } from './resources.js';
export type { ProxyChange, ProxyDigestEntry } from './proxies.js';

/** A root cause counts as found at this confidence (the report's own line, docs/correlation.md). */
export const CAUSE_THRESHOLD = 0.5;

/** One side of the diff: the report and, from a bundle, the digests taken while it was analysed. */
export interface DiffInput {
  report: Report;
  resources?: ResourceDigestEntry[];
  proxies?: ProxyDigestEntry[];
}

export interface DiffSide {
  source: string;
  format: string;
  capturedAt?: string;
  /** `bundle` when analysed here (resources and proxy config compared), `report` when read from JSON. */
  from: 'bundle' | 'report';
  findings: number;
}

/** A finding as the diff lists it: identity, words, the first piece of evidence. */
export interface FindingRef {
  id: string;
  code: string;
  severity: Severity;
  title: string;
  message: string;
  resources: ResourceRef[];
  count: number;
  evidence?: Evidence;
}

export interface FindingChange extends FindingRef {
  changes: Array<{ field: 'severity' | 'count' | 'message'; before: string | number; after: string | number }>;
}

/**
 * A root cause on either side. `new`: at ≥ 0.5 only after; `gone`: only before; `kept`: on both; `candidate`:
 * below 0.5 on both sides but newly ranked, no longer ranked, or moved by ≥ 0.1 (worth a look, not a finding).
 */
export interface CauseRef {
  id: string;
  title: string;
  status: 'new' | 'gone' | 'kept' | 'candidate';
  /** Confidence 0–1 before and after; absent on a side that did not rank the cause at all. */
  before?: number;
  after?: number;
}

export interface VersionChange {
  what: string;
  before?: string;
  after?: string;
}

export interface TemplateRef {
  component: string;
  template: string;
  count: number;
  example?: Evidence;
}

export interface BundleDiff {
  before: DiffSide;
  after: DiffSide;
  findings: { new: FindingRef[]; resolved: FindingRef[]; changed: FindingChange[]; unchanged: number };
  /** Causes at ≥ CAUSE_THRESHOLD on either side, and below it when they moved (see CauseRef). */
  rootCauses: CauseRef[];
  /** Absent when either side is a JSON report (it holds no resources). */
  resources?: ResourceChange[];
  /** Absent when either side is a JSON report or neither holds a config dump. */
  proxies?: ProxyChange[];
  versions: VersionChange[];
  /** Mined error templates (`report.unrecognised`) only the after side has; absent when it has none to compare. */
  newTemplates?: TemplateRef[];
  /** What could not be compared, and why. */
  notes: string[];
}

function ref(f: Finding): FindingRef {
  return { id: f.id, code: f.code, severity: f.severity, title: f.title, message: f.message, resources: f.resources, count: f.count, ...(f.evidence[0] ? { evidence: f.evidence[0] } : {}) };
}

const SEV_ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };
const bySeverity = (a: FindingRef, b: FindingRef) => SEV_ORDER[a.severity] - SEV_ORDER[b.severity] || a.code.localeCompare(b.code) || a.id.localeCompare(b.id);

function side(i: DiffInput): DiffSide {
  const b = i.report.bundle;
  return { source: b.source, format: b.format, ...(b.capturedAt ? { capturedAt: b.capturedAt } : {}), from: i.resources ? 'bundle' : 'report', findings: i.report.findings.length };
}

/** Findings new, resolved and changed, by stable id. Mesh and platform findings both count. */
export function diffFindings(before: Report, after: Report): BundleDiff['findings'] {
  const all = (r: Report) => [...r.findings, ...(r.platform ?? [])];
  const a = new Map(all(before).map((f) => [f.id, f]));
  const b = new Map(all(after).map((f) => [f.id, f]));
  const out: BundleDiff['findings'] = { new: [], resolved: [], changed: [], unchanged: 0 };
  for (const [id, f] of b) if (!a.has(id)) out.new.push(ref(f));
  for (const [id, f] of a) {
    const g = b.get(id);
    if (!g) { out.resolved.push(ref(f)); continue; }
    const changes: FindingChange['changes'] = [];
    if (f.severity !== g.severity) changes.push({ field: 'severity', before: f.severity, after: g.severity });
    if (f.count !== g.count) changes.push({ field: 'count', before: f.count, after: g.count });
    if (f.message !== g.message) changes.push({ field: 'message', before: f.message, after: g.message });
    if (changes.length) out.changed.push({ ...ref(g), changes });
    else out.unchanged++;
  }
  out.new.sort(bySeverity);
  out.resolved.sort(bySeverity);
  out.changed.sort(bySeverity);
  return out;
}

/** Root causes at or above the threshold on either side, and the candidates below it that moved; new first. */
export function diffCauses(before: Report, after: Report): CauseRef[] {
  const a = new Map(before.rootCauses.map((c) => [c.id, c]));
  const b = new Map(after.rootCauses.map((c) => [c.id, c]));
  const found = (c: { confidence: number } | undefined) => c !== undefined && c.confidence >= CAUSE_THRESHOLD;
  const out: CauseRef[] = [];
  for (const id of new Set([...b.keys(), ...a.keys()])) {
    const x = a.get(id);
    const y = b.get(id);
    let status: CauseRef['status'];
    if (found(x) || found(y)) status = found(x) && found(y) ? 'kept' : found(y) ? 'new' : 'gone';
    else if (!x || !y || Math.abs(x.confidence - y.confidence) >= 0.1) status = 'candidate';
    else continue;
    out.push({ id, title: (y ?? x)!.title, status, ...(x ? { before: x.confidence } : {}), ...(y ? { after: y.confidence } : {}) });
  }
  const rank = { new: 0, kept: 1, gone: 2, candidate: 3 } as const;
  return out.sort((p, q) => rank[p.status] - rank[q.status] || (q.after ?? q.before ?? 0) - (p.after ?? p.before ?? 0));
}

/** Istio (control plane, proxies, istioctl) and Kubernetes versions that differ. */
export function diffVersions(before: Report, after: Report): VersionChange[] {
  const v = (r: Report) => r.bundle.inventory.versions;
  const a = v(before);
  const b = v(after);
  const rows: Array<[string, string | undefined, string | undefined]> = [
    ['Istio control plane', a?.controlPlane?.join(', ') || undefined, b?.controlPlane?.join(', ') || undefined],
    ['Istio proxies', a?.proxies?.join(', ') || undefined, b?.proxies?.join(', ') || undefined],
    ['istioctl', a?.istioctl, b?.istioctl],
    ['Kubernetes', a?.kubernetes, b?.kubernetes],
  ];
  return rows.filter(([, x, y]) => x !== y).map(([what, x, y]) => ({ what, ...(x ? { before: x } : {}), ...(y ? { after: y } : {}) }));
}

/** The whole diff. `before`/`after` carry digests when they were analysed from bundles. */
export function diffBundles(before: DiffInput, after: DiffInput): BundleDiff {
  const notes: string[] = [];
  const out: BundleDiff = {
    before: side(before),
    after: side(after),
    findings: diffFindings(before.report, after.report),
    rootCauses: diffCauses(before.report, after.report),
    versions: diffVersions(before.report, after.report),
    notes,
  };
  if (before.resources && after.resources) out.resources = diffResources(before.resources, after.resources);
  else notes.push('resources not compared: a JSON report holds no resources; give both bundles to compare them');
  if (before.proxies && after.proxies) {
    if (before.proxies.length || after.proxies.length) out.proxies = diffProxies(before.proxies, after.proxies);
    else notes.push('proxy config not compared: neither bundle holds an Envoy config dump');
  } else notes.push('proxy config not compared: a JSON report holds no config dumps; give both bundles to compare them');
  const ta = before.report.unrecognised;
  const tb = after.report.unrecognised;
  if (tb) {
    const seen = new Set((ta ?? []).map((t) => `${t.component}\u0000${t.template}`));
    out.newTemplates = tb.filter((t) => !seen.has(`${t.component}\u0000${t.template}`))
      .map((t) => ({ component: t.component, template: t.template, count: t.count, ...(t.examples[0] ? { example: t.examples[0] } : {}) }));
  } else notes.push('log templates not compared: the after report has no mined templates (report.unrecognised)');
  return out;
}

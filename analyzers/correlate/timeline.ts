/**
 * The causal timeline: Kubernetes events, log-signature hits, container state changes and pod creation
 * bursts on one time axis, each item pointing at its bundle file:line and, where one exists, the finding
 * it belongs to. Items carry the bundle's own times (RFC3339 UTC), never the clock's.
 */
import type { BundleModel } from '../model/bundle.js';
import type { Finding, Severity } from '../model/finding.js';
import type { Incident, RootCause, TimelineItem } from '../model/diagnosis.js';
import { groupBy } from '../config/view.js';

/** Items beyond this are dropped, least important first (info before warning before error). */
export const TIMELINE_MAX_ITEMS = 2000;
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Which incident each finding belongs to, and the incidents' windows (correlate/diagnose.ts). */
export interface IncidentIndex {
  incidents: readonly Incident[];
  incidentOf: ReadonlyMap<string, string>;
}

export function buildTimeline(model: BundleModel, findings: readonly Finding[], rootCauses: readonly RootCause[], incidents?: IncidentIndex): TimelineItem[] {
  const findingAt = new Map<string, Finding>();
  for (const f of findings) for (const e of f.evidence) if (e.line) findingAt.set(`${e.file}:${e.line}`, f);
  const items: TimelineItem[] = [
    ...eventItems(model, findingAt),
    ...findingItems(findings),
    ...stateItems(model, findingAt),
    ...creationItems(model),
    ...configItems(model, findings),
    ...snapshotItems(model, findings),
  ];
  markRoles(items, rootCauses);
  if (incidents) markIncidents(items, incidents);
  return cap(items).sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function eventItems(model: BundleModel, findingAt: Map<string, Finding>): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const e of model.events) {
    const time = e.firstSeen ?? e.lastSeen;
    if (!time) continue;
    const f = findingAt.get(`${e.source.file}:${e.source.line}`);
    if (e.type !== 'Warning' && !f) continue;
    const span = e.count > 1 && e.lastSeen && e.lastSeen !== time ? ` (x${e.count}, last ${e.lastSeen})` : '';
    out.push({
      time, kind: 'event', severity: f?.severity ?? (e.type === 'Warning' ? 'warning' : 'info'), component: 'k8s-event',
      ...(e.object ? { resource: e.object } : {}),
      text: `${e.reason}: ${e.message}${span}`, file: e.source.file, ...(e.source.line ? { line: e.source.line } : {}),
      ...(f ? { findingId: f.id } : {}), count: e.count,
    });
  }
  return out;
}

/** Findings with times (log signatures, CSR failures, pod bursts…): their first occurrence, and their last when it differs. */
function findingItems(findings: readonly Finding[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const f of findings) {
    if (!f.firstSeen) continue;
    const first = f.evidence.find((e) => e.time === f.firstSeen) ?? f.evidence[0];
    const component = componentOf(f);
    const resource = f.resources[0];
    const base = { kind: 'log' as const, severity: f.severity, component, ...(resource ? { resource } : {}), findingId: f.id };
    out.push({ ...base, time: f.firstSeen, text: f.count > 1 ? `${f.message} (first of ${f.count})` : f.message,
      ...(first ? { file: first.file, ...(first.line ? { line: first.line } : {}) } : {}), count: f.count });
    if (f.lastSeen && f.lastSeen !== f.firstSeen && f.count > 1) {
      const last = f.evidence.find((e) => e.time === f.lastSeen) ?? f.evidence[f.evidence.length - 1];
      out.push({ ...base, time: f.lastSeen, text: `${f.title} (last of ${f.count})`,
        ...(last ? { file: last.file, ...(last.line ? { line: last.line } : {}) } : {}) });
    }
  }
  return out;
}

function componentOf(f: Finding): string {
  const pod = f.resources.find((r) => r.kind === 'Pod');
  if (pod && /^istiod/.test(pod.name)) return 'control-plane';
  if (pod && /gateway/.test(pod.name)) return 'gateway';
  if (f.analyzer.startsWith('signature/')) return f.evidence[0]?.file.includes('/cni/') ? 'cni' : 'sidecar';
  return 'config';
}

function stateItems(model: BundleModel, findingAt: Map<string, Finding>): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const s of model.containerStates) {
    if (s.state !== 'terminated' || !s.time || s.reason === 'Completed') continue;
    const f = findingAt.get(`${s.source.file}:${s.source.line}`);
    out.push({
      time: s.time, kind: 'status', severity: s.reason === 'OOMKilled' ? 'error' : 'warning',
      component: /^istiod/.test(s.pod) ? 'control-plane' : s.container === 'istio-proxy' ? 'sidecar' : 'workload',
      resource: { kind: 'Pod', namespace: s.namespace, name: s.pod },
      text: `${s.container} terminated: ${s.reason ?? 'unknown'}${s.exitCode !== undefined ? ` (exit ${s.exitCode})` : ''}, restart ${s.restartCount}`,
      file: s.source.file, ...(s.source.line ? { line: s.source.line } : {}), ...(f ? { findingId: f.id } : {}),
    });
  }
  return out;
}

/** Pod creations, one item per minute that saw any (a burst reads as one tall item, not 40 small ones). */
function creationItems(model: BundleModel): TimelineItem[] {
  const created = model.resources
    .filter((r) => r.kind === 'Pod' && r.obj.metadata.creationTimestamp)
    .map((r) => ({ name: `${r.namespace}/${r.name}`, file: r.source.file, line: r.source.line, minute: r.obj.metadata.creationTimestamp!.slice(0, 16) }));
  return [...groupBy(created, (p) => p.minute).entries()].map(([minute, pods]) => ({
    time: `${minute}:00Z`, kind: 'status' as const, severity: 'info' as const, component: 'k8s-event',
    text: pods.length === 1 ? `pod ${pods[0].name} created` : `${pods.length} pods created (${pods.slice(0, 3).map((p) => p.name).join(', ')}${pods.length > 3 ? ', …' : ''})`,
    file: pods[0].file, ...(pods[0].line ? { line: pods[0].line } : {}), count: pods.length,
  }));
}

/**
 * Config findings carry no time of their own; the resources they cite do (`metadata.creationTimestamp`).
 * One item per cited resource, when it was created: "PeerAuthentication payments/default created" just
 * before the first rejected connection is often the whole story.
 */
function configItems(model: BundleModel, findings: readonly Finding[]): TimelineItem[] {
  const byKey = new Map(model.resources.map((r) => [`${r.kind}/${r.namespace ?? ''}/${r.name}`, r]));
  const out = new Map<string, TimelineItem>();
  for (const f of findings) {
    if (f.firstSeen || f.analyzer.startsWith('signature/') || f.analyzer.startsWith('status/')) continue;
    for (const ref of f.resources) {
      const r = byKey.get(`${ref.kind}/${ref.namespace ?? ''}/${ref.name}`);
      const created = r?.obj.metadata.creationTimestamp;
      const key = `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
      if (!r || !created || ref.kind === 'Pod' || ref.kind === 'Namespace' || out.has(key)) continue;
      out.set(key, {
        time: created, kind: 'config', severity: f.severity, component: 'config', resource: ref,
        text: `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} created (${f.code}: ${f.title})`,
        file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}), findingId: f.id,
      });
    }
  }
  return [...out.values()];
}

/** Proxy-state findings describe the config dumps, certs and stats as they were when the bundle was taken. */
function snapshotItems(model: BundleModel, findings: readonly Finding[]): TimelineItem[] {
  if (!model.capturedAt) return [];
  return findings.filter((f) => !f.firstSeen && f.analyzer.startsWith('proxy/')).map((f) => {
    const e = f.evidence[0];
    return {
      time: model.capturedAt!, kind: 'status' as const, severity: f.severity, component: 'sidecar',
      ...(f.resources[0] ? { resource: f.resources[0] } : {}),
      text: `${f.message} (proxy state at capture)`, ...(e ? { file: e.file, ...(e.line ? { line: e.line } : {}) } : {}), findingId: f.id,
    };
  });
}

function markRoles(items: TimelineItem[], rootCauses: readonly RootCause[]): void {
  const top = rootCauses[0];
  if (!top || top.confidence < 0.5) return;
  const cause = new Set(top.findingIds);
  const symptoms = new Set(top.symptoms.map((s) => s.findingId));
  for (const it of items) {
    if (!it.findingId) continue;
    if (cause.has(it.findingId)) it.role = 'root-cause';
    else if (symptoms.has(it.findingId)) it.role = 'symptom';
  }
}

/** Items of a finding take its incident; other items (events, terminations) the incident whose window holds their time. */
function markIncidents(items: TimelineItem[], idx: IncidentIndex): void {
  const windows = idx.incidents.map((i) => ({ id: i.id, from: Date.parse(i.start), to: Date.parse(i.end) }));
  for (const it of items) {
    const byFinding = it.findingId ? idx.incidentOf.get(it.findingId) : undefined;
    if (byFinding) {
      it.incidentId = byFinding;
      continue;
    }
    if (it.findingId) continue;
    const t = Date.parse(it.time);
    const w = windows.find((x) => t >= x.from && t <= x.to);
    if (w) it.incidentId = w.id;
  }
}

function cap(items: TimelineItem[]): TimelineItem[] {
  if (items.length <= TIMELINE_MAX_ITEMS) return items;
  const rank = (it: TimelineItem) => (it.role ? 0 : 1) * 10 + SEVERITY_ORDER[it.severity];
  return [...items].sort((a, b) => rank(a) - rank(b)).slice(0, TIMELINE_MAX_ITEMS);
}

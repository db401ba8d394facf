/**
 * A check of the canonical report: first the published JSON Schema (schema/report.schema.json, validated with
 * ajv: every field, type, enum and RFC3339 time), then what a schema cannot say: severities ordered, catalogue
 * ids valid, finding ids unique, and every finding id referenced by root causes and the timeline defined,
 * evidence present, no unfilled placeholder. Returns the problems found.
 */
import type { Report } from '../../analyzers/report/schema.js';
import { SEVERITIES } from '../../analyzers/report/schema.js';
import { CATALOGUE_IDS } from '../../analyzers/correlate/catalogue.js';
import { schemaErrors } from '../schema/validate.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function reportProblems(r: Report): string[] {
  const p: string[] = schemaErrors(JSON.parse(JSON.stringify(r))).map((e) => `schema: ${e}`);
  const need = (cond: boolean, what: string) => { if (!cond) p.push(what); };
  const time = (t: unknown, where: string) => need(typeof t === 'string' && RFC3339.test(t) && !Number.isNaN(Date.parse(t)), `${where}: not RFC3339 (${String(t)})`);
  need(r.schemaVersion === 1, 'schemaVersion is 1');
  need(r.tool?.name === 'meshlens' && typeof r.tool.version === 'string', 'tool');
  const b = r.bundle;
  need(typeof b.source === 'string' && typeof b.format === 'string', 'bundle.source/format');
  if (b.capturedAt !== undefined) time(b.capturedAt, 'bundle.capturedAt');
  need(['must-gather-timestamp', 'archive-mtime', 'newest-log', 'bug-report-log', 'none'].includes(b.capturedAtSource), 'bundle.capturedAtSource');
  need(Array.isArray(b.coverage.present) && Array.isArray(b.coverage.missing) && Array.isArray(b.coverage.skippedAnalyzers), 'bundle.coverage');
  for (const k of ['resources', 'pods', 'events', 'logFiles', 'logLines'] as const) need(Number.isInteger(b.inventory[k]), `inventory.${k}`);
  for (const f of b.files) {
    need(typeof f.path === 'string' && Number.isFinite(f.size), `file ${f.path}`);
    need(['used', 'skipped', 'unreadable'].includes(f.status), `file ${f.path} status`);
    need(f.status === 'used' || typeof f.reason === 'string', `file ${f.path}: ${f.status} without a reason`);
  }
  const ids = new Set<string>();
  for (const f of r.platform ?? []) ids.add(f.id); // a cause may cite what is outside the mesh as evidence
  for (const f of r.findings) {
    need(!ids.has(f.id), `finding id ${f.id} is unique`);
    ids.add(f.id);
    need(SEVERITIES.includes(f.severity), `finding ${f.id} severity`);
    need(typeof f.code === 'string' && typeof f.analyzer === 'string' && typeof f.message === 'string' && f.message.length > 0, `finding ${f.id} code/analyzer/message`);
    need(!/\{\{\w+\}\}/.test(f.message), `finding ${f.id} has an unfilled placeholder: ${f.message}`);
    need(f.evidence.length > 0, `finding ${f.id} (${f.code}) has evidence`);
    for (const e of f.evidence) {
      need(typeof e.file === 'string' && (e.line === undefined || (Number.isInteger(e.line) && e.line > 0)), `finding ${f.id} evidence`);
      if (e.time !== undefined) time(e.time, `finding ${f.id} evidence time`);
    }
    if (f.firstSeen) time(f.firstSeen, `finding ${f.id} firstSeen`);
    if (f.lastSeen) time(f.lastSeen, `finding ${f.id} lastSeen`);
    for (const rc of f.rootCauses ?? []) need(CATALOGUE_IDS.has(rc), `finding ${f.id} root cause ${rc} in catalogue`);
  }
  let last = Infinity;
  for (const rc of r.rootCauses) {
    need(CATALOGUE_IDS.has(rc.id), `root cause ${rc.id} in catalogue`);
    need(rc.confidence >= 0 && rc.confidence <= 1 && rc.confidence <= last, `root cause ${rc.id} confidence in [0,1], best first`);
    last = rc.confidence;
    for (const id of rc.findingIds) need(ids.has(id), `root cause ${rc.id} finding ${id} exists`);
    for (const s of rc.symptoms) need(ids.has(s.findingId), `root cause ${rc.id} symptom ${s.findingId} exists`);
    need(rc.remediation.length > 0, `root cause ${rc.id} has remediation`);
  }
  const incidents = r.incidents ?? [];
  const incidentIds = new Set(incidents.map((i) => i.id));
  need(incidentIds.size === incidents.length, 'incident ids are unique');
  need(incidents.filter((i) => i.status === 'at-capture').length <= 1, 'at most one incident at capture');
  let lastStart = -Infinity;
  for (const i of incidents) {
    if (i.start) time(i.start, `incident ${i.id} start`);
    if (i.end) time(i.end, `incident ${i.id} end`);
    if (i.start) {
      need(Date.parse(i.start) >= lastStart, `incidents oldest first at ${i.id}`);
      lastStart = Date.parse(i.start);
    }
    need(i.status === 'past' ? typeof i.endedBeforeCaptureMs === 'number' || !r.bundle.capturedAt : i.endedBeforeCaptureMs === undefined, `incident ${i.id} endedBeforeCaptureMs`);
    for (const id of i.findingIds) need(ids.has(id), `incident ${i.id} finding ${id} exists`);
    for (const rc of i.rootCauses) need(rc.incidentId === i.id && CATALOGUE_IDS.has(rc.id), `incident ${i.id} cause ${rc.id}`);
    need(i.summary.length > 0, `incident ${i.id} summary`);
  }
  const now = incidents.find((i) => i.status === 'at-capture');
  for (const rc of r.rootCauses) {
    need(rc.incidentId === now?.id, `root cause ${rc.id} belongs to the incident at capture`);
    for (const c of [...(rc.found ?? []), ...(rc.missing ?? []), ...(rc.against ?? [])]) {
      need(c.says.length > 0 && ['defining', 'supporting', 'contradicting'].includes(c.role), `root cause ${rc.id} check ${c.says}`);
      for (const id of c.findingIds) need(ids.has(id), `root cause ${rc.id} check finding ${id} exists`);
    }
    for (const c of rc.missing ?? []) need(c.findingIds.length === 0 && !c.evidence, `root cause ${rc.id}: missing check ${c.says} cites nothing`);
  }
  for (const e of r.exposure ?? []) need(CATALOGUE_IDS.has(e.cause) && e.says.length > 0 && (e.holds || e.evidence.length === 0), `exposure ${e.cause}: ${e.says}`);
  let prev = -Infinity;
  for (const t of r.timeline) {
    time(t.time, 'timeline item time');
    need(Date.parse(t.time) >= prev, `timeline sorted at ${t.time}`);
    prev = Date.parse(t.time);
    need(['event', 'log', 'status', 'config'].includes(t.kind) && SEVERITIES.includes(t.severity), `timeline item ${t.time} kind/severity`);
    if (t.findingId) need(ids.has(t.findingId), `timeline finding ${t.findingId} exists`);
    if (t.incidentId) need(incidentIds.has(t.incidentId), `timeline incident ${t.incidentId} exists`);
  }
  for (const k of ['durationMs', 'bytesRead', 'filesRead', 'linesScanned'] as const) need(Number.isFinite(r.stats[k]), `stats.${k}`);
  return p;
}

/**
 * The report as the views may read it: lists the views iterate are always arrays, and causes and findings
 * always carry the fields they index by. A report from another meshlens version, or edited by hand, may lack
 * some; rather than crash a view, missing lists become empty and each repair is noted (`notes`) so the app can
 * say the report was incomplete. Pure; never throws on an object.
 */
import type { Finding, Incident, Report, RootCause } from '../../../analyzers/report/schema.js';

export interface Shaped {
  report: Report;
  /** What was missing, in words ("root causes without findingIds (2)"); empty when the report was whole. */
  notes: string[];
}

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function shapeReport(input: Report): Shaped {
  const counts = new Map<string, number>();
  const note = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  const cause = (c: RootCause, i: number): RootCause => {
    for (const k of ['findingIds', 'symptoms', 'remediation'] as const) if (!Array.isArray(c[k])) note(`root causes without ${k}`);
    if (typeof c.id !== 'string') note('root causes without an id');
    const id = typeof c.id === 'string' ? c.id : `cause-${i + 1}`;
    return {
      ...c, id, title: typeof c.title === 'string' ? c.title : id, summary: typeof c.summary === 'string' ? c.summary : '',
      confidence: typeof c.confidence === 'number' ? c.confidence : 0,
      findingIds: arr(c.findingIds), symptoms: arr(c.symptoms), remediation: arr(c.remediation),
    };
  };
  const finding = (f: Finding): Finding => {
    if (!Array.isArray(f.evidence)) note('findings without evidence');
    return { ...f, evidence: arr(f.evidence), resources: arr(f.resources) };
  };
  const incident = (x: Incident): Incident => ({ ...x, rootCauses: arr<RootCause>(x.rootCauses).map(cause), findingIds: arr(x.findingIds), summary: typeof x.summary === 'string' ? x.summary : '' });
  for (const k of ['findings', 'rootCauses', 'timeline'] as const) if (!Array.isArray(input[k])) note(`no ${k} list`);
  const report: Report = {
    ...input,
    findings: arr<Finding>(input.findings).map(finding),
    rootCauses: arr<RootCause>(input.rootCauses).map(cause),
    timeline: arr(input.timeline),
    ...(input.incidents !== undefined ? { incidents: arr<Incident>(input.incidents).map(incident) } : {}),
    ...(input.platform !== undefined ? { platform: arr<Finding>(input.platform).map(finding) } : {}),
    ...(input.unrecognised !== undefined ? { unrecognised: arr(input.unrecognised) } : {}),
  };
  return { report, notes: [...counts].map(([what, n]) => `${what} (${n})`) };
}

/**
 * `-n/--namespace` on `meshlens analyze`: the report narrowed to one namespace, as `istioctl analyze -n` narrows
 * its messages. The analysis itself always runs on the whole bundle (a cause in istio-system explains symptoms
 * in an application namespace), then:
 * - findings are kept when one of their resources is in the namespace, or when they are the defining findings
 *   (`findingIds`) of a kept root cause (the cause may sit elsewhere: istiod, the CA);
 * - root causes are kept when any of their findings or symptoms is in the namespace, with only the symptoms
 *   that are (the cause's evidence checks keep only the kept findings);
 * - timeline items when their resource is in the namespace or their finding was kept;
 * - incidents keep their kept root causes and findings, and are dropped when none is left;
 * - platform findings when one of their resources is in the namespace.
 * The report says so in `filter.namespace`.
 */
import type { Finding, Report, RootCause } from '../../report/schema.js';

const inNamespace = (f: Finding, ns: string): boolean => f.resources.some((r) => r.namespace === ns);

/** The report narrowed to namespace `ns` (a new object; `report` is not changed). */
export function filterReportByNamespace(report: Report, ns: string): Report {
  const touching = new Set(report.findings.filter((f) => inNamespace(f, ns)).map((f) => f.id));
  const causeTouches = (ids: readonly string[]) => ids.some((id) => touching.has(id));
  const rootCauses = report.rootCauses.filter((rc) => causeTouches([...rc.findingIds, ...rc.symptoms.map((s) => s.findingId)]));
  const kept = new Set(touching);
  for (const rc of rootCauses) for (const id of rc.findingIds) kept.add(id);
  const narrow = (rc: RootCause): RootCause => {
    const out: RootCause = { ...rc, symptoms: rc.symptoms.filter((s) => kept.has(s.findingId)) };
    for (const k of ['found', 'missing', 'against'] as const) {
      const checks = rc[k];
      if (checks) out[k] = checks.map((c) => ({ ...c, findingIds: c.findingIds.filter((id) => kept.has(id)) }));
    }
    return out;
  };
  const out: Report = {
    ...report,
    filter: { namespace: ns },
    findings: report.findings.filter((f) => kept.has(f.id)),
    rootCauses: rootCauses.map(narrow),
    timeline: report.timeline.filter((t) => t.resource?.namespace === ns || (t.findingId !== undefined && kept.has(t.findingId))),
  };
  if (report.incidents) {
    out.incidents = report.incidents
      .map((inc) => ({ ...inc, rootCauses: inc.rootCauses.filter((rc) => causeTouches([...rc.findingIds, ...rc.symptoms.map((s) => s.findingId)])).map(narrow), findingIds: inc.findingIds.filter((id) => kept.has(id)) }))
      .filter((inc) => inc.findingIds.length > 0);
  }
  if (report.platform) out.platform = report.platform.filter((f) => inNamespace(f, ns));
  return out;
}

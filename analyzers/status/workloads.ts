/** Bursts of pod creations (MSH5005), Services without ready endpoints (MSH5007) and failed CSRs (MSH5004). */
import type { Finding } from '../model/finding.js';
import { makeFinding, timeRange } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import { resourceRef } from '../model/k8s.js';
import { STATUS_CHECKS } from './checks.js';
import { ev } from './common.js';

const BURST_WINDOW_MS = 10 * 60_000;
const BURST_MIN_PODS = 20;

/** MSH5005: the largest set of pods created within ten minutes, when it holds at least 20. */
export function podBurst(pods: readonly Resource[]): Finding[] {
  const created = pods
    .map((p) => ({ p, ms: Date.parse(p.obj.metadata.creationTimestamp ?? '') }))
    .filter((x) => !Number.isNaN(x.ms))
    .sort((a, b) => a.ms - b.ms);
  let best = { from: 0, to: -1 };
  for (let i = 0, j = 0; j < created.length; j++) {
    while (created[j].ms - created[i].ms > BURST_WINDOW_MS) i++;
    if (j - i > best.to - best.from) best = { from: i, to: j };
  }
  const n = best.to - best.from + 1;
  if (n < BURST_MIN_PODS) return [];
  const burst = created.slice(best.from, best.to + 1);
  const from = burst[0].p.obj.metadata.creationTimestamp!;
  const to = burst[burst.length - 1].p.obj.metadata.creationTimestamp!;
  return [makeFinding(STATUS_CHECKS.podBurst, from, {
    data: { count: n, from, to },
    resources: burst.map((x) => resourceRef(x.p)),
    evidence: burst.slice(0, 3).map((x) => ev(x.p, `${x.p.namespace}/${x.p.name} created ${x.p.obj.metadata.creationTimestamp}`, x.p.obj.metadata.creationTimestamp)),
    count: n, firstSeen: from, lastSeen: to,
  })];
}

/** MSH5007: a Service with a selector whose Endpoints list only not-ready addresses. */
export function endpointFindings(byKind: Map<string, Resource[]>): Finding[] {
  const services = new Map((byKind.get('Service') ?? []).map((s) => [`${s.namespace}/${s.name}`, s]));
  const out: Finding[] = [];
  for (const ep of byKind.get('Endpoints') ?? []) {
    const svc = services.get(`${ep.namespace}/${ep.name}`);
    if (!svc || !svc.obj.spec?.selector || Object.keys(svc.obj.spec.selector).length === 0) continue;
    const subsets: any[] = Array.isArray(ep.obj.subsets) ? (ep.obj.subsets as any[]) : [];
    const ready = subsets.reduce((n, s) => n + (Array.isArray(s?.addresses) ? s.addresses.length : 0), 0);
    const notReady = subsets.reduce((n, s) => n + (Array.isArray(s?.notReadyAddresses) ? s.notReadyAddresses.length : 0), 0);
    if (ready > 0 || notReady === 0) continue; // no pods at all is a scaled-down service, not an outage
    const key = `${ep.namespace}/${ep.name}`;
    out.push(makeFinding(STATUS_CHECKS.noReadyEndpoints, key, {
      data: { service: key, notReady },
      resources: [resourceRef(svc)],
      evidence: [ev(ep, `Endpoints ${key}: 0 ready, ${notReady} not ready`), ev(svc, `Service ${key}`)],
    }));
  }
  return out;
}

function conditionTypes(r: Resource): string[] {
  const conds = r.obj.status?.conditions;
  return Array.isArray(conds) ? conds.filter((c: any) => c && c.status !== 'False').map((c: any) => String(c.type)) : [];
}

/** MSH5004: CertificateSigningRequests that are Approved and Failed (the signer refused or timed out). */
export function csrFindings(csrs: readonly Resource[]): Finding[] {
  const failed = csrs.filter((r) => conditionTypes(r).includes('Failed'));
  if (failed.length === 0) return [];
  const times = timeRange(failed.map((r) => r.obj.metadata.creationTimestamp));
  return [makeFinding(STATUS_CHECKS.csrFailed, 'csr', {
    data: { failed: failed.length, total: csrs.length },
    resources: failed.map(resourceRef),
    evidence: failed.slice(0, 5).map((r) => ev(r, `${r.name}: ${conditionTypes(r).join(',')}`, r.obj.metadata.creationTimestamp)),
    count: failed.length, firstSeen: times.first, lastSeen: times.last,
  })];
}

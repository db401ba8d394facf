/** Swim-lanes of the root-cause timeline and the density histogram's buckets. */
import type { Finding, RootCause, TimelineItem } from '../../../analyzers/report/schema.js';
import { CONFIDENT } from '../lib/diagnosis.js';

export const LANES = ['Control plane', 'CA / certificates', 'Sidecars & workloads', 'Gateways', 'CNI', 'Config', 'Kubernetes events'] as const;
const CA_TEXT = /\b(CA|CSR|certificates?|cert|SDS|istio-csr|signing|SigningError)\b/;

const CA_CAUSE = /(^|-)ca(-|$)|cert/;

/** Findings of the report's CA causes (those at 0.5 or more, as named on the Overview), for `laneOf`. */
export function caFindingIds(rootCauses: ReadonlyArray<Pick<RootCause, 'id' | 'confidence' | 'findingIds'>>): Set<string> {
  return new Set(rootCauses.filter((c) => c.confidence >= CONFIDENT && CA_CAUSE.test(c.id)).flatMap((c) => c.findingIds));
}

/**
 * The lane an item belongs to: CA work first, whoever logged it (its finding belongs to a CA cause the report
 * names, `caFindings`; or its finding points at CA causes only; or its text speaks of the CA), then by
 * component. A finding that merely lists a CA cause among others (a crash-loop may come from the CA, from
 * memory or from interception) is not CA work by that alone.
 */
export function laneOf(it: TimelineItem, finding?: Finding, caFindings: ReadonlySet<string> = new Set()): string {
  const causes = finding?.rootCauses ?? [];
  if ((finding && caFindings.has(finding.id)) || (causes.length && causes.every((r) => CA_CAUSE.test(r))) || (it.kind !== 'status' && CA_TEXT.test(it.text))) return 'CA / certificates';
  switch (it.component) {
    case 'control-plane': case 'istiod': return 'Control plane';
    case 'sidecar': case 'workload': case 'istio-proxy': return 'Sidecars & workloads';
    case 'gateway': return 'Gateways';
    case 'cni': case 'ztunnel': return 'CNI';
    case 'config': return 'Config';
    case 'k8s-event': return 'Kubernetes events';
    default: return it.component;
  }
}

/**
 * Counts per bucket and severity over [min, max] (ms). The bucket width gives about `target` buckets over
 * `spanMs` (the initially visible window; the whole range by default), and at most 100k buckets in all.
 */
export function histogram(times: number[], severities: string[], min: number, max: number, target = 120, spanMs = max - min) {
  const steps = [1e3, 5e3, 1e4, 3e4, 6e4, 3e5, 6e5, 18e5, 36e5, 3 * 36e5, 6 * 36e5, 12 * 36e5, 864e5, 7 * 864e5];
  const width = steps.find((s) => spanMs / s <= target && (max - min) / s <= 100_000) ?? 7 * 864e5;
  const start = Math.floor(min / width) * width;
  const n = Math.max(1, Math.ceil((max - start + 1) / width));
  const bySev: Record<string, number[]> = {};
  for (let i = 0; i < times.length; i++) {
    const b = Math.min(n - 1, Math.floor((times[i] - start) / width));
    (bySev[severities[i]] ??= new Array(n).fill(0))[b]++;
  }
  return { start, width, n, bySev };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time-axis label (UTC) that always says the date: `Sep 5` at midnight, the time within a day otherwise, and
 * the date above the time on the first label and wherever the day changes, so a zoomed-in axis is never bare
 * times (or bare day numbers). `prevMs` is the previous label's time (undefined for the first).
 */
export function axisLabel(ms: number, prevMs: number | undefined): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hh = String(d.getUTCHours()).padStart(2, '0'), mm = String(d.getUTCMinutes()).padStart(2, '0'), ss = d.getUTCSeconds();
  const clock = `${hh}:${mm}${ss ? `:${String(ss).padStart(2, '0')}` : ''}`;
  const midnight = hh === '00' && mm === '00' && !ss;
  const newDay = prevMs === undefined || new Date(prevMs).toISOString().slice(0, 10) !== d.toISOString().slice(0, 10);
  if (midnight) return d.getUTCDate() === 1 && d.getUTCMonth() === 0 ? `${day}\n${d.getUTCFullYear()}` : day;
  return newDay ? `${clock}\n${day}` : clock;
}

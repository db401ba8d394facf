/** What the platform checks share: grouping events, summing their counts, evidence and severity from recency. */
import type { KubeEvent } from '../model/events.js';
import type { Evidence, Severity } from '../model/finding.js';
import { timeRange } from '../model/finding.js';
import type { ResourceRef } from '../model/k8s.js';
import { eventEvidence } from '../status/common.js';

/** A failure whose last sign is this close to the capture time is still going on at capture. */
export const ACTIVE_MS = 60 * 60_000;

/** Events grouped by a key; events the key function rejects (undefined) are left out. Bundle order is kept. */
export function groupEvents(events: readonly KubeEvent[], keyOf: (e: KubeEvent) => string | undefined): Map<string, KubeEvent[]> {
  const out = new Map<string, KubeEvent[]>();
  for (const e of events) {
    const k = keyOf(e);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(e);
    else out.set(k, [e]);
  }
  return out;
}

export interface EventSummary {
  /** Sum of the events' counts (an event seen 280 times counts 280). */
  count: number;
  /** Involved objects, `Kind/name`, in first-seen order. */
  objects: ResourceRef[];
  first?: string;
  last?: string;
  /** The first three events and the last one, at their file:line. */
  evidence: Evidence[];
}

const byTime = (a: KubeEvent, b: KubeEvent) => (Date.parse(a.lastSeen ?? '') || 0) - (Date.parse(b.lastSeen ?? '') || 0);

export function summarize(events: readonly KubeEvent[]): EventSummary {
  const sorted = [...events].sort(byTime);
  const objects = new Map<string, ResourceRef>();
  for (const e of sorted) if (e.object) objects.set(`${e.object.kind}/${e.object.namespace ?? ''}/${e.object.name}`, e.object);
  const picked = sorted.length > 4 ? [...sorted.slice(0, 3), sorted[sorted.length - 1]] : sorted;
  const times = timeRange(sorted.flatMap((e) => [e.firstSeen, e.lastSeen]));
  return {
    count: sorted.reduce((n, e) => n + (e.count || 1), 0),
    objects: [...objects.values()],
    ...(times.first ? { first: times.first } : {}),
    ...(times.last ? { last: times.last } : {}),
    evidence: picked.map(eventEvidence),
  };
}

/** `error`-level checks drop to `warning` when their last sign ended more than an hour before capture (history). */
export function severityFor(base: Severity, last: string | undefined, capturedAt: string | undefined, activeNow = false): Severity {
  if (activeNow || base !== 'error') return base;
  const gap = Date.parse(capturedAt ?? '') - Date.parse(last ?? '');
  return Number.isNaN(gap) || gap <= ACTIVE_MS ? base : 'warning';
}

/** A message on one line, at most `max` characters. */
export function oneLine(message: string, max = 400): string {
  const s = message.replace(/\s*\n\s*/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Up to three values, then `(+N more)`. */
export function fewOf(values: readonly string[]): string {
  const uniq = [...new Set(values)];
  return uniq.length <= 3 ? uniq.join(', ') : `${uniq.slice(0, 3).join(', ')} (+${uniq.length - 3} more)`;
}

export const ns = (e: KubeEvent): string => e.object?.namespace ?? e.namespace ?? '';

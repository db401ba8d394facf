/** Helpers the status checks share: evidence from sources and events, control-plane pod names, medians. */
import type { KubeEvent } from '../model/events.js';
import type { Evidence } from '../model/finding.js';
import type { SourceRef } from '../model/source.js';

/** Evidence at a source (`file` + `line`), with an excerpt and a time when given. */
export function ev(c: { source: SourceRef }, excerpt?: string, time?: string): Evidence {
  return { file: c.source.file, ...(c.source.line ? { line: c.source.line } : {}), ...(excerpt ? { excerpt } : {}), ...(time ? { time } : {}) };
}

/** Evidence at an event's row or object: excerpt `<type> <reason>: <message>` (as signature findings cite events), time = last seen. */
export function eventEvidence(e: KubeEvent): Evidence {
  const message = e.message.split('\n')[0];
  return ev(e, `${e.type} ${e.reason}: ${message.length > 240 ? `${message.slice(0, 240)}…` : message}`, e.lastSeen ?? e.firstSeen);
}

/** An istiod pod name (`istiod-…`, `istiod-<revision>-…`). */
export function isIstiodPod(pod: string): boolean {
  return /^istiod(-[a-z0-9-]+)?$/.test(pod);
}

/** The container an event's sub-object names (`spec.containers{istio-proxy}`, `spec.initContainers{istio-proxy}`). */
export function eventContainer(e: KubeEvent): string | undefined {
  return /\{([^}]+)\}/.exec(e.subobject ?? '')?.[1];
}

/** Epoch ms of an RFC3339 string, NaN when absent or invalid. */
export const ms = (t: string | undefined): number => (t ? Date.parse(t) : NaN);

/** Median of numbers (the lower middle for an even count); undefined for none. */
export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** The most frequent value (ties: the one seen last, as the latest wins), undefined for none. */
export function dominant<T>(xs: readonly T[]): T | undefined {
  const n = new Map<T, number>();
  let best: T | undefined;
  let bestN = 0;
  for (const x of xs) {
    const c = (n.get(x) ?? 0) + 1;
    n.set(x, c);
    if (c >= bestN) { best = x; bestN = c; }
  }
  return best;
}

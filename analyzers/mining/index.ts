/**
 * Unknown-error discovery, end to end: the scanner feeds a TemplateMiner (miner.ts) while the bundle streams;
 * `unrecognisedTemplates` ranks what it kept for `report.unrecognised` (rank.ts), against the incident at capture
 * when the diagnosis found one, else the last hour before capture.
 */
import type { Incident, UnrecognisedTemplate } from '../model/diagnosis.js';
import type { KubeEvent } from '../model/events.js';
import { timeMs } from '../parse/logs/time.js';
import type { TemplateMiner } from './miner.js';
import { rankTemplates } from './rank.js';

export { TemplateMiner, type MinedSample, type MinerOptions, type TemplateStats } from './miner.js';
export { rankTemplates, type RankOptions } from './rank.js';

/**
 * Offer a Warning event that no event signature matched to the miner (component `k8s-event`), weighted by its count
 * and spread evenly between its first and last time (a steady event is not a burst), so that Warning events nothing
 * explains show among the unrecognised templates. Only a Pod object counts as a pod.
 */
export function mineEvent(miner: TemplateMiner, e: KubeEvent): void {
  if (e.type !== 'Warning') return;
  const last = e.lastSeen ?? e.firstSeen;
  const first = e.firstSeen ?? last;
  const o = e.object;
  const pod = o?.kind === 'Pod' ? `${o.namespace ?? e.namespace ?? ''}/${o.name}`.replace(/^\//, '') : undefined;
  const text = `${e.reason}: ${e.message}`;
  miner.add('k8s-event', 'warn', text, last !== undefined ? timeMs(last) : undefined, pod, () => ({
    file: e.source.file,
    ...(e.source.line !== undefined ? { line: e.source.line } : {}),
    excerpt: `Warning ${text}`.slice(0, 300),
    ...(last !== undefined ? { time: last } : {}),
  }), Math.max(1, e.count), first !== undefined ? timeMs(first) : undefined);
}

/** Templates for `report.unrecognised`, best first (at most `limit`, default 50). Times are RFC3339 UTC. */
export function unrecognisedTemplates(miner: TemplateMiner, opts: { capturedAt?: string; incidents?: readonly Incident[]; limit?: number } = {}): UnrecognisedTemplate[] {
  const atCapture = opts.incidents?.find((i) => i.status === 'at-capture');
  return rankTemplates(miner.templates(), {
    ...(opts.capturedAt !== undefined ? { capturedAt: opts.capturedAt } : {}),
    ...(atCapture ? { window: { from: atCapture.start, to: opts.capturedAt ?? atCapture.end } } : {}),
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
  });
}

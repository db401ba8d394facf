/**
 * Where the timeline opens: on the incident at capture; else on the latest past incident; else from the first
 * root-cause item to the capture; else on the latest burst of errors (at least 3 errors less than an hour apart).
 * Pure; times in ms.
 */
import type { Incident, Severity } from '../../../analyzers/report/schema.js';

export interface Opening {
  range: [number, number];
  /** Where the episode starts (unpadded), for views that open at a time (Logs). */
  start: number;
  /** What the window shows, for the header chip. */
  reason: string;
  incidentId?: string;
}

const BURST_GAP_MS = 60 * 60_000;
const MIN_BURST = 3;

function padded(start: number, end: number): [number, number] {
  const pad = Math.max(5 * 60_000, (end - start) * 0.1);
  return [start - pad, end + pad];
}

export function openingWindow(a: {
  incidents?: readonly Incident[];
  capturedAt?: number;
  times: readonly number[];
  severities: readonly Severity[];
  rootCauseAt?: number;
}): Opening | undefined {
  const incidents = a.incidents ?? [];
  const atCapture = incidents.find((i) => i.status === 'at-capture');
  if (atCapture) {
    return { range: padded(Date.parse(atCapture.start), Math.max(Date.parse(atCapture.end), a.capturedAt ?? -Infinity)), start: Date.parse(atCapture.start), reason: 'the incident at capture', incidentId: atCapture.id };
  }
  const past = [...incidents].filter((i) => i.status === 'past').sort((x, y) => Date.parse(y.end) - Date.parse(x.end))[0];
  if (past) return { range: padded(Date.parse(past.start), Date.parse(past.end)), start: Date.parse(past.start), reason: 'the latest past incident', incidentId: past.id };
  const end = Math.max(a.capturedAt ?? -Infinity, ...a.times);
  if (a.rootCauseAt !== undefined) return { range: [a.rootCauseAt - Math.max(5 * 60_000, (end - a.rootCauseAt) * 0.5), end + 60_000], start: a.rootCauseAt, reason: 'the root cause' };
  const errors = a.times.map((t, i) => [t, a.severities[i]] as const).filter(([, s]) => s === 'critical' || s === 'error').map(([t]) => t).sort((x, y) => x - y);
  if (!errors.length) return undefined;
  // bursts of errors less than an hour apart; the latest with at least MIN_BURST errors (a lone late error is not an incident)
  const bursts: number[][] = [];
  for (const t of errors) {
    const last = bursts[bursts.length - 1];
    if (last && t - last[last.length - 1] <= BURST_GAP_MS) last.push(t);
    else bursts.push([t]);
  }
  const burst = [...bursts].reverse().find((b) => b.length >= MIN_BURST) ?? bursts[bursts.length - 1];
  return { range: padded(burst[0], burst[burst.length - 1]), start: burst[0], reason: 'the latest burst of errors' };
}

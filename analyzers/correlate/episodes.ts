/**
 * Episodes: every signal stream (one check and one group key, e.g. SIG-XDS-001 in one pod) is split by time
 * into bursts. The rule, shared by the signature group store and the correlator:
 *
 * - The stream's **rhythm** is the median gap between consecutive hits (from the group store's per-minute
 *   histogram: c hits in one bucket count as c−1 gaps of bucket/c, consecutive buckets as one gap each).
 * - A gap longer than `episodeGapMs(rhythm)` = min(6 h, max(30 min, 10 × rhythm)) starts a new episode.
 *   A CA storm that retries every second splits at any 30-minute silence; a check that fires every 30 min
 *   (a probe, a periodic close) stays one episode unless it falls silent for 5 h; nothing stays one
 *   episode across a silence of more than 6 h.
 *
 * This module also turns findings into the timed segments the incident builder clusters: a log-signature
 * finding is one episode already (dense by construction), and so is any finding whose count recurred at least
 * every 30 min over its span (an event x280 over three days, a crash loop); anything else (sparser events, single
 * terminations) contributes its first and last times and the times of its evidence as points, because what
 * happened between them is not known. Findings without any time (config, proxy state) are the state
 * at capture and have no segments.
 */
import type { Finding } from '../model/finding.js';

export const EPISODE_GAP_FLOOR_MS = 30 * 60_000;
export const EPISODE_GAP_CEILING_MS = 6 * 3600_000;
/** How many rhythms of silence end an episode (between the floor and the ceiling). */
export const EPISODE_GAP_RHYTHMS = 10;

/** The silence (ms) that ends an episode of a stream whose median inter-hit gap is `rhythmMs`. */
export function episodeGapMs(rhythmMs: number): number {
  const r = Number.isFinite(rhythmMs) && rhythmMs > 0 ? rhythmMs : 0;
  return Math.min(EPISODE_GAP_CEILING_MS, Math.max(EPISODE_GAP_FLOOR_MS, EPISODE_GAP_RHYTHMS * r));
}

/**
 * Median gap (ms) between consecutive hits of a stream from its histogram: `buckets` are [bucket index,
 * hit count] pairs of width `bucketMs`, in any order. Hits in one bucket are taken as evenly spread in it.
 * NaN with fewer than two hits.
 */
export function medianGapMs(bucketMs: number, buckets: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...buckets].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const gaps: Array<[gap: number, times: number]> = [];
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const [k, c] = sorted[i]!;
    if (c > 1) {
      gaps.push([bucketMs / c, c - 1]);
      total += c - 1;
    }
    const next = sorted[i + 1];
    if (next) {
      gaps.push([(next[0] - k) * bucketMs, 1]);
      total += 1;
    }
  }
  if (total === 0) return NaN;
  gaps.sort((a, b) => a[0] - b[0]);
  const middle = (total - 1) / 2;
  let seen = 0;
  for (const [gap, times] of gaps) {
    seen += times;
    if (seen > middle) return gap;
  }
  return gaps[gaps.length - 1]![0];
}

/**
 * A finding that recurred this often (its span over its count) was active throughout its span: a FailedCreate
 * every 15 min for three days is one long episode, a probe failing 7 times in 26 h is not.
 */
export const DENSE_EVENT_GAP_MS = 30 * 60_000;

/** A stretch of time in which a finding was active: [start, end] in ms (equal for a point). */
export interface Segment {
  startMs: number;
  endMs: number;
}

/** True for findings of the log-signature checks: their window is one dense episode. */
export function isSignatureEpisode(f: Finding): boolean {
  return f.analyzer.startsWith('signature/');
}

/**
 * True when the finding is an episode in time. Config findings and proxy-state findings (config dumps, certs,
 * stats, syncz: `proxy/…`) describe the state at capture, even when they carry a time such as a certificate's
 * expiry: an expired certificate is still expired when the bundle is taken.
 */
export function isTimed(f: Finding): boolean {
  if (f.analyzer.startsWith('proxy/')) return false;
  return f.firstSeen !== undefined || f.lastSeen !== undefined || f.evidence.some((e) => e.time !== undefined);
}

const ms = (t: string | undefined): number => (t === undefined ? NaN : Date.parse(t));

/**
 * When a finding was active. A log-signature episode, or any finding that recurred at least every 30 min, is
 * one segment from its first to its last time. Other timed findings (sparse events, single terminations) are
 * points: their first and last time and the times their evidence cites, since nothing says they were active in
 * between. Empty for findings without time.
 */
export function segmentsOf(f: Finding): Segment[] {
  const first = ms(f.firstSeen ?? f.lastSeen);
  const last = ms(f.lastSeen ?? f.firstSeen);
  const recurring = f.count > 1 && (last - first) / (f.count - 1) <= DENSE_EVENT_GAP_MS;
  const dense = (isSignatureEpisode(f) && !isEventSignature(f)) || recurring;
  if (dense && Number.isFinite(first) && Number.isFinite(last)) {
    return [{ startMs: Math.min(first, last), endMs: Math.max(first, last) }];
  }
  const points = new Set<number>();
  for (const t of [first, last, ...f.evidence.map((e) => ms(e.time))]) if (Number.isFinite(t)) points.add(t);
  return [...points].sort((a, b) => a - b).map((t) => ({ startMs: t, endMs: t }));
}

/** Signature findings matched on Kubernetes events carry event first/last times, not a dense run of hits. */
function isEventSignature(f: Finding): boolean {
  return f.data?.['component'] === 'k8s-event';
}

/**
 * Ranking of mined templates for `report.unrecognised`: the templates an engineer should read first are the
 * ones that burst in the incident window, are new there, are errors rather than warnings, and hit many pods.
 *
 * For each template, with W the ranking window (the incident at capture, else the last hour before capture):
 * - `windowCount`: its lines inside W;
 * - burst = (windowCount / hours(W)) / (timed lines / hours(span of all mined lines, at least 1 h)): how much
 *   faster it came in W than on average (1 = steady);
 * - novelty = 1 when the template first appeared inside W, else the share of its lines inside W;
 * - severity: fatal 1, error 0.8, warn 0.4; spread: the number of pods.
 *
 * score = severity × recency × (1 + novelty) × (1 + ln(1 + burst)) × (1 + ln(1 + pods)) × (1 + ¼·ln(1 + count)),
 * where recency is 1 for templates seen inside W and 0.2 for the others (history stays listed, lower).
 * Templates with fewer than two fixed tokens (all variables) say nothing and are left out.
 */
import { stableId } from '../model/ids.js';
import type { UnrecognisedTemplate } from '../model/diagnosis.js';
import { WILDCARD } from './drain.js';
import type { TemplateStats } from './miner.js';

export interface RankOptions {
  /** RFC3339 capture time; the default window is the hour before it. Without it, the newest mined line stands in. */
  capturedAt?: string;
  /** The window to rank against (RFC3339), e.g. the incident at capture. Wins over capturedAt. */
  window?: { from: string; to: string };
  /** Most templates returned. Default 50. */
  limit?: number;
}

const HOUR = 3_600_000;
const SEVERITY = [0.4, 0.8, 1];
const LEVEL = ['warn', 'error', 'fatal'];
const MAX_PODS_LISTED = 20;

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Rank templates and shape them for the report, best first. */
export function rankTemplates(stats: readonly TemplateStats[], opts: RankOptions = {}): UnrecognisedTemplate[] {
  const useful = stats.filter((s) => s.cluster.tokens.filter((t) => t !== WILDCARD && !/^<[A-Z]+>$/.test(t)).length >= 2);
  let first = Infinity;
  let last = -Infinity;
  for (const s of useful) {
    if (s.firstMs !== undefined && s.firstMs < first) first = s.firstMs;
    if (s.lastMs !== undefined && s.lastMs > last) last = s.lastMs;
  }
  const captured = opts.capturedAt !== undefined ? Date.parse(opts.capturedAt) : last;
  const from = opts.window ? Date.parse(opts.window.from) : captured - HOUR;
  const to = opts.window ? Date.parse(opts.window.to) : captured;
  const windowH = Math.max((to - from) / HOUR, 1 / 60);
  const spanH = Number.isFinite(first) ? Math.max((last - first) / HOUR, 1) : 1;

  const ranked = useful.map((s) => {
    let inWindow = 0;
    let timed = 0;
    for (const [b, n] of s.buckets) {
      timed += n;
      if (b + s.bucketMs > from && b <= to) inWindow += n;
    }
    const overall = timed / spanH;
    const burst = inWindow > 0 && overall > 0 ? inWindow / windowH / overall : 0;
    const novelty = s.firstMs !== undefined && s.firstMs >= from && s.firstMs <= to ? 1 : timed ? inWindow / timed : 0;
    const recency = inWindow > 0 || (timed === 0 && s.count > 0 && !Number.isFinite(first)) ? 1 : 0.2;
    const score = SEVERITY[s.level]! * recency * (1 + novelty) * (1 + Math.log1p(burst)) * (1 + Math.log1p(s.pods.size)) * (1 + 0.25 * Math.log1p(s.count));
    return { s, inWindow, score };
  });
  ranked.sort((a, b) => b.score - a.score || b.s.count - a.s.count || a.s.cluster.id - b.s.cluster.id);
  return ranked.slice(0, opts.limit ?? 50).map(({ s, inWindow, score }): UnrecognisedTemplate => {
    const template = s.cluster.tokens.join(' ');
    const pods = [...s.pods].sort();
    return {
      id: stableId('unrecognised', s.component, template),
      component: s.component,
      template,
      level: LEVEL[s.level],
      count: Math.round(s.count),
      pods: pods.length > MAX_PODS_LISTED ? pods.slice(0, MAX_PODS_LISTED) : pods,
      ...(s.firstMs !== undefined ? { firstSeen: iso(s.firstMs) } : {}),
      ...(s.lastMs !== undefined ? { lastSeen: iso(s.lastMs) } : {}),
      examples: s.examples.map((e) => ({ file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), excerpt: e.excerpt, ...(e.time !== undefined ? { time: e.time } : {}) })),
      score: Math.round(score * 1000) / 1000,
      windowCount: Math.round(inWindow),
    };
  });
}

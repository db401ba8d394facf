/**
 * Unknown-error discovery: warn/error/fatal log lines that no signature claimed are grouped into templates per
 * log component (Drain, drain.ts, over masked tokens, mask.ts) as the scanner streams the bundle, and ranked
 * once the capture time is known (rank.ts). Memory is bounded: clusters per component (Drain's maxClusters),
 * pods and examples per template, time buckets per template.
 */
import type { LogLevel } from '../parse/logs/level.js';
import { Drain, type DrainCluster, type DrainOptions } from './drain.js';
import { tokenize } from './mask.js';

/** Where a mined line is: file, 1-based line (when known), the line cut to 300 characters, its time (RFC3339) if known. */
export interface MinedSample {
  file: string;
  line?: number;
  excerpt: string;
  time?: string;
}

/** Everything kept about one template while the bundle streams. Times are ms since the epoch. */
export interface TemplateStats {
  component: string;
  cluster: DrainCluster;
  count: number;
  /** Highest level seen: 0 warn, 1 error, 2 fatal. */
  level: number;
  pods: Set<string>;
  firstMs?: number;
  lastMs?: number;
  examples: MinedSample[];
  /** Hits per time bucket (bucket start ms → count), `bucketMs` wide; lines without a time are not in any bucket. */
  buckets: Map<number, number>;
  bucketMs: number;
}

export interface MinerOptions extends DrainOptions {
  /** Most pods remembered per template. Default 50. */
  maxPods: number;
  /** Most time buckets per template before they are made 12× wider. Default 2048. */
  maxBuckets: number;
  /** Initial time bucket width, ms. Default 5 minutes. */
  bucketMs: number;
}

const DEFAULTS: Omit<MinerOptions, keyof DrainOptions> = { maxPods: 50, maxBuckets: 2048, bucketMs: 5 * 60_000 };
const LEVEL_RANK: Partial<Record<LogLevel, number>> = { warn: 0, error: 1, fatal: 2 };

export class TemplateMiner {
  private readonly drains = new Map<string, Drain>();
  private readonly stats = new Map<DrainCluster, TemplateStats>();
  private readonly opts: Partial<DrainOptions> & Omit<MinerOptions, keyof DrainOptions>;
  /** Lines offered to the miner (warn and above, unclaimed). */
  lines = 0;

  constructor(opts: Partial<MinerOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /**
   * Offer one unclaimed log line (or Kubernetes event). Lines below warn are ignored. `sample` is called only when the
   * template keeps this line as one of its two examples (so that excerpts are not built for every line). `weight` is
   * how many occurrences it stands for (an event's count); 1 for a log line. With `sinceMs` (< timeMs), the weight is
   * spread evenly over [sinceMs, timeMs] (an event seen `count` times between its first and last time).
   */
  add(component: string, level: LogLevel | undefined, msg: string, timeMs: number | undefined, pod: string | undefined, sample: () => MinedSample, weight = 1, sinceMs?: number): void {
    const rank = level === undefined ? undefined : LEVEL_RANK[level];
    if (rank === undefined) return;
    const tokens = tokenize(msg);
    if (tokens.length === 0) return;
    this.lines += weight;
    let drain = this.drains.get(component);
    if (!drain) {
      drain = new Drain(this.opts);
      drain.onEvict = (c) => this.stats.delete(c);
      this.drains.set(component, drain);
    }
    const cluster = drain.add(tokens);
    let s = this.stats.get(cluster);
    if (!s) {
      s = { component, cluster, count: 0, level: 0, pods: new Set(), examples: [], buckets: new Map(), bucketMs: this.opts.bucketMs };
      this.stats.set(cluster, s);
    }
    s.count += weight;
    if (rank > s.level) s.level = rank;
    if (pod !== undefined && s.pods.size < this.opts.maxPods) s.pods.add(pod);
    if (s.examples.length < 2) {
      const x = sample();
      if (!s.examples.some((e) => e.file === x.file && e.line === x.line)) s.examples.push(x);
    }
    if (timeMs !== undefined && timeMs === timeMs) {
      const from = sinceMs !== undefined && sinceMs === sinceMs && sinceMs < timeMs ? sinceMs : timeMs;
      if (s.firstMs === undefined || from < s.firstMs) s.firstMs = from;
      if (s.lastMs === undefined || timeMs > s.lastMs) s.lastMs = timeMs;
      if (from === timeMs) {
        const b = Math.floor(timeMs / s.bucketMs) * s.bucketMs;
        s.buckets.set(b, (s.buckets.get(b) ?? 0) + weight);
      } else this.spread(s, from, timeMs, weight);
      while (s.buckets.size > this.opts.maxBuckets) coarsen(s);
    }
  }

  /** Spread `weight` evenly over the buckets of [from, to] (widening the buckets first so that it fits). */
  private spread(s: TemplateStats, from: number, to: number, weight: number): void {
    while ((to - from) / s.bucketMs > this.opts.maxBuckets / 2) coarsen(s);
    const rate = weight / (to - from);
    for (let b = Math.floor(from / s.bucketMs) * s.bucketMs; b <= to; b += s.bucketMs) {
      const overlap = Math.min(b + s.bucketMs, to) - Math.max(b, from);
      if (overlap > 0) s.buckets.set(b, (s.buckets.get(b) ?? 0) + rate * overlap);
    }
  }

  /** Every template kept, in no particular order. */
  templates(): TemplateStats[] {
    return [...this.stats.values()];
  }

  /** Lines whose template was evicted to bound memory. */
  evicted(): number {
    let n = 0;
    for (const d of this.drains.values()) n += d.evicted;
    return n;
  }
}

function coarsen(s: TemplateStats): void {
  const width = s.bucketMs * 12;
  const next = new Map<number, number>();
  for (const [b, n] of s.buckets) {
    const k = Math.floor(b / width) * width;
    next.set(k, (next.get(k) ?? 0) + n);
  }
  s.buckets = next;
  s.bucketMs = width;
}

import { maxTime, minTime, timeMs } from '../parse/logs/time.js';
import { episodeGapMs, medianGapMs } from '../correlate/episodes.js';
import type { CaptureStats, HitPlaces, SignatureDef, SignatureEpisode, SignatureGroup, SignatureSample } from './types.js';

/** One matched line or event, ready to be added to its group. */
export interface Hit {
  values: Record<string, string>;
  captures: Record<string, string>;
  sample: SignatureSample;
  /** 1 for a line; the event's count for an event. */
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** `namespace/name` of the pod the hit is about, when known. */
  pod?: string;
  object?: { kind: string; namespace?: string; name: string };
}

const MAX_EXCERPT = 300;
const FIRST_SAMPLES = 3;
const MAX_PODS = 1000;
const MAX_FILES = 1000;
/** Distinct groups kept per signature; hits with further group values go to one `(other)` group. */
export const MAX_GROUPS_PER_SIGNATURE = 2000;
const OTHER = '(other)';

const MINUTE_MS = 60_000;
/** Per-minute histogram buckets kept per group; past this the bucket width doubles (2, 4, 8… minutes). */
export const MAX_HISTOGRAM_BUCKETS = 4096;
/** Hits closer than this share a run; runs are the building blocks of episodes (whose gaps are ≥ 30 min). */
const RUN_JOIN_MS = 10 * MINUTE_MS;
/** Runs kept per group; past this the two closest runs merge (their gap is the least likely episode boundary). */
export const MAX_RUNS = 64;
/** Distinct values counted per capture (Space-Saving: counts beyond the bound are upper estimates). */
export const TOP_VALUES = 8;
/** Samples an episode keeps: the first hits of its first run, the first hit of later runs, its last hit. */
const EPISODE_SAMPLES = 6;
/** An event seen N times between two times is spread over at most this many histogram points. */
const EVENT_SPREAD_POINTS = 60;

/** Group keys that name where requests went: hits of every caller share a group (see destinationPart). */
const DESTINATION_KEYS = new Set(['upstreamCluster', 'authority']);

/**
 * The key part of a destination value: the value itself when it names a destination (`outbound|9080|v3|reviews.…`,
 * `inbound|9080|http|reviews.…`, `reviews:9080`); a value that names none (`-`, `inbound|9080||` of Istio ≥ 1.10,
 * `PassthroughCluster`, `BlackHoleCluster`, `InboundPassthroughClusterIpv4`) would merge unrelated proxies, so it is
 * kept apart per workload of the logging pod.
 */
export function destinationPart(value: string, workload: string | undefined): string {
  const named = value !== '-' && value !== '' && !value.endsWith('||') && !/^(?:PassthroughCluster|BlackHoleCluster|InboundPassthroughCluster)/.test(value);
  return named ? value : `${value}\u001e${workload ?? '-'}`;
}

/** Cut an excerpt to 300 characters (the cut is marked with `…`). */
export function excerpt(text: string): string {
  const t = text.trim();
  return t.length <= MAX_EXCERPT ? t : t.slice(0, MAX_EXCERPT - 1) + '…';
}

/** Running statistics of one named capture: first/last (arrival order), max of numbers, top values. */
interface CaptureAcc {
  first: string;
  last: string;
  max?: number;
  numeric: boolean;
  top: Map<string, number>;
}

/** Hits close in time (gaps under RUN_JOIN_MS), with their own samples and capture statistics. */
interface Run {
  startMs: number;
  endMs: number;
  start?: string;
  end?: string;
  count: number;
  previous: number;
  first: SignatureSample[];
  last?: SignatureSample;
  caps: Map<string, CaptureAcc>;
}

/**
 * One group's running state as plain data (GroupStore.state): what a worker thread hands to the main thread. Internal
 * shapes (runs, capture accumulators) are opaque to callers: only GroupStore.merge reads them.
 */
export interface GroupState extends Omit<Mutable, 'group'> {
  signatureId: string;
  key: string;
  values: Record<string, string>;
  count: number;
  previousCount: number;
  firstSeen?: string;
  lastSeen?: string;
}

interface Mutable {
  group: SignatureGroup;
  /** Every hit's place, in arrival order, when the store keeps them (GroupStore allHits). */
  all?: HitPlaces;
  first: SignatureSample[];
  last?: SignatureSample;
  pods: Set<string>;
  files: Set<string>;
  objects: Map<string, { kind: string; namespace?: string; name: string }>;
  caps: Map<string, CaptureAcc>;
  /** Sparse histogram: bucket index (time / bucketMs) → hits. */
  buckets: Map<number, number>;
  bucketMs: number;
  /** Timed runs, sorted by start. */
  runs: Run[];
  /** Hits without a time (Linkerd uptime stamps, events without times). */
  untimed?: Run;
  firstMs: number;
  lastMs: number;
}

/**
 * Aggregates hits by signature and groupBy values. Memory per group is bounded whatever the hit count: a few
 * samples, pods and files (capped), a sparse per-minute histogram (at most MAX_HISTOGRAM_BUCKETS numbers),
 * at most MAX_RUNS runs (each with four samples and TOP_VALUES counts per capture). At the end each group is
 * split into episodes (correlate/episodes.ts), each with its own window, count, captures and samples.
 */
export class GroupStore {
  private readonly byKey = new Map<string, Mutable>();
  private readonly perSignature = new Map<string, number>();

  /**
   * `allHits`: also keep every hit's place (file, line, time) in its group (`SignatureGroup.hits`), for
   * `--evidence all`: about 30 bytes per hit besides the file and time strings the hits already hold.
   */
  constructor(private readonly allHits = false) {}

  add(def: SignatureDef, hit: Hit): void {
    const values: Record<string, string> = {};
    for (const g of def.groupBy) values[g] = hit.captures[g] ?? hit.values[g] ?? '-';
    const key = [def.id, ...def.groupBy.map((g) => (DESTINATION_KEYS.has(g) ? destinationPart(values[g]!, hit.values['workload']) : values[g]))].join('\u001f');
    const m = this.groupFor(def, key, values);
    const g = m.group;
    g.count += hit.count;
    if (hit.sample.previous) g.previousCount += hit.count;
    const from = hit.firstSeen ?? hit.sample.time;
    const to = hit.lastSeen ?? hit.sample.time;
    if (m.first.length < FIRST_SAMPLES) m.first.push(hit.sample);
    else m.last = hit.sample;
    if (hit.pod !== undefined && m.pods.size < MAX_PODS) m.pods.add(hit.pod);
    if (m.files.size < MAX_FILES) m.files.add(hit.sample.file);
    if (hit.object) m.objects.set(`${hit.object.kind}/${hit.object.namespace ?? ''}/${hit.object.name}`, hit.object);
    const fromMs = from !== undefined ? timeMs(from) : NaN;
    const toMs = to === from ? fromMs : to !== undefined ? timeMs(to) : NaN;
    if (this.allHits) addPlace((m.all ??= { file: [], line: [], time: [], ms: [] }), hit.sample.file, hit.sample.line, hit.sample.time, fromMs);
    let run: Run;
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      g.firstSeen = minTime(g.firstSeen, from);
      g.lastSeen = maxTime(g.lastSeen, to);
      run = m.untimed ??= newRun(NaN, NaN);
    } else {
      const lo = Math.min(fromMs, toMs);
      const hi = Math.max(fromMs, toMs);
      // Compared as numbers; equal ms keep the string seen first (timeKey order only matters below 1 ms).
      if (!(lo >= m.firstMs)) { m.firstMs = lo; g.firstSeen = lo === fromMs ? from : to; }
      if (!(hi <= m.lastMs)) { m.lastMs = hi; g.lastSeen = hi === toMs ? to : from; }
      addToHistogram(m, lo, hi, hit.count);
      const i = findOrInsertRun(m.runs, lo, hi);
      run = m.runs[i]!;
      if (run.start === undefined || lo < run.startMs) { run.startMs = lo; run.start = lo === fromMs ? from : to; }
      if (run.end === undefined || hi > run.endMs) { run.endMs = hi; run.end = hi === toMs ? to : from; }
      run = coalesceAround(m.runs, i);
    }
    run.count += hit.count;
    if (hit.sample.previous) run.previous += hit.count;
    if (run.first.length < FIRST_SAMPLES) run.first.push(hit.sample);
    else run.last = hit.sample;
    for (const name in hit.captures) {
      const v = hit.captures[name]!;
      const isNumber = NUMBER.test(v);
      addCapture(m.caps, name, v, hit.count, isNumber);
      addCapture(run.caps, name, v, hit.count, isNumber);
    }
  }

  /**
   * The store's state as plain data (Maps, arrays, strings, numbers: structured-clonable, for postMessage), each
   * group naming its signature by id. A worker thread scans one file into its own store and hands this over; the
   * main thread merges the states file by file in bundle order (merge), so that the result does not depend on
   * which worker scanned which file or when it finished.
   */
  state(): GroupState[] {
    const out: GroupState[] = [];
    for (const m of this.byKey.values()) {
      const { group: g, ...rest } = m;
      out.push({ ...rest, signatureId: g.signature.id, key: g.key, values: g.values, count: g.count, previousCount: g.previousCount, firstSeen: g.firstSeen, lastSeen: g.lastSeen });
    }
    return out;
  }

  /**
   * Merge the state of a store that saw later hits (a later file): counts and histograms add up, samples keep the
   * first three and the last hit in arrival order, runs join where they touch (RUN_JOIN_MS) and stay bounded
   * (MAX_RUNS), pods/files/objects join under their caps, capture statistics merge (top values: the TOP_VALUES most
   * counted of both). `defs` finds each group's signature by id; a state naming an unknown signature is skipped.
   */
  merge(states: readonly GroupState[], defs: ReadonlyMap<string, SignatureDef>): void {
    for (const s of states) {
      const def = defs.get(s.signatureId);
      if (def) this.mergeOne(def, s);
    }
  }

  /**
   * The group of `key`, created on first use. Past MAX_GROUPS_PER_SIGNATURE distinct keys of one signature, further
   * keys share one group whose values are all OTHER (bounds memory on high-cardinality group values).
   */
  private groupFor(def: SignatureDef, key: string, values: Record<string, string>): Mutable {
    let m = this.byKey.get(key);
    if (!m && (this.perSignature.get(def.id) ?? 0) >= MAX_GROUPS_PER_SIGNATURE) {
      values = Object.fromEntries(def.groupBy.map((g) => [g, OTHER]));
      key = [def.id, ...def.groupBy.map(() => OTHER)].join('\u001f');
      m = this.byKey.get(key);
    }
    if (!m) {
      this.perSignature.set(def.id, (this.perSignature.get(def.id) ?? 0) + 1);
      m = {
        group: { signature: def, key, values, count: 0, previousCount: 0, samples: [], captures: {}, pods: [], files: [], objects: [], contextOnly: def.contextOnly, episodes: [] },
        first: [], pods: new Set(), files: new Set(), objects: new Map(), caps: new Map(), buckets: new Map(), bucketMs: MINUTE_MS, runs: [], firstMs: NaN, lastMs: NaN,
      };
      this.byKey.set(key, m);
    }
    return m;
  }

  private mergeOne(def: SignatureDef, s: GroupState): void {
    const m = this.groupFor(def, s.key, s.values);
    const g = m.group;
    g.count += s.count;
    g.previousCount += s.previousCount;
    const samples = arrivalSamples(m.first, m.last, s.first, s.last);
    m.first = samples.first;
    m.last = samples.last;
    for (const p of s.pods) if (m.pods.size < MAX_PODS) m.pods.add(p);
    for (const f of s.files) if (m.files.size < MAX_FILES) m.files.add(f);
    for (const [k, o] of s.objects) m.objects.set(k, o);
    for (const [name, c] of s.caps) m.caps.set(name, m.caps.has(name) ? mergeCapture(m.caps.get(name)!, c) : c);
    // Times: compared as numbers; untimed groups compare the strings (minTime/maxTime).
    if (s.firstMs === s.firstMs) {
      if (!(s.firstMs >= m.firstMs)) { m.firstMs = s.firstMs; g.firstSeen = s.firstSeen; }
      if (!(s.lastMs <= m.lastMs)) { m.lastMs = s.lastMs; g.lastSeen = s.lastSeen; }
    } else if (m.firstMs !== m.firstMs) {
      g.firstSeen = minTime(g.firstSeen, s.firstSeen);
      g.lastSeen = maxTime(g.lastSeen, s.lastSeen);
    }
    mergeHistogram(m, s.buckets, s.bucketMs);
    for (const r of s.runs) mergeRunInto(m.runs, r);
    if (s.untimed) m.untimed = m.untimed ? arrivalMerge(m.untimed, s.untimed) : s.untimed;
    if (s.all) {
      const all = (m.all ??= { file: [], line: [], time: [], ms: [] });
      for (let i = 0; i < s.all.file.length; i++) addPlace(all, s.all.file[i]!, s.all.line[i], s.all.time[i], s.all.ms[i]!);
    }
  }

  /** All groups, sorted by signature id then key. */
  groups(): SignatureGroup[] {
    const out: SignatureGroup[] = [];
    for (const m of this.byKey.values()) {
      const g = m.group;
      g.samples = m.last ? [...m.first, m.last] : [...m.first];
      g.pods = [...m.pods].sort();
      g.files = [...m.files].sort();
      g.objects = [...m.objects.values()];
      g.captures = captureStats(m.caps);
      const rhythm = medianGapMs(m.bucketMs, [...m.buckets.entries()]);
      g.rhythmMs = Number.isFinite(rhythm) ? Math.round(rhythm) : undefined;
      g.episodeGapMs = episodeGapMs(rhythm);
      g.episodes = episodes(m, g.episodeGapMs);
      if (m.all) g.hits = m.all;
      out.push(g);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

function addPlace(all: HitPlaces, file: string, line: number | undefined, time: string | undefined, ms: number): void {
  all.file.push(file);
  all.line.push(line ?? 0);
  all.time.push(time);
  all.ms.push(ms);
}

function newRun(startMs: number, endMs: number): Run {
  return { startMs, endMs, count: 0, previous: 0, first: [], caps: new Map() };
}

/** Count hits in the sparse histogram; an event seen over a span is spread evenly over it. */
function addToHistogram(m: Mutable, lo: number, hi: number, count: number): void {
  const points = hi > lo && count > 1 ? Math.min(count, EVENT_SPREAD_POINTS) : 1;
  for (let i = 0; i < points; i++) {
    const t = points === 1 ? lo : lo + ((hi - lo) * i) / (points - 1);
    const share = Math.floor(count / points) + (i < count % points ? 1 : 0);
    const k = Math.floor(t / m.bucketMs);
    m.buckets.set(k, (m.buckets.get(k) ?? 0) + share);
  }
  boundHistogram(m);
}

/** Past MAX_HISTOGRAM_BUCKETS buckets, the bucket width doubles until they fit. */
function boundHistogram(m: Mutable): void {
  while (m.buckets.size > MAX_HISTOGRAM_BUCKETS) {
    const coarse = new Map<number, number>();
    for (const [k, c] of m.buckets) coarse.set(Math.floor(k / 2), (coarse.get(Math.floor(k / 2)) ?? 0) + c);
    m.buckets = coarse;
    m.bucketMs *= 2;
  }
}

/** The index of the run within RUN_JOIN_MS of [lo, hi], or of a new one at its sorted place. */
function findOrInsertRun(runs: Run[], lo: number, hi: number): number {
  // Hits mostly arrive in time order: try the last run first.
  const last = runs.length - 1;
  const tail = runs[last];
  if (tail && lo <= tail.endMs + RUN_JOIN_MS && hi >= tail.startMs - RUN_JOIN_MS) return last;
  let a = 0;
  let b = runs.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (runs[mid]!.startMs < lo) a = mid + 1;
    else b = mid;
  }
  for (const i of [a - 1, a]) {
    const r = runs[i];
    if (r && lo <= r.endMs + RUN_JOIN_MS && hi >= r.startMs - RUN_JOIN_MS) return i;
  }
  runs.splice(a, 0, newRun(lo, hi));
  if (runs.length <= MAX_RUNS) return a;
  // Too many runs: merge the two closest (their gap is the least likely episode boundary), then find ours again.
  let best = 0;
  for (let i = 1; i + 1 < runs.length; i++) {
    if (runs[i + 1]!.startMs - runs[i]!.endMs < runs[best + 1]!.startMs - runs[best]!.endMs) best = i;
  }
  const mine = runs[a]!;
  runs.splice(best, 2, mergeRuns(runs[best]!, runs[best + 1]!));
  const at = runs.indexOf(mine);
  return at >= 0 ? at : best;
}

/** Merge run `i` with its neighbours while they now touch; returns the run that holds it. */
function coalesceAround(runs: Run[], i: number): Run {
  while (i + 1 < runs.length && runs[i + 1]!.startMs <= runs[i]!.endMs + RUN_JOIN_MS) runs.splice(i, 2, mergeRuns(runs[i]!, runs[i + 1]!));
  while (i > 0 && runs[i]!.startMs <= runs[i - 1]!.endMs + RUN_JOIN_MS) {
    runs.splice(i - 1, 2, mergeRuns(runs[i - 1]!, runs[i]!));
    i--;
  }
  return runs[i]!;
}

/** One run from two, `a` starting first. */
function mergeRuns(a: Run, b: Run): Run {
  const caps = new Map(a.caps);
  for (const [name, c] of b.caps) caps.set(name, caps.has(name) ? mergeCapture(caps.get(name)!, c) : c);
  const first = [...a.first, ...b.first].slice(0, FIRST_SAMPLES);
  const later = b.endMs >= a.endMs ? b : a;
  return {
    startMs: Math.min(a.startMs, b.startMs), endMs: Math.max(a.endMs, b.endMs),
    start: a.startMs <= b.startMs ? a.start : b.start, end: later.end,
    count: a.count + b.count, previous: a.previous + b.previous,
    first, last: later.last ?? later.first[later.first.length - 1], caps,
  };
}

/** First three samples and the last one of hits `a` then hits `b`, each given as its own first three and last. */
function arrivalSamples(aFirst: SignatureSample[], aLast: SignatureSample | undefined, bFirst: SignatureSample[], bLast: SignatureSample | undefined): { first: SignatureSample[]; last?: SignatureSample } {
  const all = [...aFirst, ...bFirst];
  const first = all.slice(0, FIRST_SAMPLES);
  const overflow = all.length > FIRST_SAMPLES || aLast !== undefined || bLast !== undefined;
  const last = bLast ?? (bFirst.length && all.length > FIRST_SAMPLES ? bFirst[bFirst.length - 1] : aLast);
  return overflow && last !== undefined ? { first, last } : { first };
}

/** One run from run `a` (hits seen first) and run `b` (hits seen later), whatever their times. */
function arrivalMerge(a: Run, b: Run): Run {
  const caps = new Map(a.caps);
  for (const [name, c] of b.caps) caps.set(name, caps.has(name) ? mergeCapture(caps.get(name)!, c) : c);
  const timed = a.startMs === a.startMs && b.startMs === b.startMs;
  const startA = !timed || a.startMs <= b.startMs;
  const endB = !timed || b.endMs >= a.endMs;
  const { first, last } = arrivalSamples(a.first, a.last, b.first, b.last);
  return {
    startMs: timed ? Math.min(a.startMs, b.startMs) : NaN, endMs: timed ? Math.max(a.endMs, b.endMs) : NaN,
    start: startA ? a.start : b.start, end: endB ? b.end : a.end,
    count: a.count + b.count, previous: a.previous + b.previous,
    first, ...(last ? { last } : {}), caps,
  };
}

/** Add a run of later hits to sorted runs: it joins every run it touches (RUN_JOIN_MS), or takes its sorted place. */
function mergeRunInto(runs: Run[], r: Run): void {
  let a = 0;
  while (a < runs.length && runs[a]!.endMs + RUN_JOIN_MS < r.startMs) a++;
  let b = a;
  while (b < runs.length && runs[b]!.startMs - RUN_JOIN_MS <= r.endMs) b++;
  if (a === b) runs.splice(a, 0, r);
  else {
    let held = runs[a]!;
    for (let i = a + 1; i < b; i++) held = mergeRuns(held, runs[i]!);
    runs.splice(a, b - a, arrivalMerge(held, r));
  }
  while (runs.length > MAX_RUNS) {
    let best = 0;
    for (let i = 1; i + 1 < runs.length; i++) {
      if (runs[i + 1]!.startMs - runs[i]!.endMs < runs[best + 1]!.startMs - runs[best]!.endMs) best = i;
    }
    runs.splice(best, 2, mergeRuns(runs[best]!, runs[best + 1]!));
  }
}

/** Add a histogram of later hits (bucket index → hits at `bucketMs`): both go to the wider bucket, then stay bounded. */
function mergeHistogram(m: Mutable, buckets: ReadonlyMap<number, number>, bucketMs: number): void {
  if (buckets.size === 0) return;
  const width = Math.max(m.bucketMs, bucketMs);
  if (width !== m.bucketMs) {
    const wide = new Map<number, number>();
    for (const [k, c] of m.buckets) {
      const w = Math.floor((k * m.bucketMs) / width);
      wide.set(w, (wide.get(w) ?? 0) + c);
    }
    m.buckets = wide;
    m.bucketMs = width;
  }
  for (const [k, c] of buckets) {
    const w = Math.floor((k * bucketMs) / width);
    m.buckets.set(w, (m.buckets.get(w) ?? 0) + c);
  }
  boundHistogram(m);
}

/** Runs joined while the silence between them is shorter than `gapMs`, oldest first; untimed hits join the latest. */
function episodes(m: Mutable, gapMs: number): SignatureEpisode[] {
  const out: SignatureEpisode[] = [];
  let cur: { runs: Run[] } | undefined;
  for (const r of m.runs) {
    const prev = cur?.runs[cur.runs.length - 1];
    if (cur && prev && r.startMs - prev.endMs < gapMs) cur.runs.push(r);
    else {
      if (cur) out.push(toEpisode(cur.runs));
      cur = { runs: [r] };
    }
  }
  if (cur) out.push(toEpisode(cur.runs));
  if (m.untimed) {
    const last = out[out.length - 1];
    if (!last) out.push(toEpisode([m.untimed]));
    else {
      last.count += m.untimed.count;
      last.previousCount += m.untimed.previous;
      if (last.samples.length < EPISODE_SAMPLES) last.samples.push(...m.untimed.first.slice(0, EPISODE_SAMPLES - last.samples.length));
      const merged = new Map<string, CaptureAcc>();
      for (const [k, v] of Object.entries(last.captures)) merged.set(k, fromStats(v));
      for (const [name, c] of m.untimed.caps) merged.set(name, merged.has(name) ? mergeCapture(merged.get(name)!, c) : c);
      last.captures = captureStats(merged);
    }
  }
  return out;
}

function toEpisode(runs: Run[]): SignatureEpisode {
  const [firstRun] = runs;
  const lastRun = runs[runs.length - 1]!;
  const samples: SignatureSample[] = [...firstRun!.first];
  const middle = runs.slice(1);
  const room = EPISODE_SAMPLES - samples.length - 1;
  // Spread: the first hit of later runs (episode boundaries inside the window), evenly picked.
  for (let i = 0; i < Math.min(room, middle.length); i++) {
    const r = middle[Math.floor((i * middle.length) / Math.min(room, middle.length))]!;
    if (r.first[0] && !samples.includes(r.first[0])) samples.push(r.first[0]);
  }
  const tail = lastRun.last ?? lastRun.first[lastRun.first.length - 1];
  if (tail && !samples.includes(tail)) samples.push(tail);
  const caps = new Map<string, CaptureAcc>();
  for (const r of runs) for (const [name, c] of r.caps) caps.set(name, caps.has(name) ? mergeCapture(caps.get(name)!, c) : c);
  const ep: SignatureEpisode = {
    count: runs.reduce((n, r) => n + r.count, 0),
    previousCount: runs.reduce((n, r) => n + r.previous, 0),
    samples,
    captures: captureStats(caps),
  };
  if (firstRun!.start !== undefined) ep.start = firstRun!.start;
  if (lastRun.end !== undefined) ep.end = lastRun.end;
  return ep;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

function addCapture(caps: Map<string, CaptureAcc>, name: string, v: string, count: number, isNumber: boolean): void {
  let c = caps.get(name);
  if (!c) {
    c = { first: v, last: v, numeric: isNumber, top: new Map(), ...(isNumber ? { max: Number(v) } : {}) };
    caps.set(name, c);
  } else {
    c.last = v;
    if (!isNumber) {
      c.numeric = false;
      delete c.max;
    } else if (c.numeric) c.max = Math.max(c.max ?? Number(v), Number(v));
  }
  if (!isNumber) countValue(c.top, v, count);
}

/** Space-Saving top-k: a new value beyond the bound replaces the least counted one and inherits its count. */
function countValue(top: Map<string, number>, v: string, count: number): void {
  const n = top.get(v);
  if (n !== undefined) {
    top.set(v, n + count);
    return;
  }
  if (top.size < TOP_VALUES) {
    top.set(v, count);
    return;
  }
  let minKey = '';
  let min = Infinity;
  for (const [k, c] of top) if (c < min) { min = c; minKey = k; }
  top.delete(minKey);
  top.set(v, min + count);
}

/** `a` seen first, `b` later. */
function mergeCapture(a: CaptureAcc, b: CaptureAcc): CaptureAcc {
  const numeric = a.numeric && b.numeric;
  const top = new Map(a.top);
  for (const [v, n] of b.top) top.set(v, (top.get(v) ?? 0) + n);
  const kept = new Map([...top].sort((x, y) => y[1] - x[1]).slice(0, TOP_VALUES));
  return { first: a.first, last: b.last, numeric, top: kept, ...(numeric ? { max: Math.max(a.max ?? -Infinity, b.max ?? -Infinity) } : {}) };
}

/** Capture statistics of hits `a` (seen first) and `b` (seen later), merged as two runs' are. */
export function mergeCaptureStats(a: Record<string, CaptureStats>, b: Record<string, CaptureStats>): Record<string, CaptureStats> {
  const caps = new Map<string, CaptureAcc>();
  for (const [name, c] of Object.entries(a)) caps.set(name, fromStats(c));
  for (const [name, c] of Object.entries(b)) caps.set(name, caps.has(name) ? mergeCapture(caps.get(name)!, fromStats(c)) : fromStats(c));
  return captureStats(caps);
}

function fromStats(s: CaptureStats): CaptureAcc {
  return { first: s.first, last: s.last, numeric: s.max !== undefined, top: new Map((s.top ?? []).map((t) => [t.value, t.count])), ...(s.max !== undefined ? { max: s.max } : {}) };
}

function captureStats(caps: Map<string, CaptureAcc>): Record<string, CaptureStats> {
  const out: Record<string, CaptureStats> = {};
  for (const [name, c] of caps) {
    const top = [...c.top].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
    out[name] = { first: c.first, last: c.last, ...(c.numeric && c.max !== undefined ? { max: c.max } : {}), ...(top.length ? { top } : {}) };
  }
  return out;
}

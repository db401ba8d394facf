import type { ResourceRef } from '../model/k8s.js';
import { renderTemplate, stableId } from '../model/ids.js';
import type { Evidence, Finding } from '../model/finding.js';
import type { CaptureStats, SignatureEpisode, SignatureGroup } from './types.js';
import { mergeCaptureStats } from './groups.js';
import { timeMs } from '../parse/logs/time.js';

const MAX_LISTED_PODS = 5;
const MAX_RESOURCES = 50;
/** Values a message names for one capture before "and N more". */
const MAX_NAMED_VALUES = 3;

/**
 * How a message names the values of a capture: the value when there is one; otherwise the most frequent
 * with their counts, most first (`1,259 no such host, 48 connection refused`), never just the last one.
 * Numeric captures render their largest value.
 */
export function dominantValues(c: CaptureStats): string | number {
  if (c.max !== undefined) return c.max;
  const top = c.top ?? [];
  if (top.length <= 1) return top[0]?.value ?? c.last;
  const named = top.slice(0, MAX_NAMED_VALUES).map((t) => `${t.count.toLocaleString('en-US')} ${t.value}`);
  const rest = top.length - MAX_NAMED_VALUES;
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

/**
 * Values for a message template (see keys.ts for what each placeholder means), for one episode of a group
 * (or the whole group when `ep` is omitted). Besides the placeholders, `data` carries `<capture>Counts`: the
 * counted values of each capture as JSON `[[value, hits], …]`, most first, so cause models read counts rather
 * than wording (values stay in strings, where redaction sees them, never in keys); and
 * `component` (the signature's component: `k8s-event` findings carry event times, not a run of hits).
 */
export function templateData(g: SignatureGroup, ep?: SignatureEpisode): Record<string, string | number> {
  const pods = listed(g.pods);
  const firstSeen = ep ? ep.start : g.firstSeen;
  const lastSeen = ep ? ep.end : g.lastSeen;
  const data: Record<string, string | number> = {
    count: ep ? ep.count : g.count,
    // lines pasted without their pod (a ticket, a folder of loose logs): name the file they came from
    pods: pods || (g.files.length ? `an unnamed pod (${g.files[0]})` : 'an unnamed pod'),
    podCount: g.pods.length,
    firstSeen: firstSeen ?? 'unknown time',
    lastSeen: lastSeen ?? 'unknown time',
    previousCount: ep ? ep.previousCount : g.previousCount,
    component: g.signature.component,
    ...g.values,
  };
  for (const [name, c] of Object.entries(ep ? ep.captures : g.captures)) {
    data[`${name}First`] = c.first;
    data[`${name}Last`] = c.last;
    data[`${name}Max`] = c.max ?? c.last;
    data[name] = dominantValues(c);
    if (c.top?.length) data[`${name}Counts`] = JSON.stringify(c.top.map((t) => [t.value, t.count]));
  }
  return data;
}

/** Fill a template; a placeholder with no value (an optional capture that never matched) reads `unknown`. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  return renderTemplate(template, data).replace(/\{\{\s*\w+\s*\}\}/g, 'unknown');
}

function resources(g: SignatureGroup, max = MAX_RESOURCES): ResourceRef[] {
  const out: ResourceRef[] = [];
  const seen = new Set<string>();
  const add = (r: ResourceRef): void => {
    const k = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    if (seen.has(k) || out.length >= max) return;
    seen.add(k);
    out.push(r);
  };
  for (const p of g.pods) {
    const i = p.indexOf('/');
    add(i < 0 ? { kind: 'Pod', name: p } : { kind: 'Pod', namespace: p.slice(0, i), name: p.slice(i + 1) });
  }
  for (const o of g.objects) add(o.namespace !== undefined ? { kind: o.kind, namespace: o.namespace, name: o.name } : { kind: o.kind, name: o.name });
  return out;
}

/** Group keys that name where a hit was logged (the source side), as opposed to where requests went or an event's object. */
const SOURCE_KEYS = new Set(['pod', 'workload', 'namespace', 'container', 'file']);
/**
 * Episodes of one signature, in at least this many of its groups, that overlap in time are one finding: a burst that
 * hits 200 workloads at once (every istio-agent failing to reach the CA, every proxy losing xDS when istiod restarts)
 * is one fact with 200 pods, not 200 findings. Fewer groups keep a finding each.
 */
export const STORM_GROUPS = 8;
/** Episodes closer than this in time count as overlapping for STORM_GROUPS. */
const STORM_JOIN_MS = 10 * 60_000;
/** Pods a merged finding lists as resources (its message and `podCount` give the whole number). */
const STORM_RESOURCES = 500;
/** Evidence rows of a merged finding: the first hit, the last, and first hits of groups spread between. */
const STORM_SAMPLES = 6;

interface Member {
  g: SignatureGroup;
  ep: SignatureEpisode;
  startMs: number;
  endMs: number;
}

/**
 * Which storm a group's episodes may join, or undefined: a signature that groups by where hits were logged (keys.ts:
 * workload, pod…) merges groups across those keys only, among groups with the same values of its other keys (the same
 * gRPC code, the same upstream cluster). Event signatures never merge.
 */
function stormPartition(g: SignatureGroup): string | undefined {
  const by = g.signature.groupBy;
  if (g.contextOnly || g.signature.component === 'k8s-event' || !by.some((k) => SOURCE_KEYS.has(k))) return undefined;
  return [g.signature.id, ...by.filter((k) => !SOURCE_KEYS.has(k)).map((k) => g.values[k] ?? '')].join('\u001f');
}

/** Clusters of overlapping episodes (STORM_JOIN_MS) of one signature that span at least STORM_GROUPS groups. */
function storms(members: Member[]): Member[][] {
  const sorted = [...members].sort((a, b) => a.startMs - b.startMs || (a.g.key < b.g.key ? -1 : a.g.key > b.g.key ? 1 : 0));
  const out: Member[][] = [];
  let cur: Member[] = [];
  let end = -Infinity;
  const close = (): void => {
    if (new Set(cur.map((m) => m.g)).size >= STORM_GROUPS) out.push(cur);
  };
  for (const m of sorted) {
    if (cur.length && m.startMs > end + STORM_JOIN_MS) {
      close();
      cur = [];
      end = -Infinity;
    }
    cur.push(m);
    end = Math.max(end, m.endMs);
  }
  if (cur.length) close();
  return out;
}

/** `a, b, c, d, e and 12 more` of sorted distinct values. */
function listed(values: string[]): string {
  return values.length <= MAX_LISTED_PODS ? values.join(', ') : `${values.slice(0, MAX_LISTED_PODS).join(', ')} and ${values.length - MAX_LISTED_PODS} more`;
}

/** One group and episode standing for a storm's members (their pods, counts, captures and spread samples). */
function stormGroup(members: Member[], part: string): { g: SignatureGroup; ep: SignatureEpisode } {
  const s = members[0]!.g.signature;
  const byStart = [...members].sort((a, b) => a.startMs - b.startMs);
  const byEnd = [...members].sort((a, b) => a.endMs - b.endMs);
  const first = byStart[0]!;
  const last = byEnd[byEnd.length - 1]!;
  const samples = [first.ep.samples[0]!];
  const middle = byStart.filter((m) => m !== first && m !== last);
  const room = Math.min(STORM_SAMPLES - 2, middle.length);
  for (let i = 0; i < room; i++) samples.push(middle[Math.floor((i * middle.length) / room)]!.ep.samples[0]!);
  const tail = last.ep.samples[last.ep.samples.length - 1]!;
  if (!samples.includes(tail)) samples.push(tail);
  const groups = [...new Set(members.map((m) => m.g))];
  const distinct = (f: (g: SignatureGroup) => string[]): string[] => [...new Set(groups.flatMap(f))].sort();
  const values: Record<string, string> = {};
  for (const k of s.groupBy) values[k] = listed(distinct((g) => [g.values[k]!]));
  let captures: Record<string, CaptureStats> = {};
  for (const m of byStart) captures = mergeCaptureStats(captures, m.ep.captures);
  const ep: SignatureEpisode = {
    start: first.ep.start,
    end: last.ep.end,
    count: members.reduce((n, m) => n + m.ep.count, 0),
    previousCount: members.reduce((n, m) => n + m.ep.previousCount, 0),
    samples: samples.filter((x) => x !== undefined),
    captures,
  };
  const objects = new Map(groups.flatMap((g) => g.objects.map((o) => [`${o.kind}/${o.namespace ?? ''}/${o.name}`, o] as const)));
  const g: SignatureGroup = {
    signature: s, key: `${part}\u001f(storm)`, values, count: ep.count, previousCount: ep.previousCount, firstSeen: ep.start, lastSeen: ep.end,
    samples: ep.samples, captures, pods: distinct((x) => x.pods), files: distinct((x) => x.files), objects: [...objects.values()],
    contextOnly: false, episodes: [ep],
  };
  return { g, ep };
}

/** Epoch ms of an episode's window ([NaN, NaN] when untimed). */
function windowMs(ep: SignatureEpisode): [number, number] {
  return [ep.start !== undefined ? timeMs(ep.start) : NaN, ep.end !== undefined ? timeMs(ep.end) : NaN];
}

/**
 * With every hit kept (`--evidence all`): the places of group `g`'s hits that belong to episode `ep` (inside its
 * window; untimed hits belong to the group's latest episode, as in groups.ts), or all of them without an episode.
 */
function placesOf(g: SignatureGroup, ep: SignatureEpisode | undefined): Evidence[] {
  const h = g.hits;
  if (!h) return [];
  const latest = ep === undefined || ep === g.episodes[g.episodes.length - 1];
  const [from, to] = ep ? windowMs(ep) : [NaN, NaN];
  const out: Evidence[] = [];
  for (let i = 0; i < h.file.length; i++) {
    const ms = h.ms[i]!;
    const inside = ep === undefined || (ms === ms ? ms >= from && ms <= to : latest);
    if (!inside) continue;
    const time = h.time[i];
    out.push({ file: h.file[i]!, ...(h.line[i] ? { line: h.line[i] } : {}), ...(time !== undefined ? { time } : {}) });
  }
  return out;
}

/** Exemplar rows (with their excerpts) first, then every other hit's place, each place once. */
function withPlaces(exemplars: Evidence[], places: Evidence[]): Evidence[] {
  if (places.length === 0) return exemplars;
  const seen = new Set(exemplars.map((e) => `${e.file}\u0000${e.line ?? ''}`));
  const out = [...exemplars];
  for (const p of places) {
    const k = `${p.file}\u0000${p.line ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

function toFinding(g: SignatureGroup, ep: SignatureEpisode | undefined, id: string, places: Evidence[], maxResources = MAX_RESOURCES, extra: Record<string, string | number> = {}): Finding {
  const s = g.signature;
  const data = { ...templateData(g, ep), ...extra };
  let message = renderMessage(s.message, data);
  const previous = ep ? ep.previousCount : g.previousCount;
  if (previous > 0) message += ` (${previous} of them in the previous container's log)`;
  const first = ep ? ep.start : g.firstSeen;
  const last = ep ? ep.end : g.lastSeen;
  return {
    id,
    code: s.id,
    analyzer: `signature/${s.id}`,
    severity: s.severity,
    title: s.description,
    message,
    resources: resources(g, maxResources),
    evidence: withPlaces((ep ? ep.samples : g.samples).map((x) => ({
      file: x.file,
      ...(x.line !== undefined ? { line: x.line } : {}),
      excerpt: x.excerpt,
      ...(x.time !== undefined ? { time: x.time } : {}),
    })), places),
    count: ep ? ep.count : g.count,
    ...(first !== undefined ? { firstSeen: first } : {}),
    ...(last !== undefined ? { lastSeen: last } : {}),
    remediation: s.remediation,
    docs: s.docs,
    rootCauses: [...s.rootCauses],
    data,
  };
}

/**
 * Turn signature groups into report findings, one per episode (an August outage and today's incident in
 * the same pod are two findings). Context-only groups (benign by design) are left out. Ids are stable: the
 * latest episode of a group has stableId('signature', signature id, group key), as a group had before
 * episodes existed; earlier episodes add their start time. Each finding's message, count, times, captures
 * and evidence are its episode's own. The message notes how many hits came from a previous container's log
 * (bug-report `Previous log` section).
 *
 * Storms: a signature grouped by where hits were logged (workload, pod, namespace…) whose episodes overlap in
 * time in at least STORM_GROUPS groups with the same values of its other group keys (stormPartition) gives one
 * finding for them, at the place of its first group: every pod listed (up to 500 as resources; `podCount` is
 * exact), the counts and captures summed, evidence spread over the groups (first hit, last hit, first hits
 * between), `data.groups` the number of groups merged; its id is stableId('signature', signature id, the other
 * keys' values…, '(storm)', start).
 *
 * Groups that kept every hit (ScannerOptions.allHits, `--evidence all`) add, after the exemplars, one evidence row
 * (file, line, time; no excerpt) per other hit of the finding: no hit is left out.
 */
export function groupsToFindings(groups: readonly SignatureGroup[]): Finding[] {
  const members = new Map<string, Member[]>();
  for (const g of groups) {
    const part = stormPartition(g);
    if (part === undefined) continue;
    for (const ep of g.episodes) {
      const [startMs, endMs] = windowMs(ep);
      if (startMs !== startMs || endMs !== endMs) continue;
      let list = members.get(part);
      if (!list) members.set(part, (list = []));
      list.push({ g, ep, startMs, endMs });
    }
  }
  // Each merged episode → its storm; a storm's finding goes where its first member (in group order) would have.
  const stormOf = new Map<SignatureEpisode, { st: Member[]; part: string }>();
  for (const [part, list] of members) for (const st of storms(list)) for (const m of st) stormOf.set(m.ep, { st, part });
  const emitted = new Set<Member[]>();
  const out: Finding[] = [];
  for (const g of groups) {
    if (g.contextOnly) continue;
    const s = g.signature;
    const episodes = g.episodes.length ? g.episodes : [undefined];
    episodes.forEach((ep, i) => {
      const storm = ep && stormOf.get(ep);
      if (storm) {
        if (emitted.has(storm.st)) return;
        emitted.add(storm.st);
        const merged = stormGroup(storm.st, storm.part);
        const id = stableId('signature', ...storm.part.split('\u001f'), '(storm)', merged.ep.start);
        const places = storm.st.flatMap((m) => placesOf(m.g, m.ep));
        out.push(toFinding(merged.g, merged.ep, id, places, STORM_RESOURCES, { groups: new Set(storm.st.map((m) => m.g)).size }));
        return;
      }
      const latest = i === episodes.length - 1;
      const first = ep ? ep.start : g.firstSeen;
      out.push(toFinding(g, ep, latest ? stableId('signature', s.id, g.key) : stableId('signature', s.id, g.key, first), placesOf(g, ep)));
    });
  }
  return out;
}

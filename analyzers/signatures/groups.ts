import { maxTime, minTime } from '../parse/logs/time.js';
import type { CaptureStats, SignatureDef, SignatureGroup, SignatureSample } from './types.js';

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

/** Cut an excerpt to 300 characters (the cut is marked with `…`). */
export function excerpt(text: string): string {
  const t = text.trim();
  return t.length <= MAX_EXCERPT ? t : t.slice(0, MAX_EXCERPT - 1) + '…';
}

interface Mutable {
  group: SignatureGroup;
  first: SignatureSample[];
  last?: SignatureSample;
  pods: Set<string>;
  files: Set<string>;
  objects: Map<string, { kind: string; namespace?: string; name: string }>;
  numeric: Record<string, boolean>;
}

/** Aggregates hits by signature and groupBy values. Memory per group is bounded (samples, pods, files). */
export class GroupStore {
  private readonly byKey = new Map<string, Mutable>();
  private readonly perSignature = new Map<string, number>();

  add(def: SignatureDef, hit: Hit): void {
    let values: Record<string, string> = {};
    for (const g of def.groupBy) values[g] = hit.captures[g] ?? hit.values[g] ?? '-';
    let key = [def.id, ...def.groupBy.map((g) => values[g])].join('\u001f');
    let m = this.byKey.get(key);
    if (!m && (this.perSignature.get(def.id) ?? 0) >= MAX_GROUPS_PER_SIGNATURE) {
      // Bound memory on high-cardinality group values: further distinct values share one group.
      values = Object.fromEntries(def.groupBy.map((g) => [g, OTHER]));
      key = [def.id, ...def.groupBy.map(() => OTHER)].join('\u001f');
      m = this.byKey.get(key);
    }
    if (!m) {
      this.perSignature.set(def.id, (this.perSignature.get(def.id) ?? 0) + 1);
      m = {
        group: { signature: def, key, values, count: 0, previousCount: 0, samples: [], captures: {}, pods: [], files: [], objects: [], contextOnly: def.contextOnly },
        first: [], pods: new Set(), files: new Set(), objects: new Map(), numeric: {},
      };
      this.byKey.set(key, m);
    }
    const g = m.group;
    g.count += hit.count;
    if (hit.sample.previous) g.previousCount += hit.count;
    g.firstSeen = minTime(g.firstSeen, hit.firstSeen ?? hit.sample.time);
    g.lastSeen = maxTime(g.lastSeen, hit.lastSeen ?? hit.sample.time);
    if (m.first.length < FIRST_SAMPLES) m.first.push(hit.sample);
    else m.last = hit.sample;
    if (hit.pod !== undefined && m.pods.size < MAX_PODS) m.pods.add(hit.pod);
    if (m.files.size < MAX_FILES) m.files.add(hit.sample.file);
    if (hit.object) m.objects.set(`${hit.object.kind}/${hit.object.namespace ?? ''}/${hit.object.name}`, hit.object);
    for (const [name, v] of Object.entries(hit.captures)) addCapture(g.captures, m.numeric, name, v);
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
      out.push(g);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

function addCapture(caps: Record<string, CaptureStats>, numeric: Record<string, boolean>, name: string, v: string): void {
  const n = /^-?\d+(?:\.\d+)?$/.test(v) ? Number(v) : NaN;
  const c = caps[name];
  if (!c) {
    caps[name] = Number.isNaN(n) ? { first: v, last: v } : { first: v, last: v, max: n };
    numeric[name] = !Number.isNaN(n);
    return;
  }
  c.last = v;
  if (Number.isNaN(n)) {
    numeric[name] = false;
    delete c.max;
  } else if (numeric[name]) c.max = Math.max(c.max ?? n, n);
}

/**
 * Kubernetes label selectors as Istio's analyzers use them (k8s.io/apimachinery `labels`):
 * a map selector (`SelectorFromSet`) where an empty map matches everything, and a full
 * `LabelSelector` with `matchExpressions` (webhooks, NetworkPolicies).
 */

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, unknown>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A YAML label map with every value as a string (`version: 2` is the label `"2"`); anything else is empty. */
export function asLabels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val !== null && val !== undefined && typeof val !== 'object') out[k] = String(val);
  }
  return out;
}

/** `SelectorFromSet(selector).Matches(labels)`: every selector pair is present; an empty selector matches all. */
export function matchesLabels(selector: Labels | undefined, labels: Labels | undefined): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) {
    if (!labels || labels[k] !== v) return false;
  }
  return true;
}

/**
 * `LabelSelectorAsSelector(sel).Matches(labels)`. An absent selector matches everything (the webhook
 * and NetworkPolicy default); an unknown operator matches nothing, as Kubernetes rejects it.
 */
export function matchesLabelSelector(sel: LabelSelector | undefined | null, labels: Labels | undefined): boolean {
  if (!sel) return true;
  const l = labels ?? {};
  if (!matchesLabels(asLabels(sel.matchLabels), l)) return false;
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const values = (req.values ?? []).map(String);
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(l[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A map selector as Kubernetes prints it: `key=value` pairs sorted by key, joined by commas ("" when empty). */
export function selectorString(selector: Labels | undefined): string {
  if (!selector) return '';
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}

/** Does `superset` hold every pair of `subset`? (Istio `maps.Contains(superset, subset)`.) */
export function containsLabels(superset: Labels | undefined, subset: Labels | undefined): boolean {
  return matchesLabels(subset, superset);
}

/**
 * The label that comes closest to satisfying a selector that matches none of `candidates`: for the
 * first selector pair that no candidate satisfies, the candidate value that contains or is contained
 * in the wanted one (`version: v2` against pods labelled `version: v2.0`), else the one with the
 * smallest edit distance. Undefined when no candidate has that key.
 */
export function nearestLabel(
  selector: Labels,
  candidates: readonly Labels[],
): { key: string; wanted: string; found: string } | undefined {
  for (const [key, wanted] of Object.entries(selector)) {
    if (candidates.some((c) => c[key] === wanted)) continue;
    let best: string | undefined;
    let bestDist = Infinity;
    for (const c of candidates) {
      const v = c[key];
      if (v === undefined) continue;
      const d = (v.startsWith(wanted) || wanted.startsWith(v) || v.includes(wanted) || wanted.includes(v) ? 0 : 1000) + editDistance(v, wanted);
      if (d < bestDist || (d === bestDist && best !== undefined && v < best)) {
        best = v;
        bestDist = d;
      }
    }
    return best === undefined ? undefined : { key, wanted, found: best };
  }
  return undefined;
}

/** Levenshtein distance, bounded to strings of 256 characters (label values are at most 63). */
export function editDistance(a: string, b: string): number {
  const s = a.slice(0, 256);
  const t = b.slice(0, 256);
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

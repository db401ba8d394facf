/**
 * Field → line lookup inside one resource's source text. Used lazily, only for findings, so it can
 * afford a full `yaml` parse with source ranges (the bulk load uses js-yaml, which keeps none).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { locateFast } from './locate-fast.js';

type Segment = string | number;

const SEGMENT = /\.?(?:\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]|([^.[\]]+))/gy;

/** `spec.http[0].route[1]`, `metadata.annotations["sidecar.istio.io/inject"]` → segments; undefined if malformed. */
export function parseFieldPath(path: string): Segment[] | undefined {
  const out: Segment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const m = SEGMENT.exec(path);
    if (!m) return undefined;
    out.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3] ?? m[4]));
  }
  return out.length ? out : undefined;
}

/**
 * Absolute 1-based line of a field inside a resource's text: `text` is `Resource.text` (YAML or JSON)
 * and `baseLine` the line of its first line in the bundle file (`Resource.source.line`). `path` is
 * dotted with `[n]` indexes and optional `["quoted.key"]` segments, e.g.
 * `spec.http[0].route[1].destination.subset`. A map key's line is the line of the key; a sequence
 * element's is the line where the element starts. Returns undefined when the path is malformed, the
 * field is absent or the text does not parse; never throws.
 * Plain block YAML (kubectl's output) is answered by a line scan (`locate-fast.ts`, µs); anything else is
 * parsed with the `yaml` library's source ranges (~2 ms for a 7 KB Pod).
 */
export function locateField(text: string, baseLine: number, path: string): number | undefined {
  const segs = parseFieldPath(path);
  if (!segs) return undefined;
  const fast = locateFast(text, segs);
  if (fast !== undefined) return baseLine + fast;
  return locateParsed(text, baseLine, segs);
}

/** The `yaml`-library path of locateField: a full parse with source ranges. */
export function locateParsed(text: string, baseLine: number, segs: Array<string | number>): number | undefined {
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  } catch {
    return undefined;
  }
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const seg of segs) {
    if (typeof seg === 'number' && isSeq(node)) {
      node = node.items[seg];
      offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
    } else if (isMap(node)) {
      const pair = node.items.filter((p) => isScalar(p.key) && String(p.key.value) === String(seg)).pop();
      node = pair?.value;
      offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (!pair) return undefined;
    } else {
      return undefined;
    }
    if (offset === undefined) return undefined;
  }
  return offset === undefined ? undefined : baseLine + lc.linePos(offset).line - 1;
}

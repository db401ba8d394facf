import { describe, expect, it } from 'vitest';
import { locateField, locateParsed, parseFieldPath } from '../../../analyzers/parse/k8s/locate.js';
import { locateFast } from '../../../analyzers/parse/k8s/locate-fast.js';
import { parseResourcesFromText } from '../../../analyzers/parse/k8s/resources.js';
import { archiveText, SEP } from './corpus.js';

/** Every field path of an object (up to 3 elements per sequence, 7 levels), in locateField syntax. */
function* paths(v: unknown, prefix: string, depth: number): Generator<string> {
  if (depth > 6) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < Math.min(v.length, 3); i++) {
      yield `${prefix}[${i}]`;
      yield* paths(v[i], `${prefix}[${i}]`, depth + 1);
    }
  } else if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = /^[\w-]+$/.test(k) ? (prefix ? `${prefix}.${k}` : k) : `${prefix}["${k}"]`;
      yield p;
      yield* paths(child, p, depth + 1);
    }
  }
}

describe('locateField', () => {
  // Resources under 10 KB, every 5th path (the parser takes ms per call).
  it('the line scan agrees with the yaml parser on fields of the real CRs and Pods', () => {
    const crs = parseResourcesFromText(archiveText(SEP, 'bug-report/cluster/crs'), 'crs').resources;
    const pods = parseResourcesFromText(archiveText(SEP, 'bug-report/cluster/k8s-resources'), 'k').resources.slice(0, 40);
    let checked = 0;
    let seen = 0;
    for (const r of [...crs, ...pods].filter((x) => x.text!.length < 10_000)) {
      for (const p of paths(r.obj, '', 0)) {
        if (seen++ % 5) continue;
        const segs = parseFieldPath(p)!;
        expect(locateFast(r.text!, segs), `${r.kind} ${r.name} ${p}`).toBe(locateParsed(r.text!, 0, segs));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(900);
  });

  it('falls back to the parser off the beaten path, with the same answers', () => {
    const text = [
      'kind: VirtualService', // 10
      'metadata: {name: r, annotations: {a.b/c: "1"}}', // 11
      'spec:', // 12
      '  hosts: [a, b]', // 13
      '  http:', // 14
      '  - route:', // 15
      '      - destination:', // 16
      '          host: reviews', // 17
      '          subset: v1', // 18
      '    timeout: 5s', // 19
      '  note: |', // 20
      '    http:', // 21
      '  dup: 1', // 22
      '  dup: 2', // 23
    ].join('\n');
    expect(locateField(text, 10, 'metadata.annotations["a.b/c"]')).toBe(11);
    expect(locateField(text, 10, 'spec.hosts[1]')).toBe(13);
    expect(locateField(text, 10, 'spec.http[0].route[0].destination.subset')).toBe(18);
    expect(locateField(text, 10, 'spec.http[0].timeout')).toBe(19);
    expect(locateField(text, 10, 'spec.note.http')).toBeUndefined();
    expect(locateField(text, 10, 'spec.dup')).toBe(23);
    expect(locateField(text, 10, 'spec.http.route')).toBeUndefined();
    expect(locateField(text, 10, 'spec.http[1]')).toBeUndefined();
  });
});

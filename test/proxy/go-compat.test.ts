/**
 * The Go ports behave like Go. Expected outputs are Go's own: the `sort.Slice` permutations are from
 * arkark's SECCON 2023 write-up (go1.21, printed by `go run`), and the tabwriter cases follow
 * `text/tabwriter` documentation examples.
 */
import { describe, expect, it } from 'vitest';
import { goSortSlice } from '../../analyzers/proxy/go/sort.js';
import { GoTabwriter } from '../../analyzers/proxy/go/tabwriter.js';
import { goJsonIndent, goQuote, toProtoJsonNames } from '../../analyzers/proxy/go/json.js';
import { jsonToYaml, naturalLess } from '../../analyzers/proxy/go/yaml.js';

function notes(length: number): Array<{ id: number; content: string }> {
  return [{ id: -1, content: 'x' }, ...Array.from({ length: length - 1 }, (_, i) => ({ id: i, content: 'test' }))];
}

describe('goSortSlice (pdqsort) reproduces Go’s unstable order', () => {
  it.each([
    [11, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1]],
    [12, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1]],
    [13, [5, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, -1]],
    [14, [5, 7, 1, 2, 3, 4, 0, 12, 9, 8, 6, 10, 11, -1]],
  ])('length %i', (n, ids) => {
    const sorted = goSortSlice(notes(n), (a, b) => a.content < b.content);
    expect(sorted.map((x) => x.id)).toEqual(ids);
  });

  it('sorts large inputs correctly (heap/partition paths)', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5003);
    expect(goSortSlice([...xs], (a, b) => a < b)).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('GoTabwriter', () => {
  it('aligns a column block and never pads the last cell', () => {
    const w = new GoTabwriter({ minwidth: 0, padding: 1 });
    w.line('a', 'b', 'c').line('aaa', 'bbbbb', 'c').line('no tabs here').line('x', 'y');
    expect(w.flush()).toBe('a   b     c\naaa bbbbb c\nno tabs here\nx y\n');
  });

  it('pads empty trailing cells as istioctl tables show them', () => {
    const w = new GoTabwriter({ minwidth: 0, padding: 5 });
    w.line('NAME', 'TYPE', 'RULE').line('agent', 'STATIC', '');
    expect(w.flush()).toBe('NAME      TYPE       RULE\nagent     STATIC     \n');
  });
});

describe('Go JSON and YAML output', () => {
  it('escapes HTML characters as encoding/json does', () => {
    expect(goQuote('<a&b>\n"')).toBe('"\\u003ca\\u0026b\\u003e\\n\\""');
  });

  it('renames proto fields but not map keys or Struct contents, sorting map keys', () => {
    const v = toProtoJsonNames({ cluster_name: 'x', metadata: { filter_metadata: { z_key: { a_b: 1 }, istio: { config: 'c' } } } });
    expect(goJsonIndent(v, '  ')).toBe('{\n  "clusterName": "x",\n  "metadata": {\n    "filterMetadata": {\n      "istio": {\n        "config": "c"\n      },\n      "z_key": {\n        "a_b": 1\n      }\n    }\n  }\n}');
  });

  it('quotes YAML scalars only where go-yaml v2 does', () => {
    expect(jsonToYaml({ '@type': 't', v: '1605', t: '2022-12-08T11:03:53.361Z', s: '2022-12-08T09:07:09Z/10', e: '', l: [], m: {}, b: true })).toBe(
      "'@type': t\nb: true\ne: \"\"\nl: []\nm: {}\ns: 2022-12-08T09:07:09Z/10\nt: \"2022-12-08T11:03:53.361Z\"\nv: \"1605\"\n",
    );
  });

  it('orders keys naturally (digit runs as numbers)', () => {
    expect(['a10', 'a9', 'b', 'A'].sort((x, y) => (naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0))).toEqual(['A', 'a9', 'a10', 'b']);
  });
});

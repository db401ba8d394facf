import { describe, expect, it } from 'vitest';
import { locateField, parseResourcesFromText } from '../../../analyzers/parse/k8s/resources.js';
import { archiveText, SEP } from './corpus.js';

describe('parseResourcesFromText on the Sep 2023 bug-report', () => {
  const crs = archiveText(SEP, 'bug-report/cluster/crs');
  const { resources, warnings } = parseResourcesFromText(crs, 'bug-report/cluster/crs');

  it('reads every List item, with its first line', () => {
    expect(warnings).toEqual([]);
    expect(resources).toHaveLength(crs.split('\n').filter((l) => l.startsWith('- ')).length);
    const dr = resources.find((r) => r.kind === 'DestinationRule')!;
    expect(dr).toMatchObject({ apiVersion: 'networking.istio.io/v1beta1', namespace: 'default', name: 'bookinfo-redis' });
    expect(dr.source).toEqual({ file: 'bug-report/cluster/crs', line: 1491 });
    expect(dr.obj.spec.host).toBe('myredissrv.prod.svc.cluster.local');
    const vs = resources.find((r) => r.kind === 'VirtualService')!;
    expect([vs.name, vs.source.line]).toEqual(['bookinfo', 3545]);
  });

  it('keeps each item text with its line count, so fields can be located', () => {
    const vs = resources.find((r) => r.kind === 'VirtualService')!;
    expect(vs.text!.split('\n')[0]).toBe('  apiVersion: networking.istio.io/v1beta1');
    expect(locateField(vs.text!, vs.source.line!, 'spec.http[0].route[0].destination.host')).toBe(3576);
    expect(crs.split('\n')[3576 - 1]).toBe('          host: productpage');
    expect(locateField(vs.text!, vs.source.line!, 'spec.gateways[0]')).toBe(crs.split('\n').indexOf('    - bookinfo-gateway', 3544) + 1);
  });
});

describe('parseResourcesFromText formats', () => {
  it('reads multi-document YAML with comments and blank documents', () => {
    const text = '# header\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: ns\n---\n---\n\n# c\nkind: Namespace\nmetadata:\n  name: ns\n...\n';
    const { resources, warnings } = parseResourcesFromText(text, 'f.yaml');
    expect(warnings).toEqual([]);
    expect(resources.map((r) => [r.kind, r.namespace, r.name, r.source.line])).toEqual([
      ['Service', 'ns', 'a', 3],
      ['Namespace', undefined, 'ns', 12],
    ]);
    expect(resources[1].text).toBe('kind: Namespace\nmetadata:\n  name: ns\n');
  });

  it('reads indented List items and a top-level sequence', () => {
    const text = 'apiVersion: v1\nkind: PodList\nitems:\n  - kind: Pod\n    metadata:\n      name: p1\n  - kind: Pod\n    metadata: {name: p2}\n';
    const r = parseResourcesFromText(text, 'l.yaml').resources;
    expect(r.map((x) => [x.name, x.source.line])).toEqual([['p1', 4], ['p2', 7]]);
    const seq = parseResourcesFromText('- kind: A\n  metadata: {name: a}\n- kind: B\n  metadata: {name: b}\n', 's.yaml').resources;
    expect(seq.map((x) => [x.kind, x.source.line])).toEqual([['A', 1], ['B', 3]]);
  });

  it('reads JSON Lists, arrays and concatenated objects with the line of each opening brace', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'a', namespace: 'x' } }, { kind: 'Pod', metadata: { name: 'b' } }] }, null, 2);
    const r = parseResourcesFromText(list, 'l.json');
    expect(r.warnings).toEqual([]);
    expect(r.resources.map((x) => [x.name, x.source.line])).toEqual([['a', 5], ['b', 12]]);
    expect(list.split('\n')[4]).toBe('    {');
    expect(JSON.parse(r.resources[0].text!)).toEqual({ kind: 'Pod', metadata: { name: 'a', namespace: 'x' } });
    const lines = '{"kind":"A","metadata":{"name":"a"}}\n{"kind":"B","metadata":{"name":"b","x":"}{"}}\n';
    expect(parseResourcesFromText(lines, 'j').resources.map((x) => [x.kind, x.source.line])).toEqual([['A', 1], ['B', 2]]);
    const arr = '[\n {"kind":"A","metadata":{"name":"a"}},\n {"kind":"B","metadata":{"name":"b \\" ]"}}\n]';
    expect(parseResourcesFromText(arr, 'j').resources.map((x) => [x.name, x.source.line])).toEqual([['a', 2], ['b " ]', 3]]);
  });

  it('locates fields in JSON text and quoted keys', () => {
    const text = '{\n  "kind": "Pod",\n  "metadata": {\n    "name": "a",\n    "annotations": {"sidecar.istio.io/inject": "false"}\n  }\n}';
    expect(locateField(text, 10, 'metadata.name')).toBe(13);
    expect(locateField(text, 10, 'metadata.annotations["sidecar.istio.io/inject"]')).toBe(14);
    expect(locateField(text, 10, 'metadata.labels')).toBeUndefined();
    expect(locateField(text, 10, 'metadata..name]')).toBeUndefined();
  });
});

describe('parseResourcesFromText on hostile input', () => {
  it('strips Secret values and never keeps their text', () => {
    const ann = '{"data":{"password":"aHVudGVyMg=="}}';
    const yaml = `kind: Secret\nmetadata:\n  name: s\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '${ann}'\ndata:\n  password: aHVudGVyMg==\nstringData:\n  token: hunter2\n`;
    const [s] = parseResourcesFromText(yaml, 's.yaml').resources;
    expect(s.obj.data).toEqual({ password: '' });
    expect(s.obj.stringData).toEqual({ token: '' });
    expect(s.obj.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '' });
    expect(s.text).toBeUndefined();
    const json = parseResourcesFromText(JSON.stringify({ kind: 'List', items: [{ kind: 'Secret', metadata: { name: 'j' }, data: { k: 'c2VjcmV0' } }] }), 'j.json');
    expect(JSON.stringify(json)).not.toContain('c2VjcmV0');
  });

  it('warns on duplicate keys and keeps the last value', () => {
    const r = parseResourcesFromText('kind: ConfigMap\nmetadata:\n  name: a\n  name: b\n', 'd.yaml');
    expect(r.resources[0].name).toBe('b');
    expect(r.warnings).toEqual([{ file: 'd.yaml', line: 1, message: 'duplicated mapping key (4:3): kept the last value' }]);
  });

  it('caps aliases, depth and object size, keeping the other objects', () => {
    const laughs = 'kind: A\nmetadata: {name: a}\na: &a [x, x]\n' + Array.from({ length: 150 }, (_, i) => `k${i}: *a`).join('\n');
    const deepYaml = 'kind: B\nmetadata: {name: b}\nx: ' + '['.repeat(150) + ']'.repeat(150);
    const ok = 'kind: C\nmetadata: {name: c}';
    const r = parseResourcesFromText([laughs, deepYaml, ok].join('\n---\n'), 'h.yaml');
    expect(r.resources.map((x) => x.name)).toEqual(['c']);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('exceeded maxAliases (100)'),
      expect.stringContaining('exceeded maxDepth (100)'),
    ]);
    const deepJson = `[{"kind":"D","metadata":{"name":"d"},"x":${'['.repeat(200)}${']'.repeat(200)}}, {"kind":"E","metadata":{"name":"e"}}]`;
    const j = parseResourcesFromText(deepJson, 'h.json');
    expect(j.resources.map((x) => x.name)).toEqual(['e']);
    expect(j.warnings).toEqual([{ file: 'h.json', line: 1, message: 'nesting deeper than 100; skipped' }]);
    const big = parseResourcesFromText(`kind: F\nmetadata: {name: f}\nx: ${'y'.repeat(2000)}`, 'b.yaml', { maxObjectChars: 1000 });
    expect(big.resources).toEqual([]);
    expect(big.warnings[0].message).toMatch(/exceeds the 1000-character limit/);
  });

  it('skips a broken List item and non-objects with a warning, keeping the rest', () => {
    const text = 'items:\n- kind: A\n  metadata: {name: a}\n- kind: B\n  metadata: {name: [unclosed\n- kind: C\n  metadata: {name: c}\n- just a string\nkind: List\n';
    const r = parseResourcesFromText(text, 'l.yaml');
    expect(r.resources.map((x) => [x.name, x.source.line])).toEqual([['a', 2], ['c', 6]]);
    expect(r.warnings.map((w) => w.line)).toEqual([4, 8]);
    expect(r.warnings[1].message).toBe('not a Kubernetes object (not a mapping); skipped');
  });

  it('keeps objects before malformed JSON and does not quote the text', () => {
    const r = parseResourcesFromText('[{"kind":"A","metadata":{"name":"a"}}, {"kind": "B", "password": secretvalue}', 'm.json');
    expect(r.resources.map((x) => x.name)).toEqual(['a']);
    expect(JSON.stringify(r.warnings)).not.toContain('secretvalue');
  });
});

describe('parseResourcesFromText warnings name what is missing', () => {
  it('kind, name, generateName', () => {
    const text = 'metadata: {name: a}\n---\nkind: Pod\nmetadata: {generateName: job-}\n---\nkind: Pod\nspec: {}\n';
    expect(parseResourcesFromText(text, 'w.yaml').warnings).toEqual([
      { file: 'w.yaml', line: 1, message: 'not a Kubernetes object (no kind); skipped' },
      { file: 'w.yaml', line: 3, message: 'not a Kubernetes object (only metadata.generateName, no name); skipped' },
      { file: 'w.yaml', line: 6, message: 'not a Kubernetes object (no metadata.name); skipped' },
    ]);
  });
});

describe('parseResourcesFromText on Windows line endings and a BOM', () => {
  it('splits List items and locates fields the same way', () => {
    const text = '\uFEFFapiVersion: v1\r\nkind: List\r\nitems:\r\n- kind: Pod\r\n  metadata:\r\n    name: a\r\n- kind: Pod\r\n  metadata:\r\n    name: b\r\n';
    const r = parseResourcesFromText(text, 'crlf.yaml');
    expect(r.warnings).toEqual([]);
    expect(r.resources.map((x) => [x.name, x.source.line])).toEqual([['a', 4], ['b', 7]]);
    expect(locateField(r.resources[1].text!, 7, 'metadata.name')).toBe(9);
  });
});

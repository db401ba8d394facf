import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundleStore, type BundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { ExcerptReader, LINE_CAP } from '../../analyzers/node/serve/excerpt.js';
import { locateJsonPath, parseJsonPath } from '../../analyzers/node/serve/json-locate.js';
import { BUG_REPORT, fileLines } from './corpus.js';
import { readFileSync } from 'node:fs';

let store: BundleStore;
beforeAll(async () => { store = await openBundleStore(BUG_REPORT); });
afterAll(() => store.dispose());
const DUMP = 'bug-report/proxies/test/sleep-9454cc476-ls6sj/config_dump?include_eds';

describe('excerpts', () => {
  it('returns exactly the requested lines of a bundle file', async () => {
    const path = 'bug-report/cluster/k8s-resources';
    const ex = await new ExcerptReader().excerpt(store.files.get(path)!, 57170, 57180);
    const lines = fileLines(store, path);
    expect(ex.totalLines).toBe(lines.length);
    expect(ex.startLine).toBe(57170);
    const want = lines.slice(57169, 57180);
    expect(ex.lines).toEqual(want.map((l) => l.slice(0, LINE_CAP)));
    expect(ex.cutLines).toEqual(want.flatMap((l, i) => (l.length > LINE_CAP ? [57170 + i] : [])));
    expect(ex.cutLines.length).toBeGreaterThan(0);
  });

  it('clamps ranges to the file', async () => {
    const f = store.files.get('bug-report/versions')!;
    const ex = await new ExcerptReader().excerpt(f, 0, 10_000);
    expect(ex.startLine).toBe(1);
    expect(ex.lines.length).toBe(ex.totalLines);
  });

  it('centres on a JSON path in a config dump', async () => {
    const f = store.files.get(DUMP)!;
    const ex = await new ExcerptReader().excerpt(f, 0, 20, '$.configs[1].dynamic_active_clusters[3].cluster.name');
    const name = JSON.parse(readFileSync(f.diskPath, 'utf8')).configs[1].dynamic_active_clusters[3].cluster.name;
    expect(ex.jsonPathLine).toBeDefined();
    expect(ex.lines[ex.jsonPathLine! - ex.startLine]).toContain(`"name": ${JSON.stringify(name)}`);
  });
});

describe('JSON paths', () => {
  it('parses dotted, indexed and quoted segments', () => {
    expect(parseJsonPath('$.configs[1].dynamic_active_clusters[3]')).toEqual(['configs', 1, 'dynamic_active_clusters', 3]);
    expect(parseJsonPath("$['a.b'][0].c")).toEqual(['a.b', 0, 'c']);
    expect(parseJsonPath('configs')).toBeUndefined();
  });

  it('finds every top-level section of a real dump on the line of its "@type"', async () => {
    const f = store.files.get(DUMP)!;
    const lines = fileLines(store, DUMP);
    const configs = JSON.parse(readFileSync(f.diskPath, 'utf8')).configs as Array<Record<string, string>>;
    for (let i = 0; i < configs.length; i++) {
      const line = await locateJsonPath(f.diskPath, `$.configs[${i}]['@type']`);
      expect(lines[line! - 1]).toContain(configs[i]['@type']);
    }
    expect(await locateJsonPath(f.diskPath, '$.configs[99]')).toBeUndefined();
  });
});

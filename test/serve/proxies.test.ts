import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigDump } from '../../analyzers/parse/envoy/configdump.js';
import { renderProxyConfig } from '../../analyzers/proxy/proxy-config.js';
import { openBundleStore, type BundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { proxyTable, splitTable } from '../../analyzers/node/serve/proxies.js';
import { BUG_REPORT } from './corpus.js';

let store: BundleStore;
beforeAll(async () => { store = await openBundleStore(BUG_REPORT); });
afterAll(() => store.dispose());
const DUMP = 'bug-report/proxies/test/sleep-9454cc476-ls6sj/config_dump?include_eds';

describe('proxy-config tables', () => {
  it.each(['cluster', 'listener', 'route', 'endpoint', 'secret'] as const)('%s: the cells of istioctl’s own table, cut at its column starts', async (kind) => {
    const t = await proxyTable(store, 'test', 'sleep-9454cc476-ls6sj', kind, '2023-09-06T09:16:27Z');
    const text = renderProxyConfig(ConfigDump.parse(readFileSync(store.files.get(DUMP)!.diskPath, 'utf8')), kind, { now: new Date('2023-09-06T09:16:27Z') });
    const lines = text.split('\n').filter((l) => l.trim());
    expect(t.rows).toHaveLength(lines.length - 1);
    expect(t.columns.join(' ')).toBe(lines[0].trim().split(/\s+/).join(' '));
    t.rows.forEach((r, i) => expect(r.filter(Boolean).join(' ').split(/\s+/).join(' ')).toBe(lines[i + 1].trim().split(/\s+/).join(' ')));
    expect(t.source.file).toBe(DUMP);
  });

  it('keeps empty cells in place', () => {
    const t = splitTable('SERVICE FQDN     PORT     SUBSET\n                 80       -\nreviews.default  9080     v1\n');
    expect(t.columns).toEqual(['SERVICE FQDN', 'PORT', 'SUBSET']);
    expect(t.rows).toEqual([['', '80', '-'], ['reviews.default', '9080', 'v1']]);
  });

  it('says which proxy has no dump', async () => {
    await expect(proxyTable(store, 'test', 'no-such-pod', 'cluster')).rejects.toThrow(/no config_dump/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigDump } from '../../analyzers/parse/envoy/configdump.js';
import { renderProxyConfig } from '../../analyzers/proxy/proxy-config.js';
import { openBundleStore, type BundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { proxySummaries, proxyTable, splitTable } from '../../analyzers/node/serve/proxies.js';
import { NotFound } from '../../analyzers/node/serve/errors.js';
import { readMeshPods } from '../../analyzers/node/serve/mesh-pods.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { ProxySummary } from '../../analyzers/contract/backend.js';
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

  it('says which proxy has no dump, as a NotFound (HTTP 404, not 500)', async () => {
    const err = await proxyTable(store, 'test', 'no-such-pod', 'cluster').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFound);
    expect((err as Error).message).toMatch(/no config_dump/);
  });

  /** The value at a `$.a[0].b` path of the dump (the paths ConfigDump hands out). */
  const at = (root: unknown, path: string): any => path.replace(/^\$/, '').match(/\.[^.[]+|\[\d+\]/g)!.reduce((v: any, seg) => v?.[seg.startsWith('[') ? Number(seg.slice(1, -1)) : seg.slice(1)], root);
  const raw = () => JSON.parse(readFileSync(store.files.get(DUMP)!.diskPath, 'utf8'));

  it('a secret row opens that secret, a cluster row that cluster, a route row its virtual host', async () => {
    const dump = raw();
    const secrets = await proxyTable(store, 'test', 'sleep-9454cc476-ls6sj', 'secret', '2023-09-06T09:16:27Z');
    expect(secrets.rows.map((r) => r[0])).toEqual(['default', 'ROOTCA']);
    secrets.rows.forEach((r, i) => expect(at(dump, secrets.rowPaths![i]).name, secrets.rowPaths![i]).toBe(r[0]));
    expect(new Set(secrets.rowPaths).size).toBe(2);
    const clusters = await proxyTable(store, 'test', 'sleep-9454cc476-ls6sj', 'cluster', '2023-09-06T09:16:27Z');
    clusters.rows.forEach((r, i) => {
      const name: string = at(dump, clusters.rowPaths![i]).name;
      expect(name.includes(r[0]) && (r[1] === '-' || name.includes(`|${r[1]}|`)), `${r.join(' ')} → ${name}`).toBe(true);
    });
    const routes = await proxyTable(store, 'test', 'sleep-9454cc476-ls6sj', 'route', '2023-09-06T09:16:27Z');
    routes.rows.forEach((r, i) => expect(at(dump, routes.rowPaths![i]).name).toBe(r[1]));
  });
});

describe('proxy summaries with the mesh pods', () => {
  let list: ProxySummary[];
  beforeAll(async () => {
    const report = await analyzePath(BUG_REPORT);
    list = await proxySummaries(report, store, (await readMeshPods(store)).pods);
  }, 60_000);
  const one = (id: string) => list.find((p) => `${p.namespace}/${p.name}` === id)!;

  it('counts what the proxy-config tables list: clusters, listeners and route configurations (not the empty ScopedRoutesConfigDump)', () => {
    const configs: any[] = JSON.parse(readFileSync(store.files.get(DUMP)!.diskPath, 'utf8')).configs;
    const section = (t: string) => configs.find((c) => c['@type'].endsWith(`.${t}`));
    expect(configs.some((c) => c['@type'].endsWith('.ScopedRoutesConfigDump'))).toBe(true);
    const sleep = one('test/sleep-9454cc476-ls6sj');
    expect(sleep.routes).toBe(section('RoutesConfigDump').dynamic_route_configs.length + section('RoutesConfigDump').static_route_configs.length);
    expect(sleep.routes).toBe(26); // 20 dynamic + 6 static
    expect(sleep.clusters).toBe(61);
    expect(sleep.listeners).toBe(34);
  });

  it('lists the 17 collected proxies with their pods, and the 14 ambient workloads the bundle has only pods for', () => {
    expect(list.filter((p) => p.collected)).toHaveLength(17);
    expect(list.filter((p) => p.collected).every((p) => p.pod?.ready === true)).toBe(true);
    expect(list.filter((p) => p.kind === 'gateway').map((p) => p.name).sort()).toEqual(['argo-gateway-85787cfc6c-jpkpw', 'gateway-istio-57c99684c4-zr6bs', 'istio-ingressgateway-66ff6cdcf5-ccj9x']);
    const ambient = list.filter((p) => p.kind === 'ambient');
    expect(ambient).toHaveLength(14); // pods annotated ambient.istio.io/redirection: enabled in namespaces ambient and bookinfo
    expect(ambient.every((p) => !p.collected && p.certStatus === 'unknown')).toBe(true);
  });

  it('gives each pod its last termination, with the line of the pod that says so', () => {
    // bookinfo/details restarted once: lastState.terminated exitCode 255, reason Unknown (the node restarted)
    const details = one('bookinfo/details-v1-59fbfbb9c9-qhhpc');
    expect(details.pod).toMatchObject({ ready: true, restarts: 1, lastTermination: { exitCode: 255, reason: 'Unknown', file: 'bug-report/cluster/k8s-resources' } });
    expect(details.pod!.lastTermination!.line).toBeGreaterThan(1);
  });
});

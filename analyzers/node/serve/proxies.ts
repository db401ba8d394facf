/**
 * Proxy summaries and `istioctl proxy-config`-style tables read from a bug-report's proxy files:
 * `proxies/<ns>/<pod>/config_dump?include_eds` (Envoy admin /config_dump, envoy.admin.v3.ConfigDump),
 * `certs` (Envoy admin /certs), `server_info` (Envoy admin /server_info) and istiod's `debug/syncz`
 * (a JSON array of per-proxy sent/acked nonces). JSON files over 64 MiB are not parsed (said in `note`).
 */
import { readFile } from 'node:fs/promises';
import type { ProxySummary, ProxyTable, ProxyTableKind, Report } from '../../contract/backend.js';
import { ConfigDump } from '../../parse/envoy/configdump.js';
import { renderProxyConfig } from '../../proxy/proxy-config.js';
import { sortedClusters } from '../../proxy/render/cluster.js';
import { listenerAddress, listenerPort } from '../../proxy/render/listener.js';
import { secretRows } from '../../proxy/render/secret.js';
import { arr, str } from '../../parse/envoy/fields.js';
import { NotFound } from './errors.js';
import type { BundleStore, StoredFile } from './bundle-store.js';
import type { MeshPod } from './mesh-pods.js';

const MAX_JSON = 64 << 20;
/** `proxies/<ns>/<pod>/` in a bundle path (at its start or after a `/`). */
const PROXY_DIR = /(?:^|\/)proxies\/([^/]+)\/([^/]+)\//;

async function readJson(f: StoredFile | undefined): Promise<any> {
  if (!f || f.size > MAX_JSON) return undefined;
  try {
    return JSON.parse(await readFile(f.diskPath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The proxy's files by name (`config_dump?include_eds`, `certs`…), keyed from `proxies/<ns>/<pod>/`. */
function proxyFiles(store: BundleStore, ns: string, pod: string): Map<string, StoredFile> {
  const out = new Map<string, StoredFile>();
  const marker = `proxies/${ns}/${pod}/`;
  for (const f of store.files.values()) {
    const at = f.path.indexOf(marker);
    if (at >= 0 && (at === 0 || f.path[at - 1] === '/')) out.set(f.path.slice(at + marker.length), f);
  }
  return out;
}

function configDump(store: BundleStore, ns: string, pod: string): StoredFile | undefined {
  const files = proxyFiles(store, ns, pod);
  return files.get('config_dump?include_eds') ?? files.get('config_dump');
}

const XDS = [['CDS', 'cluster'], ['LDS', 'listener'], ['EDS', 'endpoint'], ['RDS', 'route'], ['ECDS', 'extensionconfig']] as const;

function syncStatus(entry: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [label, key] of XDS) {
    const sent = entry[`${key}_sent`];
    const acked = entry[`${key}_acked`];
    if (!sent && !acked) { if (key !== 'extensionconfig') out[label] = 'NOT SENT'; continue; }
    out[label] = sent === acked ? 'SYNCED' : acked ? 'STALE' : 'NOT ACKED';
  }
  return out;
}

/** One summary per proxy: the inventory's (collected) proxies, then the mesh pods the bundle has no files for. Never throws for bad files: the fields stay unset. */
export async function proxySummaries(report: Report, store: BundleStore, meshPods: readonly MeshPod[] = []): Promise<ProxySummary[]> {
  const syncz = [...store.files.values()].find((f) => /(^|\/)istio\/[^/]+\/[^/]+\/debug\/syncz$/.test(f.path));
  const syncList: any[] = (await readJson(syncz)) ?? [];
  const capturedMs = report.bundle.capturedAt ? Date.parse(report.bundle.capturedAt) : NaN;
  const podByKey = new Map(meshPods.map((p) => [`${p.namespace}/${p.name}`, p]));
  // the findings naming each pod (as a resource, or by citing a file under its proxies/<ns>/<pod>/ folder), in report order
  const byPod = new Map<string, string[]>();
  for (const f of report.findings) {
    const keys = new Set(f.resources.map((r) => `${r.namespace}/${r.name}`));
    for (const e of f.evidence) {
      const m = PROXY_DIR.exec(e.file);
      if (m) keys.add(`${m[1]}/${m[2]}`);
    }
    for (const k of keys) (byPod.get(k) ?? byPod.set(k, []).get(k)!).push(f.id);
  }
  const findingsOf = (ns: string, name: string) => byPod.get(`${ns}/${name}`) ?? [];
  const out: ProxySummary[] = [];
  for (const p of report.bundle.inventory.proxies) {
    const files = proxyFiles(store, p.namespace, p.name);
    const sync = Array.isArray(syncList) ? syncList.find((s) => s?.proxy === `${p.name}.${p.namespace}`) : undefined;
    const info = await readJson(files.get('server_info'));
    const certsDoc = await readJson(files.get('certs'));
    const dumpFile = files.get('config_dump?include_eds') ?? files.get('config_dump');
    const raw = await readJson(dumpFile);
    let dump: ConfigDump | undefined;
    try {
      dump = raw ? ConfigDump.fromJson(raw) : undefined;
    } catch {
      dump = undefined;
    }
    const certs = (certsDoc?.certificates ?? []).flatMap((c: any) => (c.cert_chain ?? []).map((x: any) => ({
      name: x.subject_alt_names?.[0]?.uri ?? 'workload', serial: x.serial_number, validFrom: x.valid_from, validTo: x.expiration_time,
    })));
    const mesh = podByKey.get(`${p.namespace}/${p.name}`);
    const byName = sync?.proxy_type === 'router' || /gateway/.test(p.name) ? 'gateway' : p.name.startsWith('ztunnel') ? 'ztunnel' : /waypoint/.test(p.name) ? 'waypoint' : 'sidecar';
    const version = sync?.istio_version ?? info?.node?.metadata?.ISTIO_VERSION ?? String(info?.version ?? '').split('/')[1];
    out.push({
      namespace: p.namespace, name: p.name, kind: mesh && mesh.role !== 'ambient' && mesh.role !== 'none' ? mesh.role : byName, collected: true,
      ...(mesh?.nativeSidecar ? { nativeSidecar: true } : {}),
      ...(mesh ? { pod: mesh.state } : {}),
      version: version || undefined,
      sync: sync ? syncStatus(sync) : undefined,
      certs,
      certStatus: certStatus(certs, capturedMs, !!certsDoc),
      // the objects the proxy-config tables list: active and static clusters and listeners, dynamic and static
      // route configurations (RoutesConfigDump: the ScopedRoutesConfigDump before it is another, often empty,
      // section), EDS ClusterLoadAssignments
      clusters: dump?.clusters().filter((c) => c.state !== 'dynamic_warming').length,
      listeners: dump?.listeners().filter((l) => l.state === 'active' || l.state === 'static').length,
      routes: dump?.routes().length,
      endpoints: dump?.hasEds() ? dump.endpoints().length : undefined,
      configDump: dumpFile?.path,
      logLines: p.logLines,
      findingIds: findingsOf(p.namespace, p.name),
    });
  }
  const collected = new Set(out.map((p) => `${p.namespace}/${p.name}`));
  for (const m of meshPods) {
    if (collected.has(`${m.namespace}/${m.name}`)) continue;
    out.push({
      namespace: m.namespace, name: m.name, kind: m.role === 'none' ? 'unknown' : m.role, collected: false,
      ...(m.nativeSidecar ? { nativeSidecar: true } : {}),
      pod: m.state, certStatus: 'unknown', findingIds: findingsOf(m.namespace, m.name),
    });
  }
  return out;
}

function certStatus(certs: Array<{ validFrom?: string; validTo?: string }>, at: number, haveFile: boolean): ProxySummary['certStatus'] {
  if (!haveFile) return 'unknown';
  if (!certs.length) return 'missing';
  if (Number.isNaN(at)) return 'unknown';
  if (certs.some((c) => c.validTo && Date.parse(c.validTo) < at)) return 'expired';
  if (certs.some((c) => c.validFrom && Date.parse(c.validFrom) > at)) return 'not-yet-valid';
  return 'valid';
}

const SECTION: Record<ProxyTableKind, string> = {
  cluster: 'ClustersConfigDump', listener: 'ListenersConfigDump', route: 'RoutesConfigDump', endpoint: 'EndpointsConfigDump', secret: 'SecretsConfigDump',
};

/**
 * Split istioctl's tabwriter output into cells: column starts are where the header's names begin
 * (names are separated by at least two spaces; the padding is 5), and every row is cut at the same offsets.
 */
export function splitTable(text: string): { columns: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return { columns: [], rows: [] };
  const starts: number[] = [];
  const columns: string[] = [];
  for (const m of lines[0].matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index);
    columns.push(m[0]);
  }
  const rows = lines.slice(1).map((l) => starts.map((s, i) => l.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).trim()));
  return { columns, rows };
}

/**
 * Per row of a proxy-config table, the JSON path of the object it was read from, so that a row opens that
 * object in the evidence viewer: a cluster, the route configuration's virtual host, the endpoint's
 * ClusterLoadAssignment, the listener (by address and port), the SDS secret. Undefined where a row has no
 * single object.
 */
export function tableRowPaths(dump: ConfigDump, kind: ProxyTableKind, columns: string[], rows: string[][], at: Date): Array<string | undefined> {
  const col = (name: string) => columns.indexOf(name);
  try {
    switch (kind) {
      case 'cluster': {
        const path = new Map(dump.clusters().map((c) => [c.value, c.jsonPath]));
        const order = sortedClusters(dump);
        return rows.map((_, i) => path.get(order[i]));
      }
      case 'secret': {
        const order = secretRows(dump, at);
        return rows.map((_, i) => order[i]?.jsonPath);
      }
      case 'route': {
        const byName = new Map(dump.routes().map((r) => [r.name, r]));
        const [n, vh] = [col('NAME'), col('VHOST NAME')];
        return rows.map((r) => {
          const rc = byName.get(r[n]);
          if (!rc) return undefined;
          const j = arr(rc.value, 'virtual_hosts').findIndex((v) => str(v, 'name') === r[vh]);
          return j >= 0 ? `${rc.jsonPath}.virtual_hosts[${j}]` : rc.jsonPath;
        });
      }
      case 'endpoint': {
        const byCluster = new Map(dump.endpoints().map((e) => [e.clusterName, e.jsonPath]));
        const c = col('CLUSTER');
        return rows.map((r) => byCluster.get(r[c]));
      }
      case 'listener': {
        const listeners = dump.listeners().filter((l) => l.state === 'active' || l.state === 'static');
        const [a, p] = [col('ADDRESSES') >= 0 ? col('ADDRESSES') : col('ADDRESS'), col('PORT')];
        return rows.map((r) => listeners.find((l) => listenerAddress(l.value) === r[a].split(',')[0] && String(listenerPort(l.value)) === r[p])?.jsonPath);
      }
    }
  } catch {
    return rows.map(() => undefined);
  }
}

/**
 * An `istioctl proxy-config <kind>` table for one proxy, rendered by the engine's own istioctl port
 * (analyzers/proxy) from the proxy's config dump. Throws NotFound when the bundle has no dump for the proxy,
 * and istioctl's own message when the dump lacks that section.
 */
export async function proxyTable(store: BundleStore, namespace: string, name: string, kind: ProxyTableKind, capturedAt?: string): Promise<ProxyTable> {
  const file = configDump(store, namespace, name);
  if (!file) throw new NotFound(`${namespace}/${name}: the bundle has no config_dump for this proxy (istioctl bug-report did not collect one)`);
  if (file.size > MAX_JSON) throw new Error(`${file.path}: over ${MAX_JSON >> 20} MiB, not parsed`);
  const dump = ConfigDump.parse(await readFile(file.diskPath, 'utf8'));
  const at = capturedAt ? new Date(capturedAt) : new Date(0);
  const text = renderProxyConfig(dump, kind, { now: at });
  const section = dump.sectionsOf(SECTION[kind])[0];
  const table = splitTable(text);
  const paths = tableRowPaths(dump, kind, table.columns, table.rows, at);
  return {
    kind, ...table, source: { file: file.path, jsonPath: section?.jsonPath },
    rowPaths: paths.map((p) => p ?? section?.jsonPath ?? '$'),
    note: capturedAt ? undefined : 'the bundle has no capture time: certificate validity is not judged',
  };
}

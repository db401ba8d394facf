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
import type { BundleStore, StoredFile } from './bundle-store.js';

const MAX_JSON = 64 << 20;

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

function configsOf(dump: any, type: string): { index: number; config: any } | undefined {
  const list: any[] = Array.isArray(dump?.configs) ? dump.configs : [];
  const index = list.findIndex((c) => typeof c?.['@type'] === 'string' && c['@type'].endsWith(type));
  return index >= 0 ? { index, config: list[index] } : undefined;
}

/** One summary per proxy in the report's inventory. Never throws for bad files: the fields stay unset. */
export async function proxySummaries(report: Report, store: BundleStore): Promise<ProxySummary[]> {
  const syncz = [...store.files.values()].find((f) => /(^|\/)istio\/[^/]+\/[^/]+\/debug\/syncz$/.test(f.path));
  const syncList: any[] = (await readJson(syncz)) ?? [];
  const capturedMs = report.bundle.capturedAt ? Date.parse(report.bundle.capturedAt) : NaN;
  const out: ProxySummary[] = [];
  for (const p of report.bundle.inventory.proxies) {
    const files = proxyFiles(store, p.namespace, p.name);
    const sync = Array.isArray(syncList) ? syncList.find((s) => s?.proxy === `${p.name}.${p.namespace}`) : undefined;
    const info = await readJson(files.get('server_info'));
    const certsDoc = await readJson(files.get('certs'));
    const dumpFile = files.get('config_dump?include_eds') ?? files.get('config_dump');
    const dump = await readJson(dumpFile);
    const certs = (certsDoc?.certificates ?? []).flatMap((c: any) => (c.cert_chain ?? []).map((x: any) => ({
      name: x.subject_alt_names?.[0]?.uri ?? 'workload', serial: x.serial_number, validFrom: x.valid_from, validTo: x.expiration_time,
    })));
    const kindName = sync?.proxy_type === 'router' || /gateway/.test(p.name) ? 'gateway' : p.name.startsWith('ztunnel') ? 'ztunnel' : /waypoint/.test(p.name) ? 'waypoint' : 'sidecar';
    const findingIds = report.findings.filter((f) => f.resources.some((r) => r.namespace === p.namespace && r.name === p.name)
      || f.evidence.some((e) => e.file.includes(`proxies/${p.namespace}/${p.name}/`))).map((f) => f.id);
    const count = (type: string, key: string) => {
      const c = configsOf(dump, type)?.config;
      return c ? (c[key]?.length ?? 0) : undefined;
    };
    const version = sync?.istio_version ?? info?.node?.metadata?.ISTIO_VERSION ?? String(info?.version ?? '').split('/')[1];
    out.push({
      namespace: p.namespace, name: p.name, kind: kindName,
      version: version || undefined,
      sync: sync ? syncStatus(sync) : undefined,
      certs,
      certStatus: certStatus(certs, capturedMs, !!certsDoc),
      clusters: dump ? (count('ClustersConfigDump', 'dynamic_active_clusters') ?? 0) + (count('ClustersConfigDump', 'static_clusters') ?? 0) : undefined,
      listeners: count('ListenersConfigDump', 'dynamic_listeners'),
      routes: count('RoutesConfigDump', 'dynamic_route_configs'),
      endpoints: count('EndpointsConfigDump', 'dynamic_endpoint_configs'),
      configDump: dumpFile?.path,
      logLines: p.logLines,
      findingIds,
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
 * An `istioctl proxy-config <kind>` table for one proxy, rendered by the engine's own istioctl port
 * (analyzers/proxy) from the proxy's config dump. Throws when the proxy has no readable dump or the
 * dump lacks that section (istioctl's own message).
 */
export async function proxyTable(store: BundleStore, namespace: string, name: string, kind: ProxyTableKind, capturedAt?: string): Promise<ProxyTable> {
  const file = configDump(store, namespace, name);
  if (!file) throw new Error(`${namespace}/${name}: the bundle has no config_dump for this proxy`);
  if (file.size > MAX_JSON) throw new Error(`${file.path}: over ${MAX_JSON >> 20} MiB, not parsed`);
  const dump = ConfigDump.parse(await readFile(file.diskPath, 'utf8'));
  const at = capturedAt ? new Date(capturedAt) : new Date(0);
  const text = renderProxyConfig(dump, kind, { now: at });
  const section = dump.sectionsOf(SECTION[kind])[0];
  return {
    kind, ...splitTable(text), source: { file: file.path, jsonPath: section?.jsonPath },
    note: capturedAt ? undefined : 'the bundle has no capture time: certificate validity is not judged',
  };
}

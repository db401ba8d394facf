/**
 * Proxy summaries and `istioctl proxy-config`-style tables read from a bug-report's proxy files:
 * `proxies/<ns>/<pod>/config_dump?include_eds` (Envoy admin /config_dump, envoy.admin.v3.ConfigDump),
 * `certs` (Envoy admin /certs), `server_info` (Envoy admin /server_info) and istiod's `debug/syncz`
 * (a JSON array of per-proxy sent/acked nonces). JSON files over 64 MiB are not parsed (said in `note`).
 */
import { readFile } from 'node:fs/promises';
import type { ProxySummary, ProxyTable, ProxyTableKind, Report } from '../../../renderer/src/backend/api.js';
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

/** `outbound|9080|v1|reviews.default.svc.cluster.local` → parts as istioctl prints them. */
function clusterParts(name: string): [string, string, string, string] {
  const p = name.split('|');
  if (p.length === 4) return [p[3] || '-', p[1] || '-', p[2] || '-', p[0]];
  return [name, '-', '-', '-'];
}

function istioConfig(meta: any): string {
  const path: string = meta?.filter_metadata?.istio?.config ?? '';
  const m = /namespaces\/([^/]+)\/[^/]+\/([^/]+)$/.exec(path);
  return m ? `${m[2]}.${m[1]}` : '-';
}

function chainMatch(m: any): string {
  if (!m) return 'ALL';
  const parts: string[] = [];
  if (m.server_names?.length) parts.push(`SNI: ${m.server_names.join(',')}`);
  if (m.transport_protocol) parts.push(`Trans: ${m.transport_protocol}`);
  if (m.application_protocols?.length) parts.push(`App: ${m.application_protocols.join(',')}`);
  if (m.destination_port) parts.push(`Port: ${m.destination_port}`);
  if (m.prefix_ranges?.length) parts.push(`Addr: ${m.prefix_ranges.map((r: any) => `${r.address_prefix}/${r.prefix_len ?? 32}`).join(',')}`);
  return parts.join('; ') || 'ALL';
}

function chainDestination(chain: any): string {
  for (const f of chain?.filters ?? []) {
    const c = f.typed_config ?? {};
    if (c.rds?.route_config_name) return `Route: ${c.rds.route_config_name}`;
    if (c.route_config) return 'Inline Route';
    if (c.cluster) return `Cluster: ${c.cluster}`;
  }
  return 'Non-HTTP/Non-TCP';
}

/** An istioctl-style table for one proxy; throws when the proxy has no readable config dump. */
export async function proxyTable(store: BundleStore, namespace: string, name: string, kind: ProxyTableKind): Promise<ProxyTable> {
  const file = configDump(store, namespace, name);
  if (!file) throw new Error(`${namespace}/${name}: the bundle has no config_dump for this proxy`);
  const dump = await readJson(file);
  if (!dump) throw new Error(`${file.path}: not readable as JSON (or over ${MAX_JSON >> 20} MiB)`);
  const rows: string[][] = [];
  const rowPaths: string[] = [];
  const add = (row: string[], path: string) => { rows.push(row); rowPaths.push(path); };
  const at = (type: string) => configsOf(dump, type) ?? { index: -1, config: {} };
  if (kind === 'cluster') {
    const { index, config } = at('ClustersConfigDump');
    for (const key of ['static_clusters', 'dynamic_active_clusters']) {
      (config[key] ?? []).forEach((c: any, i: number) => {
        const cl = c.cluster ?? {};
        const [fqdn, port, subset, dir] = clusterParts(cl.name ?? '');
        add([fqdn, port, subset, dir, cl.type ?? (cl.cluster_type?.name ?? '-'), istioConfig(cl.metadata)], `$.configs[${index}].${key}[${i}]`);
      });
    }
    return { kind, columns: ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'], rows, rowPaths, source: { file: file.path } };
  }
  if (kind === 'listener') {
    const { index, config } = at('ListenersConfigDump');
    (config.dynamic_listeners ?? []).forEach((l: any, i: number) => {
      const lis = l.active_state?.listener ?? {};
      const sa = lis.address?.socket_address ?? {};
      const chains: any[] = lis.filter_chains?.length ? lis.filter_chains : [undefined];
      chains.forEach((ch, j) => add([sa.address ?? '-', String(sa.port_value ?? '-'), chainMatch(ch?.filter_chain_match), ch ? chainDestination(ch) : '-'],
        `$.configs[${index}].dynamic_listeners[${i}]${ch ? `.active_state.listener.filter_chains[${j}]` : ''}`));
    });
    return { kind, columns: ['ADDRESS', 'PORT', 'MATCH', 'DESTINATION'], rows, rowPaths, source: { file: file.path } };
  }
  if (kind === 'route') {
    const { index, config } = at('RoutesConfigDump');
    (config.dynamic_route_configs ?? []).forEach((r: any, i: number) => {
      const rc = r.route_config ?? {};
      (rc.virtual_hosts ?? []).forEach((vh: any, j: number) => {
        const domains: string[] = vh.domains ?? [];
        const routes: any[] = vh.routes ?? [];
        const match = routes.map((rt) => rt.match?.prefix ?? rt.match?.path ?? rt.match?.safe_regex?.regex ?? '*').slice(0, 3).join(', ');
        add([rc.name ?? '-', vh.name ?? '-', domains.length > 1 ? `${domains[0]} + ${domains.length - 1} more…` : (domains[0] ?? '-'), match || '-', routes.map((rt) => istioConfig(rt.metadata)).find((v) => v !== '-') ?? '-'],
          `$.configs[${index}].dynamic_route_configs[${i}].route_config.virtual_hosts[${j}]`);
      });
    });
    return { kind, columns: ['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE'], rows, rowPaths, source: { file: file.path } };
  }
  if (kind === 'endpoint') {
    const { index, config } = at('EndpointsConfigDump');
    (config.dynamic_endpoint_configs ?? []).forEach((e: any, i: number) => {
      const ec = e.endpoint_config ?? {};
      (ec.endpoints ?? []).forEach((loc: any, j: number) => (loc.lb_endpoints ?? []).forEach((lb: any, k: number) => {
        const sa = lb.endpoint?.address?.socket_address;
        const addr = sa ? `${sa.address}:${sa.port_value}` : (lb.endpoint?.address?.pipe?.path ?? '-');
        add([addr, lb.health_status ?? 'HEALTHY', 'OK', ec.cluster_name ?? '-'], `$.configs[${index}].dynamic_endpoint_configs[${i}].endpoint_config.endpoints[${j}].lb_endpoints[${k}]`);
      }));
    });
    return { kind, columns: ['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], rows, rowPaths, source: { file: file.path } };
  }
  const { index, config } = at('SecretsConfigDump');
  (config.dynamic_active_secrets ?? []).forEach((s: any, i: number) => {
    const sec = s.secret ?? {};
    const type = sec.tls_certificate ? 'Cert Chain' : sec.validation_context ? 'CA' : '-';
    add([s.name ?? sec.name ?? '-', type, 'ACTIVE', s.version_info ?? '-', s.last_updated ?? '-'], `$.configs[${index}].dynamic_active_secrets[${i}]`);
  });
  (config.dynamic_warming_secrets ?? []).forEach((s: any, i: number) => add([s.name ?? '-', '-', 'WARMING', s.version_info ?? '-', s.last_updated ?? '-'], `$.configs[${index}].dynamic_warming_secrets[${i}]`));
  return { kind, columns: ['RESOURCE NAME', 'TYPE', 'STATUS', 'VERSION', 'LAST UPDATED'], rows, rowPaths, source: { file: file.path } };
}

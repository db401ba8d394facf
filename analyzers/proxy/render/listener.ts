/**
 * `proxy-config listener`, as `istioctl proxy-config listener` prints it
 * (`istioctl/pkg/writer/envoy/configdump/listener.go`): ADDRESSES, PORT, MATCH, DESTINATION with one
 * row per filter chain (verbose, the default), or ADDRESSES, PORT, TYPE.
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { arr, field, num, obj, str, type JsonObject } from '../../parse/envoy/fields.js';
import { goSortSlice } from '../go/sort.js';
import { describeMatch, domainsOf, routeCluster, tab } from './common.js';

const HCM = 'envoy.filters.network.http_connection_manager';
const TCP_PROXY = 'envoy.filters.network.tcp_proxy';

export interface ListenerFilter {
  address?: string;
  port?: number;
  type?: string;
  verbose?: boolean;
}

export function listenerAddress(l: unknown): string {
  const sock = obj(obj(l, 'address'), 'socket_address');
  if (sock) return str(sock, 'address');
  const pipe = obj(obj(l, 'address'), 'pipe');
  return pipe ? str(pipe, 'path') : '';
}

export function listenerPort(l: unknown): number {
  return num(obj(obj(l, 'address'), 'socket_address'), 'port_value');
}

function additionalAddresses(l: unknown): string[] {
  return arr(l, 'additional_addresses').map((a) => str(obj(obj(a, 'address'), 'socket_address'), 'address'));
}

/** Filter chains plus the default filter chain. */
export function filterChains(l: unknown): JsonObject[] {
  const res = arr(l, 'filter_chains') as JsonObject[];
  const def = obj(l, 'default_filter_chain');
  return def ? [...res, def] : res;
}

function isBlackHole(filter: unknown): boolean {
  return JSON.stringify(obj(filter, 'typed_config') ?? {}).includes('BlackHoleCluster');
}

/** HTTP | TCP | HTTP+TCP | UNKNOWN, by the network filters of all chains. */
export function listenerType(l: unknown): string {
  let http = 0;
  let tcp = 0;
  for (const fc of filterChains(l)) {
    for (const f of arr(fc, 'filters')) {
      const name = str(f, 'name');
      if (name === HCM) http++;
      else if (name === TCP_PROXY && !isBlackHole(f)) tcp++;
    }
  }
  if (http > 0) return tcp === 0 ? 'HTTP' : 'HTTP+TCP';
  return tcp > 0 ? 'TCP' : 'UNKNOWN';
}

function listenerMatches(l: JsonObject, f: ListenerFilter): boolean {
  if (f.address && ![...additionalAddresses(l), listenerAddress(l)].some((a) => a.toLowerCase() === f.address!.toLowerCase())) return false;
  if (f.port && listenerPort(l) !== f.port) return false;
  if (f.type && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false;
  return true;
}

const PROTOCOLS: Array<[string, string[]]> = [
  ['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: Istio HTTP Plain', ['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: TCP TLS', ['istio-peer-exchange', 'istio']],
  ['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
];

/** A filter chain match as istioctl describes it (`Trans: tls; App: TCP TLS; Addr: *:8080`, `ALL`). */
export function describeChainMatch(m: unknown): string {
  const d: string[] = [];
  const sni = arr(m, 'server_names');
  if (sni.length) d.push(`SNI: ${sni.join(',')}`);
  const trans = str(m, 'transport_protocol');
  if (trans) d.push(`Trans: ${trans}`);
  const alpn = arr(m, 'application_protocols').map(String);
  if (alpn.length) {
    const known = PROTOCOLS.find(([, p]) => p.length === alpn.length && p.every((x, i) => x === alpn[i]));
    d.push(known ? known[0] : `App: ${alpn.join(',')}`);
  }
  const rawPort = field(m, 'destination_port');
  const port = rawPort === undefined || rawPort === null ? '' : `:${typeof rawPort === 'object' ? num(rawPort, 'value') : Number(rawPort)}`;
  const ranges = arr(m, 'prefix_ranges');
  if (ranges.length) d.push(`Addr: ${ranges.map((p) => `${str(p, 'address_prefix')}/${num(p, 'prefix_len')}`).join(',')}${port}`);
  else if (port) d.push(`Addr: *${port}`);
  return d.length ? d.join('; ') : 'ALL';
}

/** Where a filter chain sends traffic (`Route: 9080`, `Cluster: outbound|…`, `Inline Route: …`). */
export function describeDestination(filters: unknown[]): string {
  for (const f of filters) {
    const name = str(f, 'name');
    const tc = obj(f, 'typed_config');
    if (name === HCM) {
      const rc = obj(tc, 'route_config');
      if (rc) return describeRouteConfig(rc);
      const rds = str(obj(tc, 'rds'), 'route_config_name');
      return rds ? `Route: ${rds}` : 'HTTP';
    }
    if (name === TCP_PROXY && !isBlackHole(f)) {
      const cluster = str(tc, 'cluster');
      return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`;
    }
  }
  return 'Non-HTTP/Non-TCP';
}

function describeRouteConfig(rc: JsonObject): string {
  const vhs = arr(rc, 'virtual_hosts');
  if (vhs.length === 1) {
    const vh = vhs[0];
    const routes = arr(vh, 'routes');
    const doms = domainsOf(vh);
    if (doms.length === 1 && doms[0] === '*' && routes.length === 1 && str(obj(routes[0], 'match'), 'prefix') === '/') {
      const cl = routeCluster(routes[0]);
      if (cl !== undefined) return cl.includes('Cluster') ? cl : `Cluster: ${cl}`;
    }
  }
  const parts = vhs.map((vh) => {
    const doms = domainsOf(vh);
    const domains = doms.length === 1 && doms[0] === '*' ? '' : doms.join('/');
    const routes = arr(vh, 'routes').map((r) => describeMatch(obj(r, 'match'))).join(', ');
    return domains === '' ? routes : `${domains} ${routes}`;
  });
  return `Inline Route: ${parts.join('; ')}`;
}

/** Active dynamic listeners then static ones. Throws when there are none. */
export function allListeners(dump: ConfigDump): JsonObject[] {
  const ls = dump.listeners().filter((l) => l.state === 'active' || l.state === 'static').map((l) => l.value);
  if (ls.length === 0) throw new Error('no listeners found');
  return ls;
}

/** The listener summary. `withName` adds NAME (`proxy-config all`). */
export function renderListenerSummary(dump: ConfigDump, filter: ListenerFilter = {}, withName = false): string {
  const verbose = filter.verbose ?? true;
  const w = tab(1);
  const ls = goSortSlice(allListeners(dump).filter((l) => listenerMatches(l, filter)), (a, b) => {
    const ip = listenerPort(a);
    const jp = listenerPort(b);
    if (ip !== jp) return ip < jp;
    const ia = listenerAddress(a);
    const ja = listenerAddress(b);
    if (ia !== ja) return ia < ja;
    return listenerType(a) < listenerType(b);
  });
  w.line(...(withName ? ['NAME'] : []), 'ADDRESSES', 'PORT', ...(verbose ? ['MATCH', 'DESTINATION'] : ['TYPE']));
  for (const l of ls) {
    const addresses = [listenerAddress(l), ...additionalAddresses(l)].join(',');
    const port = listenerPort(l);
    const name = withName ? [`listener/${str(l, 'name')}`] : [];
    if (verbose) {
      const rows = filterChains(l).map((fc) => ({ match: describeChainMatch(obj(fc, 'filter_chain_match')), destination: describeDestination(arr(fc, 'filters')) }));
      goSortSlice(rows, (a, b) => a.destination > b.destination);
      for (const r of rows) w.line(...name, addresses, port, r.match, r.destination);
    } else {
      w.line(...name, addresses, port, listenerType(l));
    }
  }
  return w.flush();
}

/** The filtered listeners for `-o json|yaml`, in dump order. */
export function filteredListeners(dump: ConfigDump, filter: ListenerFilter = {}): JsonObject[] {
  return allListeners(dump).filter((l) => listenerMatches(l, filter));
}

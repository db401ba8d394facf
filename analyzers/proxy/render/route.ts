/**
 * `proxy-config route`, as `istioctl proxy-config route` prints it
 * (`istioctl/pkg/writer/envoy/configdump/route.go`): one row per route of each virtual host
 * (PassthroughCluster routes left out), or NAME / VIRTUAL HOSTS without `--verbose`.
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { arr, obj, str, type JsonObject } from '../../parse/envoy/fields.js';
import { goSortSlice } from '../go/sort.js';
import { atoi, describeManagement, describeMatch, domainsOf, routeCluster, tab } from './common.js';

export interface RouteFilter {
  name?: string;
  verbose?: boolean;
}

/** Dynamic then static route configurations, ordered as istioctl does (numeric names ascending). */
export function sortedRoutes(dump: ConfigDump): JsonObject[] {
  const routes = dump.routes().map((r) => r.value);
  if (routes.length === 0) throw new Error('no routes found');
  return goSortSlice(routes, (a, b) => {
    const i = atoi(str(a, 'name'));
    if (!i.ok) return false;
    const j = atoi(str(b, 'name'));
    if (!j.ok) return false;
    return i.n < j.n;
  });
}

/** istioctl `describeRouteDomains`: the domains without ports, short forms preferred, at most two. */
export function describeRouteDomains(domains: string[]): string {
  if (domains.length === 0) return '';
  if (domains.length === 1) return domains[0];
  const withoutPort = domains.filter((d) => !d.includes(':') || (d.split(':').length - 1 > 2 && d.endsWith(']')));
  const unique = new Set(withoutPort);
  const drop = new Set<string>();
  for (const h of withoutPort) {
    const full = h.endsWith('.svc.cluster.local') ? h.slice(0, -'.svc.cluster.local'.length) : h;
    if (full !== h && unique.has(full)) drop.add(h);
    const partial = h.endsWith('.svc') ? h.slice(0, -'.svc'.length) : h;
    if (partial !== h && unique.has(partial)) drop.add(h);
  }
  const kept = withoutPort.filter((h) => !drop.has(h));
  if (kept.length > 2) return `${kept.slice(0, 2).join(', ')} + ${kept.length - 2} more...`;
  return kept.join(', ');
}

export function renderRouteSummary(dump: ConfigDump, filter: RouteFilter = {}, withPrefix = false): string {
  const verbose = filter.verbose ?? true;
  const w = tab(5);
  if (verbose) w.line('NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE');
  else w.line('NAME', 'VIRTUAL HOSTS');
  for (const rc of sortedRoutes(dump)) {
    if (filter.name && filter.name !== str(rc, 'name')) continue;
    const name = withPrefix ? `route/${str(rc, 'name')}` : str(rc, 'name');
    const vhosts = arr(rc, 'virtual_hosts');
    if (!verbose) {
      w.line(name, vhosts.length);
      continue;
    }
    for (const vh of vhosts) {
      const routes = arr(vh, 'routes');
      const domains = describeRouteDomains(domainsOf(vh));
      for (const r of routes) {
        if (routeCluster(r) === 'PassthroughCluster') continue;
        w.line(name, str(vh, 'name'), domains, describeMatch(obj(r, 'match')), describeManagement(obj(r, 'metadata')));
      }
      if (routes.length === 0) w.line(name, str(vh, 'name'), domains, '/*', '404');
    }
  }
  return w.flush();
}

export function filteredRoutes(dump: ConfigDump, filter: RouteFilter = {}): JsonObject[] {
  return sortedRoutes(dump).filter((r) => !filter.name || filter.name === str(r, 'name'));
}

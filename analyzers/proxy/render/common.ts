/**
 * Helpers shared by the `proxy-config` table renderers, following istioctl
 * (`istioctl/pkg/writer/envoy/configdump`, `pilot/pkg/model.ParseSubsetKey`).
 */
import { arr, field, obj, str } from '../../parse/envoy/fields.js';
import { GoTabwriter } from '../go/tabwriter.js';
import { goSortSlice } from '../go/sort.js';

export interface SubsetKey {
  direction: string;
  subset: string;
  hostname: string;
  port: number;
}

/** Go `strconv.Atoi` semantics: a decimal integer, else 0 (and `ok` false). */
export function atoi(s: string): { n: number; ok: boolean } {
  return /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER ? { n: Number(s), ok: true } : { n: 0, ok: false };
}

/**
 * Istio's cluster name `direction|port|subset|hostname` (`outbound|9080|v2|reviews.default.svc.cluster.local`);
 * the DNS SRV form `outbound_.9080_.v2_.reviews…` is read too. Fields not present are empty / 0.
 */
export function parseSubsetKey(s: string): SubsetKey {
  const out: SubsetKey = { direction: '', subset: '', hostname: '', port: 0 };
  const sep = s.startsWith('outbound_') || s.startsWith('inbound_') ? '_.' : '|';
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < 3; i++) {
    const at = rest.indexOf(sep);
    if (at < 0) {
      if (i > 0) out.direction = parts[0];
      if (i > 1) out.port = atoi(parts[1]).n;
      return out;
    }
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.direction = parts[0];
  out.port = atoi(parts[1]).n;
  out.subset = parts[2];
  if (!rest.includes(sep)) out.hostname = rest;
  return out;
}

/** istioctl `safelyParseSubsetKey`: names with fewer than four `|` fields sort by their whole name. */
export function safeSubsetKey(name: string): SubsetKey {
  if (name.split('|').length > 3) return parseSubsetKey(name);
  return { direction: '', subset: '', hostname: name, port: 0 };
}

/**
 * Sort items as istioctl sorts clusters and EDS assignments (host, subset, port, direction of their
 * names' subset keys, parsed once per item), with Go's sort.Slice.
 */
export function sortBySubsetKey<T>(items: T[], name: (t: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: safeSubsetKey(name(item)) }));
  return goSortSlice(keyed, (a, b) => keyLess(a.key, b.key)).map((x) => x.item);
}

function keyLess(i: SubsetKey, j: SubsetKey): boolean {
  if (i.hostname === j.hostname) {
    if (i.subset === j.subset) {
      if (i.port === j.port) return i.direction < j.direction;
      return i.port < j.port;
    }
    return i.subset < j.subset;
  }
  return i.hostname < j.hostname;
}

/**
 * The Istio config an Envoy resource came from, from `metadata.filter_metadata.istio.config`
 * (`/apis/networking.istio.io/v1alpha3/namespaces/default/virtual-service/reviews` → `reviews.default`).
 */
export function describeManagement(metadata: unknown): string {
  const istio = obj(obj(metadata, 'filter_metadata'), 'istio');
  if (!istio || !('config' in istio)) return '';
  const path = typeof istio.config === 'string' ? istio.config : '';
  if (/^\/apis\/networking\.istio\.io\/[^/]+\/namespaces\//.test(path)) {
    const pieces = path.split('/');
    return pieces.length === 8 ? `${pieces[7]}.${pieces[5]}` : '';
  }
  return '<unknown>';
}

/** Route match as istioctl describes it (`/get*`, `PathPrefix:/get`, `/exact`, `regex …`). */
export function describeMatch(match: unknown): string {
  const conds: string[] = [];
  const prefix = str(match, 'prefix');
  if (prefix !== '') conds.push(`${prefix}*`);
  const psp = str(match, 'path_separated_prefix');
  if (psp !== '') conds.push(`PathPrefix:${psp}`);
  const path = str(match, 'path');
  if (path !== '') conds.push(path);
  const re = obj(match, 'safe_regex');
  if (re) conds.push(`regex ${str(re, 'regex')}`);
  return conds.join(' ');
}

/** Cluster of a route action when it names one (`route.cluster`). */
export function routeCluster(route: unknown): string | undefined {
  const action = obj(route, 'route');
  const c = action ? field(action, 'cluster') : undefined;
  return typeof c === 'string' ? c : undefined;
}

export function domainsOf(vh: unknown): string[] {
  return arr(vh, 'domains').map(String);
}

/** The tabwriters istioctl configures: `(minwidth 0, tabwidth 8, padding 5)` for most tables. */
export function tab(padding = 5): GoTabwriter {
  return new GoTabwriter({ minwidth: 0, padding });
}

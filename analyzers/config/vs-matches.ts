/**
 * Unreachable and shadowed VirtualService rules (istio `pkg/config/validation` `analyzeUnreachable*Rules`):
 * a rule after a catch-all, a rule whose every match an earlier rule already has, and an HTTP match
 * whose URI prefix an earlier prefix match with the same other conditions covers.
 */
import { isRecord, listOf, num } from './kinds/common.js';

export interface UnreachableRule {
  kind: 'http' | 'tcp' | 'tls';
  rule: number;
  ruleno: string;
  reason: string;
}

export interface IneffectiveMatch {
  kind: 'http' | 'tcp' | 'tls';
  rule: number;
  ruleno: string;
  matchno: string;
  dupno: string;
}

/** JSON of a value with sorted keys and zero values (false, 0, "", empty list/map) dropped, as Go's omitempty serialization compares. */
export function canonicalJson(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      const a = x.map(norm).filter((e) => e !== undefined);
      return a.length ? a : undefined;
    }
    if (isRecord(x)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const n = norm(x[k]);
        if (n !== undefined) out[k] = n;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (x === false || x === 0 || x === '' || x === null || x === undefined) return undefined;
    return x;
  };
  return JSON.stringify(norm(v) ?? {});
}

const quote = (s: string) => JSON.stringify(s);

function routeName(kind: string, route: Record<string, any>, n: number): string {
  return kind === 'http' && typeof route.name === 'string' && route.name ? quote(route.name) : `#${n}`;
}

function requestName(kind: string, match: unknown, n: number): string {
  return kind === 'http' && isRecord(match) && typeof match.name === 'string' && match.name ? quote(match.name) : `#${n}`;
}

/** `exact:` / `prefix:` of a StringMatch, or "" (Istio `assignExactOrPrefix`). */
function exactOrPrefix(sm: unknown): string {
  if (!isRecord(sm)) return '';
  if (typeof sm.exact === 'string' && sm.exact) return `exact:${sm.exact}`;
  if (typeof sm.prefix === 'string' && sm.prefix) return `prefix:${sm.prefix}`;
  return '';
}

interface PrefixMatch {
  routeStr: string;
  rule: number;
  matchStr: string;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  headers: Record<string, string>;
  queryParams: Record<string, string>;
  withoutHeaders: Record<string, string>;
}

function stringMap(m: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(m)) for (const [k, v] of Object.entries(m)) out[k] = exactOrPrefix(v);
  return out;
}

function prefixMatch(route: Record<string, any>, match: unknown, rule: number, matchn: number): PrefixMatch | undefined {
  if (!isRecord(match) || !isRecord(match.uri) || typeof match.uri.prefix !== 'string' || !match.uri.prefix) return undefined;
  return {
    routeStr: routeName('http', route, rule),
    rule,
    matchStr: requestName('http', match, matchn),
    prefix: match.uri.prefix,
    port: num(match.port) ?? 0,
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: stringMap(match.headers),
    queryParams: stringMap(match.queryParams),
    withoutHeaders: stringMap(match.withoutHeaders),
  };
}

function mapCovered(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && (a[k] === b[k] || a[k].startsWith(b[k])));
}

/** Istio `coveredValidation`: does the earlier prefix match `a` cover the later `b`? */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return mapCovered(a.headers, b.headers) && mapCovered(a.queryParams, b.queryParams) && mapCovered(a.withoutHeaders, b.withoutHeaders);
}

/** Unreachable rules and ineffective matches of one route list (`spec.http`, `spec.tcp` or `spec.tls`). */
export function analyzeRoutes(kind: 'http' | 'tcp' | 'tls', routes: unknown[]): { unreachable: UnreachableRule[]; ineffective: IneffectiveMatch[] } {
  const unreachable: UnreachableRule[] = [];
  const ineffective: IneffectiveMatch[] = [];
  const seen = new Map<string, number>();
  let emptySeen = false;
  const prefixes: PrefixMatch[] = [];
  routes.forEach((r, rulen) => {
    if (!isRecord(r)) return;
    const matches = listOf(r.match);
    if (matches.length === 0) {
      if (emptySeen) unreachable.push({ kind, rule: rulen, ruleno: routeName(kind, r, rulen), reason: 'only the last rule can have no matches' });
      emptySeen = true;
      return;
    }
    let dups = 0;
    matches.forEach((m, matchn) => {
      const key = canonicalJson(kind === 'http' && isRecord(m) ? { ...m, name: undefined } : m);
      const dupn = seen.get(key);
      if (dupn !== undefined) {
        ineffective.push({ kind, rule: rulen, ruleno: routeName(kind, r, rulen), matchno: requestName(kind, m, matchn), dupno: routeName(kind, routes[dupn] as Record<string, any>, dupn) });
        dups++;
        return;
      }
      seen.set(key, rulen);
      if (kind === 'http') {
        const pm = prefixMatch(r, m, rulen, matchn);
        if (pm) prefixes.push(pm);
      }
    });
    if (dups === matches.length) unreachable.push({ kind, rule: rulen, ruleno: routeName(kind, r, rulen), reason: 'all matches used by prior rules' });
  });
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = i + 1; j < prefixes.length; j++) {
      const a = prefixes[i];
      const b = prefixes[j];
      if (a.prefix === b.prefix || !covered(a, b)) continue;
      ineffective.push({ kind, rule: b.rule, ruleno: b.routeStr, matchno: `${b.matchStr} of prefix ${b.prefix}`, dupno: `${a.matchStr} of prefix ${a.prefix} on ${a.routeStr}` });
    }
  }
  return { unreachable, ineffective };
}

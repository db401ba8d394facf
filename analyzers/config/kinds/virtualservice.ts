/** VirtualService model: hosts, gateways, exportTo, and every route destination with its field path. */
import type { Resource } from '../../model/k8s.js';
import { isRecord, listOf, num, specOf, str, strList } from './common.js';

export const MESH_GATEWAY = 'mesh';

export interface Destination {
  host: string;
  subset?: string;
  port?: number;
}

export type RouteKind = 'http' | 'tcp' | 'tls';

export interface RouteDestination {
  kind: RouteKind | 'http.mirror' | 'http.mirrors';
  /** Index of the rule in `spec.<kind>`. */
  rule: number;
  /** Index in `route` (or `mirrors`); 0 for `mirror`. */
  index: number;
  destination: Destination;
  weight?: number;
  /** Dotted path of the `destination` field, e.g. `spec.http[0].route[1].destination`. */
  path: string;
}

export function vsHosts(r: Resource): string[] {
  return strList(specOf(r).hosts);
}

export function vsGateways(r: Resource): string[] {
  return strList(specOf(r).gateways);
}

export function vsExportTo(r: Resource): string[] {
  return strList(specOf(r).exportTo);
}

/** A VirtualService with no `gateways`, or with `mesh` among them, applies to sidecars. */
export function attachedToMesh(r: Resource): boolean {
  const gws = vsGateways(r);
  return gws.length === 0 || gws.includes(MESH_GATEWAY);
}

export function rules(r: Resource, kind: RouteKind): Record<string, any>[] {
  return listOf(specOf(r)[kind]).map((x) => (isRecord(x) ? x : {}));
}

function dest(v: unknown): Destination {
  const d = isRecord(v) ? v : {};
  const port = isRecord(d.port) ? num(d.port.number) : undefined;
  return { host: str(d.host) ?? '', ...(str(d.subset) ? { subset: str(d.subset) } : {}), ...(port !== undefined ? { port } : {}) };
}

/** Route destinations in Istio's order (tcp, tls, then http), as `getRouteDestinations` returns them. */
export function routeDestinations(r: Resource): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const kind of ['tcp', 'tls', 'http'] as const) {
    rules(r, kind).forEach((rule, i) => {
      listOf(rule.route).forEach((rd, j) => {
        const x = isRecord(rd) ? rd : {};
        const weight = num(x.weight);
        out.push({ kind, rule: i, index: j, destination: dest(x.destination), ...(weight !== undefined ? { weight } : {}), path: `spec.${kind}[${i}].route[${j}].destination` });
      });
    });
  }
  return out;
}

/** HTTP mirror destinations (`mirror` and `mirrors[].destination`). */
export function mirrorDestinations(r: Resource): RouteDestination[] {
  const out: RouteDestination[] = [];
  rules(r, 'http').forEach((rule, i) => {
    if (isRecord(rule.mirror)) out.push({ kind: 'http.mirror', rule: i, index: 0, destination: dest(rule.mirror), path: `spec.http[${i}].mirror` });
    listOf(rule.mirrors).forEach((m, j) => {
      out.push({ kind: 'http.mirrors', rule: i, index: j, destination: dest(isRecord(m) ? m.destination : undefined), path: `spec.http[${i}].mirrors[${j}].destination` });
    });
  });
  return out;
}

/** Every destination a VirtualService sends traffic to (routes and mirrors). */
export function allDestinations(r: Resource): RouteDestination[] {
  return [...routeDestinations(r), ...mirrorDestinations(r)];
}

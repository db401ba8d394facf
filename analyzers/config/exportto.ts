/**
 * `exportTo` visibility (VirtualService, DestinationRule, ServiceEntry, and the
 * `networking.istio.io/exportTo` Service annotation): `*` is every namespace, `.` the resource's own.
 */

export const EXPORT_ALL = '*';
export const EXPORT_LOCAL = '.';

/** True when `exportTo` is empty or contains `*`. */
export function exportsToAll(exportTo: readonly string[] | undefined): boolean {
  return !exportTo || exportTo.length === 0 || exportTo.includes(EXPORT_ALL);
}

/** The namespaces a resource is exported to: `{'*'}` for all, else the listed ones with `.` resolved. */
export function exportScopes(exportTo: readonly string[] | undefined, namespace: string): Set<string> {
  if (exportsToAll(exportTo)) return new Set([EXPORT_ALL]);
  return new Set((exportTo ?? []).map((e) => (e === EXPORT_LOCAL ? namespace : e)));
}

/** Scopes from a Service's `networking.istio.io/exportTo` annotation (comma separated; absent is `*`). */
export function serviceExportScopes(annotation: string | undefined, namespace: string): string[] {
  if (!annotation) return [EXPORT_ALL];
  return annotation.split(',').map((e) => (e.trim() === EXPORT_LOCAL ? namespace : e.trim()));
}

/** Is something exported to `scopes` visible from `namespace`? */
export function visibleFrom(scopes: ReadonlySet<string> | readonly string[], namespace: string): boolean {
  const has = (s: string) => (scopes instanceof Set ? scopes.has(s) : (scopes as readonly string[]).includes(s));
  return has(EXPORT_ALL) || has(namespace);
}

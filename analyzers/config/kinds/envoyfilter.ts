/**
 * EnvoyFilter patch checks (istio `envoyfilter.EnvoyPatchAnalyzer`): operations that Envoy ignores for
 * the `applyTo` they target, and relative operations without a priority (order-dependent), made worse
 * when another patch for the same filter pins a proxyVersion.
 */
import type { Resource } from '../../model/k8s.js';
import { isRecord, listOf, num, specOf } from './common.js';

export type PatchIssue = 'relative' | 'relative-proxy-version' | 'replace' | 'add' | 'remove';

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
/** What REPLACE applies to (Istio accepts virtual hosts besides HTTP and network filters). */
const REPLACEABLE = new Set(['HTTP_FILTER', 'NETWORK_FILTER', 'VIRTUAL_HOST']);

function instanceName(p: Record<string, any>): string {
  const value = isRecord(p.patch) ? p.patch.value : undefined;
  if (!isRecord(value)) return '';
  if (value.name !== undefined && value.name !== null) return String(value.name);
  const fc = isRecord(p.match) && isRecord(p.match.listener) ? p.match.listener.filterChain : undefined;
  return isRecord(fc) && isRecord(fc.filter) && typeof fc.filter.name === 'string' ? fc.filter.name : '';
}

/**
 * Issues per EnvoyFilter, by configPatches index, evaluated in the given order (the order matters:
 * a relative patch is flagged with proxyVersion when an earlier patch of any filter for the same
 * filter name pinned a proxyVersion).
 */
export function envoyFilterIssues(filters: readonly Resource[]): Map<Resource, Array<{ index: number; issue: PatchIssue }>> {
  const out = new Map<Resource, Array<{ index: number; issue: PatchIssue }>>();
  const pinned: string[] = [];
  for (const ef of filters) {
    const priority = num(specOf(ef).priority) ?? 0;
    const issues: Array<{ index: number; issue: PatchIssue }> = [];
    const patches = listOf(specOf(ef).configPatches);
    for (let index = 0; index < patches.length; index++) {
      const p = isRecord(patches[index]) ? patches[index] : {};
      if (!isRecord(p.patch)) break;
      const name = instanceName(p);
      const op = p.patch.operation;
      const applyTo = p.applyTo;
      const relative = () => {
        if (priority === 0) issues.push({ index, issue: pinned.includes(name) ? 'relative-proxy-version' : 'relative' });
      };
      if (op === 'ADD') {
        if (ROUTE_LEVEL.has(applyTo)) issues.push({ index, issue: 'add' });
      } else if (op === 'REMOVE') {
        if (ROUTE_LEVEL.has(applyTo)) issues.push({ index, issue: 'remove' });
        else relative();
      } else if (op === 'REPLACE') {
        if (!REPLACEABLE.has(applyTo)) issues.push({ index, issue: 'replace' });
        else relative();
      } else if (op === 'INSERT_BEFORE' || op === 'INSERT_AFTER') {
        relative();
      }
      const proxy = isRecord(p.match) && isRecord(p.match.proxy) ? p.match.proxy : undefined;
      if (proxy && typeof proxy.proxyVersion === 'string' && proxy.proxyVersion) pinned.push(name);
    }
    if (issues.length) out.set(ef, issues);
  }
  return out;
}

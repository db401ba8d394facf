/**
 * `proxy-config cluster`, as `istioctl proxy-config cluster` prints it
 * (`istioctl/pkg/writer/envoy/configdump/cluster.go`).
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { obj, str, type JsonObject } from '../../parse/envoy/fields.js';
import { describeManagement, parseSubsetKey, sortBySubsetKey, tab } from './common.js';

export interface ClusterFilter {
  fqdn?: string;
  port?: number;
  subset?: string;
  direction?: string;
}

/** Substring filters, as istioctl's `ClusterFilter.Verify`. */
export function clusterMatches(name: string, f: ClusterFilter): boolean {
  if (f.fqdn && !name.includes(f.fqdn)) return false;
  if (f.direction && !name.includes(f.direction)) return false;
  if (f.subset && !name.includes(f.subset)) return false;
  if (f.port && !name.includes(`|${f.port}|`)) return false;
  return true;
}

/** Dynamic active then static clusters, sorted by host, subset, port, direction. Throws when there are none. */
export function sortedClusters(dump: ConfigDump): JsonObject[] {
  const clusters = dump.clusters().filter((c) => c.state !== 'dynamic_warming').map((c) => c.value);
  if (clusters.length === 0) throw new Error('no clusters found');
  return sortBySubsetKey(clusters, (c) => str(c, 'name'));
}

/** The Envoy discovery type as istioctl prints `Cluster.GetType()` (unset → STATIC). */
export function clusterType(c: JsonObject): string {
  return str(c, 'type') || 'STATIC';
}

/** The cluster summary table. `withName` adds the NAME column (`proxy-config all`). */
export function renderClusterSummary(dump: ConfigDump, filter: ClusterFilter = {}, withName = false): string {
  const w = tab(5);
  w.line(...(withName ? ['NAME'] : []), 'SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE');
  for (const c of sortedClusters(dump)) {
    const name = str(c, 'name');
    if (!clusterMatches(name, filter)) continue;
    const dr = describeManagement(obj(c, 'metadata'));
    const prefixed = `cluster/${name}`;
    if (name.split('|').length > 3) {
      const k = parseSubsetKey(name);
      const cells = [k.hostname, k.port, k.subset || '-', k.direction, clusterType(c), dr];
      w.line(...(withName ? [prefixed] : []), ...cells);
    } else if (withName) {
      w.line(prefixed, prefixed, '-', '-', '-', clusterType(c), dr);
    } else {
      w.line(name, '-', '-', '-', clusterType(c), dr);
    }
  }
  return w.flush();
}

/** The filtered clusters for `-o json|yaml`. */
export function filteredClusters(dump: ConfigDump, filter: ClusterFilter = {}): JsonObject[] {
  return sortedClusters(dump).filter((c) => clusterMatches(str(c, 'name'), filter));
}

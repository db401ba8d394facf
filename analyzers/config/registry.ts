/**
 * The host registry Istio's analyzers resolve destinations against (istio `InitServiceEntryHostMap`
 * and `GetDestinationHost`): every ServiceEntry host and every Service FQDN, keyed by the namespace
 * scope it is exported to (`*` or a namespace), so exportTo and short names resolve as in istiod.
 */
import type { Resource } from '../model/k8s.js';
import { EXPORT_ALL, EXPORT_LOCAL, exportsToAll, serviceExportScopes } from './exportto.js';
import { DEFAULT_CLUSTER_DOMAIN, isWildcard, toFqdn } from './hosts.js';
import { annotationsOf, nsOf } from './kinds/common.js';
import { seExportTo, seHosts, sePorts, seWorkloadSelector } from './kinds/serviceentry.js';
import { servicePorts } from './kinds/service.js';

export interface RegistryEntry {
  resource: Resource;
  /** The host as the entry names it (FQDN for Services). */
  host: string;
  ports: Array<{ number: number; name: string; protocol: string }>;
  /** ServiceEntry `workloadSelector.labels`; undefined for Services. */
  workloadSelector?: Record<string, string>;
}

const key = (scope: string, fqdn: string) => `${scope}/${fqdn}`;

export class ServiceRegistry {
  private readonly byScopedHost = new Map<string, RegistryEntry>();
  /** Wildcard entries, kept apart so lookups scan only them. */
  private readonly wildcards: Array<{ scope: string; host: string; entry: RegistryEntry }> = [];

  constructor(services: readonly Resource[], serviceEntries: readonly Resource[], readonly clusterDomain = DEFAULT_CLUSTER_DOMAIN) {
    for (const se of serviceEntries) {
      const ns = nsOf(se);
      const exportTo = seExportTo(se);
      const ports = sePorts(se).map(({ number, name, protocol }) => ({ number, name, protocol }));
      const ws = seWorkloadSelector(se);
      for (const h of seHosts(se)) {
        const entry: RegistryEntry = { resource: se, host: h, ports, ...(ws ? { workloadSelector: ws } : {}) };
        const scopes = exportsToAll(exportTo) ? [EXPORT_ALL] : exportTo.map((e) => (e === EXPORT_LOCAL ? ns : e));
        for (const scope of scopes) this.add(scope, toFqdn(ns, h, clusterDomain), entry);
      }
    }
    for (const svc of services) {
      const ns = nsOf(svc);
      const fqdn = toFqdn(ns, svc.name, clusterDomain);
      const entry: RegistryEntry = { resource: svc, host: fqdn, ports: servicePorts(svc).map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })) };
      for (const scope of serviceExportScopes(annotationsOf(svc)['networking.istio.io/exportTo'], ns)) this.add(scope, fqdn, entry);
    }
  }

  private add(scope: string, fqdn: string, entry: RegistryEntry): void {
    this.byScopedHost.set(key(scope, fqdn), entry);
    if (isWildcard(fqdn)) this.wildcards.push({ scope, host: fqdn, entry });
  }

  /**
   * Istio `GetDestinationHost`: the entry a `host` referenced from `sourceNamespace` (by a resource
   * with `exportTo`) resolves to: exported-to-all first, then the resource's own scopes, then
   * wildcard entries visible from the namespace. Undefined when nothing matches.
   */
  lookup(sourceNamespace: string, exportTo: readonly string[], host: string): RegistryEntry | undefined {
    const fqdn = toFqdn(sourceNamespace, host, this.clusterDomain);
    const all = this.byScopedHost.get(key(EXPORT_ALL, fqdn));
    if (all) return all;
    const scopes = exportTo.length === 0 ? [sourceNamespace] : exportTo.map((e) => (e === EXPORT_LOCAL ? sourceNamespace : e));
    for (const s of scopes) {
      const hit = this.byScopedHost.get(key(s, fqdn));
      if (hit) return hit;
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const w of this.wildcards) {
      if (w.scope !== EXPORT_ALL && w.scope !== sourceNamespace) continue;
      if (bare.endsWith(w.host.slice(1))) return w.entry;
    }
    return undefined;
  }

  /** Every entry (each ServiceEntry host and Service once per scope). */
  entries(): RegistryEntry[] {
    return [...new Set(this.byScopedHost.values())];
  }
}

/**
 * `istioctl proxy-config <kind> <pod> -o json` outputs, which are not a config dump but one section of it, as
 * istioctl prints them (protobuf JSON, lowerCamelCase): `cluster` → a list of Envoy Clusters, `listener` → a list
 * of Listeners, `route` → a list of RouteConfigurations, `secret` → a SecretsConfigDump (`dynamicActiveSecrets`…),
 * `bootstrap` → a BootstrapConfigDump (`bootstrap`). (`all -o json` is the whole dump and is read as one.)
 *
 * `kindOfProxyConfigJson` recognises them from their first bytes (ingest) and `asConfigDump` wraps one in a config
 * dump (`{ configs: [ { @type: …ConfigDump, … } ] }`) so that `meshlens proxy-config` can print its tables. The
 * proxy checks do not run on them: a single section would look like a proxy missing the others.
 */
export type IstioctlProxyConfigKind = 'cluster' | 'listener' | 'route' | 'secret' | 'bootstrap';

const T = 'type.googleapis.com/envoy.admin.v3.';

/** The kind of an istioctl proxy-config JSON output, from (at least) its first 64 KiB; undefined if it is none. */
export function kindOfProxyConfigJson(text: string): IstioctlProxyConfigKind | undefined {
  const t = text.trimStart();
  if (t.startsWith('[')) {
    const first = t.slice(0, 4096);
    if (!/^\[\s*\{\s*"name"\s*:/.test(t)) return undefined;
    if (/"(?:filterChains|filter_chains|listenerFilters|defaultFilterChain)"\s*:/.test(first) || /"address"\s*:\s*\{\s*"socketAddress"/.test(first)) return 'listener';
    if (/"(?:virtualHosts|virtual_hosts)"\s*:/.test(first)) return 'route';
    if (/"(?:connectTimeout|connect_timeout|edsClusterConfig|eds_cluster_config|lbPolicy|loadAssignment|circuitBreakers)"\s*:/.test(first)) return 'cluster';
    return undefined;
  }
  if (t.startsWith('{') && !/"configs"\s*:/.test(t.slice(0, 4096))) {
    if (/^\{\s*"(?:dynamicActiveSecrets|dynamic_active_secrets|staticSecrets|static_secrets)"\s*:/.test(t)) return 'secret';
    if (/^\{\s*"bootstrap"\s*:\s*\{/.test(t)) return 'bootstrap';
  }
  return undefined;
}

/** The output `raw` (parsed JSON) of `kind` as a config dump document. */
export function asConfigDump(kind: IstioctlProxyConfigKind, raw: unknown): { configs: unknown[] } {
  const list = Array.isArray(raw) ? raw : [];
  switch (kind) {
    case 'cluster':
      return { configs: [{ '@type': `${T}ClustersConfigDump`, dynamicActiveClusters: list.map((cluster) => ({ cluster })) }] };
    case 'listener':
      return { configs: [{ '@type': `${T}ListenersConfigDump`, dynamicListeners: list.map((l: any) => ({ name: l?.name, activeState: { listener: l } })) }] };
    case 'route':
      return { configs: [{ '@type': `${T}RoutesConfigDump`, dynamicRouteConfigs: list.map((routeConfig) => ({ routeConfig })) }] };
    case 'secret':
      return { configs: [{ '@type': `${T}SecretsConfigDump`, ...(raw as object) }] };
    case 'bootstrap':
      return { configs: [{ '@type': `${T}BootstrapConfigDump`, ...(raw as object) }] };
  }
}

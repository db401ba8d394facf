/**
 * A minimal but well-formed Envoy admin `/config_dump?include_eds` (envoy.admin.v3.ConfigDump) for a
 * sidecar: EDS clusters (with circuit breakers), their endpoints, and one outbound route configuration
 * per port with weighted routes. Enough for `proxy-config` tables and the intent-vs-reality checks.
 */
export interface DumpCluster {
  name: string;
  endpoints: Array<{ ip: string; port: number; healthy?: boolean }>;
  circuitBreakers?: { maxConnections?: number; maxPendingRequests?: number; maxRequests?: number };
}

export interface DumpRoute {
  /** Route configuration name, i.e. the port (`9080`). */
  port: string;
  domains: string[];
  /** Weighted targets (cluster name → weight), as Istio renders a VirtualService route. */
  weighted: Array<{ cluster: string; weight: number }>;
}

const T = 'type.googleapis.com/envoy.admin.v3.';
const MAX = 4294967295;

export function configDump(version: string, clusters: DumpCluster[], routes: DumpRoute[]): string {
  const cluster = (c: DumpCluster) => ({
    version_info: version,
    cluster: {
      '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: c.name, type: 'EDS',
      eds_cluster_config: { eds_config: { ads: {}, resource_api_version: 'V3' }, service_name: c.name },
      connect_timeout: '10s', lb_policy: 'LEAST_REQUEST',
      circuit_breakers: { thresholds: [{ max_connections: c.circuitBreakers?.maxConnections ?? MAX, max_pending_requests: c.circuitBreakers?.maxPendingRequests ?? MAX, max_requests: c.circuitBreakers?.maxRequests ?? MAX, max_retries: MAX, track_remaining: true }] },
    },
    last_updated: version,
  });
  const endpoint = (c: DumpCluster) => ({
    version_info: version,
    endpoint_config: {
      '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment', cluster_name: c.name,
      endpoints: [{ locality: {}, lb_endpoints: c.endpoints.map((e) => ({
        endpoint: { address: { socket_address: { address: e.ip, port_value: e.port } }, health_check_config: {} },
        health_status: e.healthy === false ? 'UNHEALTHY' : 'HEALTHY', load_balancing_weight: 1,
      })) }],
      policy: { overprovisioning_factor: 140 },
    },
  });
  const route = (r: DumpRoute) => ({
    version_info: version,
    route_config: {
      '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration', name: r.port,
      virtual_hosts: [{ name: `${r.domains[0]}:${r.port}`, domains: r.domains, routes: [{
        match: { prefix: '/' }, name: 'default',
        route: r.weighted.length === 1 ? { cluster: r.weighted[0].cluster, timeout: '0s' } : { weighted_clusters: { clusters: r.weighted.map((w) => ({ name: w.cluster, weight: w.weight })), total_weight: 100 }, timeout: '0s' },
      }] }],
      validate_clusters: false,
    },
    last_updated: version,
  });
  return JSON.stringify({
    configs: [
      { '@type': `${T}ClustersConfigDump`, version_info: version, dynamic_active_clusters: clusters.map(cluster) },
      { '@type': `${T}EndpointsConfigDump`, dynamic_endpoint_configs: clusters.map(endpoint) },
      { '@type': `${T}ListenersConfigDump`, version_info: version, dynamic_listeners: [] },
      { '@type': `${T}RoutesConfigDump`, dynamic_route_configs: routes.map(route) },
    ],
  }, null, 1);
}

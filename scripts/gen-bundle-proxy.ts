/**
 * Per-proxy state files of the synthetic bundle, in the shapes Envoy's admin API writes them: `config_dump?include_eds`
 * (envoy.admin.v3.ConfigDump: bootstrap, clusters, endpoints, listeners, routes, secrets; Sidecar-scoped to the
 * proxy's namespace and istio-system), `clusters` (admin /clusters text), `certs` (/certs JSON), `stats/prometheus`,
 * `server_info` and `memory`. istiod's `debug/syncz` and `metrics` too.
 */
import { fqdn, hex, int, prng, type Pod, type Service, type World } from './gen-bundle-world.js';

const SDS = { api_config_source: { api_type: 'GRPC', grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }], set_node_on_first_message_only: true, transport_api_version: 'V3' }, initial_fetch_timeout: '0s', resource_api_version: 'V3' };

function outboundCluster(s: Service, subset: string, version: string): object {
  const name = `outbound|${s.port}|${subset}|${fqdn(s)}`;
  return {
    version_info: version,
    cluster: {
      '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name, type: 'EDS',
      eds_cluster_config: { eds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, service_name: name },
      connect_timeout: '10s', lb_policy: 'LEAST_REQUEST',
      circuit_breakers: { thresholds: [{ max_connections: 1024, max_pending_requests: 1024, max_requests: 4294967295, max_retries: 4294967295, track_remaining: true }] },
      metadata: { filter_metadata: { istio: { services: [{ host: fqdn(s), name: s.name, namespace: s.ns }], ...(subset ? { subset } : {}) } } },
      common_lb_config: { locality_weighted_lb_config: {} },
      filters: [{ name: 'istio.metadata_exchange', typed_config: { '@type': 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', protocol: 'istio-peer-exchange' } }],
      transport_socket_matches: [{
        name: 'tlsMode-istio', match: { tlsMode: 'istio' },
        transport_socket: { name: 'envoy.transport_sockets.tls', typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
          common_tls_context: {
            tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' }, alpn_protocols: ['istio-peer-exchange', 'istio'],
            tls_certificate_sds_secret_configs: [{ name: 'default', sds_config: SDS }],
            combined_validation_context: { default_validation_context: { match_subject_alt_names: [{ exact: `spiffe://cluster.local/ns/${s.ns}/sa/${s.name}` }] }, validation_context_sds_secret_config: { name: 'ROOTCA', sds_config: SDS } },
          },
          sni: `outbound_.${s.port}_.${subset}_.${fqdn(s)}`,
        } },
      }, { name: 'tlsMode-disabled', match: {}, transport_socket: { name: 'envoy.transport_sockets.raw_buffer', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer' } } }],
    },
    last_updated: '2026-03-10T06:01:02.123Z',
  };
}

function endpoints(s: Service, subset: string, pods: readonly Pod[]): object {
  const ready = subset === 'v3' ? [] : pods.filter((p) => p.app === s.name);
  return {
    endpoint_config: {
      '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment', cluster_name: `outbound|${s.port}|${subset}|${fqdn(s)}`,
      endpoints: ready.length ? [{ locality: {}, lb_endpoints: ready.map((p) => ({ endpoint: { address: { socket_address: { address: p.ip, port_value: s.port } }, health_check_config: {} }, health_status: 'HEALTHY', metadata: { filter_metadata: { istio: { workload: `${p.app};${p.ns};${p.app};v1;Kubernetes` } } }, load_balancing_weight: 1 })), load_balancing_weight: 1 }] : [],
      policy: { overprovisioning_factor: 140 },
    },
  };
}

function listener(s: Service, version: string): object {
  const name = `${s.clusterIP}_${s.port}`;
  return {
    name,
    active_state: {
      version_info: version,
      listener: {
        '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name, address: { socket_address: { address: s.clusterIP, port_value: s.port } },
        filter_chains: [{ filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] }, filters: [{
          name: 'envoy.filters.network.http_connection_manager',
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', stat_prefix: `outbound_${s.clusterIP}_${s.port}`, rds: { config_source: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, route_config_name: `${s.port}` }, http_filters: ['istio.metadata_exchange', 'envoy.filters.http.grpc_stats', 'istio.alpn', 'envoy.filters.http.fault', 'envoy.filters.http.cors', 'istio.stats', 'envoy.filters.http.router'].map((n) => ({ name: n, typed_config: { '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct', type_url: `type.googleapis.com/${n}` } })), access_log: [{ name: 'envoy.access_loggers.file', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog', path: '/dev/stdout' } }] },
        }] }],
        traffic_direction: 'OUTBOUND', bind_to_port: false,
      },
      last_updated: '2026-03-10T06:01:02.456Z',
    },
  };
}

/** The catch-all listeners every sidecar has: 0.0.0.0:15001 (virtualOutbound) and 0.0.0.0:15006 (virtualInbound). */
function virtualListener(name: 'virtualOutbound' | 'virtualInbound', port: number, version: string): object {
  return {
    name,
    active_state: {
      version_info: version,
      listener: {
        '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name, address: { socket_address: { address: '0.0.0.0', port_value: port } },
        filter_chains: [{ filters: [{ name: 'istio.stats', typed_config: { '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct' } }, { name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', stat_prefix: name === 'virtualOutbound' ? 'PassthroughCluster' : 'InboundPassthroughCluster', cluster: name === 'virtualOutbound' ? 'PassthroughCluster' : 'InboundPassthroughCluster' } }] }],
        use_original_dst: true, traffic_direction: name === 'virtualOutbound' ? 'OUTBOUND' : 'INBOUND',
      },
      last_updated: '2026-03-10T06:01:02.456Z',
    },
  };
}

function route(s: Service, subset: string, version: string): object {
  return {
    version_info: version,
    route_config: {
      '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration', name: `${s.port}`,
      virtual_hosts: [{ name: `${fqdn(s)}:${s.port}`, domains: [fqdn(s), s.name, `${s.name}.${s.ns}`, s.clusterIP], routes: [{ match: { prefix: '/' }, route: { cluster: `outbound|${s.port}|${subset}|${fqdn(s)}`, timeout: '10s', retry_policy: { retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', num_retries: 2, per_try_timeout: '2s' }, max_grpc_timeout: '10s' }, decorator: { operation: `${fqdn(s)}:${s.port}/*` }, name: 'default' }], include_request_attempt_count: true }],
      validate_clusters: false,
    },
    last_updated: '2026-03-10T06:01:02.789Z',
  };
}

/** The proxy's config dump, Sidecar-scoped: its namespace's services and istiod. */
export function configDump(w: World, p: Pod, subsetSvc: string): string {
  const version = '2026-03-10T06:01:02Z/42';
  const visible = w.services.filter((s) => s.ns === p.ns);
  const istiod: Service = { ns: 'istio-system', name: 'istiod', port: 15012, clusterIP: '10.96.99.1' };
  const subsetOf = (s: Service): string => (s.name === subsetSvc ? 'v3' : 'v1');
  const clusters = [...visible.flatMap((s) => [outboundCluster(s, '', version), outboundCluster(s, subsetOf(s), version)]), outboundCluster(istiod, '', version)];
  const eps = [...visible.flatMap((s) => [endpoints(s, '', w.pods), endpoints(s, subsetOf(s), w.pods)])];
  const bootstrap = { node: { id: `sidecar~${p.ip}~${p.name}.${p.ns}~${p.ns}.svc.cluster.local`, cluster: `${p.app}.${p.ns}`, metadata: { ISTIO_VERSION: '1.24.2', NAMESPACE: p.ns, WORKLOAD_NAME: `${p.app}-v1`, CLUSTER_ID: 'Kubernetes', MESH_ID: 'cluster.local' } }, static_resources: { clusters: ['prometheus_stats', 'agent', 'sds-grpc', 'xds-grpc'].map((n) => ({ name: n, type: 'STATIC', connect_timeout: '0.250s' })) }, admin: { address: { socket_address: { address: '127.0.0.1', port_value: 15000 } } } };
  const secrets = {
    '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
    dynamic_active_secrets: ['default', 'ROOTCA'].map((name) => ({ name, version_info: '2026-03-10 06:01:02.000 +0000 UTC m=+0.1', last_updated: '2026-03-10T06:01:02.000Z', secret: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name, ...(name === 'default' ? { tls_certificate: { certificate_chain: { inline_bytes: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=' }, private_key: { inline_bytes: 'W3JlZGFjdGVkXQ==' } } } : { validation_context: { trusted_ca: { inline_bytes: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=' } } }) } })),
  };
  return JSON.stringify({ configs: [
    { '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump', bootstrap, last_updated: '2026-03-10T06:01:01.000Z' },
    { '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', version_info: version, static_clusters: [], dynamic_active_clusters: clusters },
    { '@type': 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump', dynamic_endpoint_configs: eps },
    { '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', version_info: version, dynamic_listeners: [virtualListener('virtualOutbound', 15001, version), virtualListener('virtualInbound', 15006, version), ...visible.map((s) => listener(s, version))] },
    { '@type': 'type.googleapis.com/envoy.admin.v3.ScopedRoutesConfigDump' },
    { '@type': 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump', dynamic_route_configs: visible.map((s) => route(s, subsetOf(s), version)) },
    secrets,
  ] }, null, 2);
}

/** Admin `/clusters` text for the proxy's outbound clusters. */
export function clustersText(w: World, p: Pod): string {
  const out: string[] = [];
  for (const s of w.services.filter((x) => x.ns === p.ns)) {
    const c = `outbound|${s.port}||${fqdn(s)}`;
    out.push(`${c}::observability_name::${c}`);
    for (const [k, v] of [['max_connections', 1024], ['max_pending_requests', 1024], ['max_requests', 4294967295], ['max_retries', 4294967295]] as const) out.push(`${c}::default_priority::${k}::${v}`);
    out.push(`${c}::added_via_api::true`, `${c}::eds_service_name::${c}`);
    const pod = w.pods.find((x) => x.app === s.name)!;
    const h = `${c}::${pod.ip}:${s.port}`;
    for (const k of ['cx_active', 'cx_connect_fail', 'cx_total', 'rq_active', 'rq_error', 'rq_success', 'rq_timeout', 'rq_total']) out.push(`${h}::${k}::${k.endsWith('total') ? 1200 : 0}`);
    out.push(`${h}::hostname::`, `${h}::health_flags::healthy`, `${h}::weight::1`, `${h}::region::`, `${h}::zone::`, `${h}::sub_zone::`, `${h}::canary::false`, `${h}::priority::0`, `${h}::success_rate::-1`, `${h}::local_origin_success_rate::-1`);
  }
  return out.join('\n') + '\n';
}

/** Admin `/certs` JSON: the mesh root and the workload certificate (24 h, issued 6 h before capture). */
export function certsJson(w: World, p: Pod): string {
  const r = prng(w.seed + p.ip.length * 31 + p.name.length);
  const issued = new Date(w.capturedMs - 6 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const expires = new Date(w.capturedMs + 18 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const ca = { path: '<inline>', serial_number: hex(r, 32), subject_alt_names: [], days_until_expiration: '3600', valid_from: '2025-12-01T00:00:00Z', expiration_time: '2035-11-29T00:00:00Z' };
  const leaf = { path: '<inline>', serial_number: hex(r, 32), subject_alt_names: [{ uri: `spiffe://cluster.local/ns/${p.ns}/sa/${p.app}` }], days_until_expiration: '0', valid_from: issued, expiration_time: expires };
  return JSON.stringify({ certificates: [{ ca_cert: [ca], cert_chain: [leaf] }, { ca_cert: [ca], cert_chain: [] }] }, null, 1);
}

/** `stats/prometheus`: per-cluster counters, server memory, istio_requests_total. */
export function statsText(w: World, p: Pod, refusedSvc: string): string {
  const r = prng(w.seed + p.name.length * 977);
  const out: string[] = [];
  const clusters = w.services.filter((s) => s.ns === p.ns);
  const names = ['upstream_cx_total', 'upstream_cx_active', 'upstream_cx_connect_fail', 'upstream_cx_overflow', 'upstream_rq_total', 'upstream_rq_pending_overflow', 'upstream_rq_retry', 'upstream_rq_retry_overflow', 'upstream_rq_timeout', 'membership_healthy', 'membership_total', 'outlier_detection_ejections_active', 'outlier_detection_ejections_enforced_total', 'lb_healthy_panic', 'bind_errors'];
  for (const n of names) {
    out.push(`# TYPE envoy_cluster_${n} counter`);
    for (const s of clusters) {
      const v = n.startsWith('membership') ? 1 : n === 'upstream_cx_connect_fail' && s.name === refusedSvc ? int(r, 500, 900) : n.endsWith('total') && !n.startsWith('outlier') ? int(r, 1000, 90_000) : 0;
      out.push(`envoy_cluster_${n}{cluster_name="outbound|${s.port}||${fqdn(s)}"} ${v}`);
    }
  }
  out.push('# TYPE envoy_server_memory_allocated gauge', `envoy_server_memory_allocated{} ${int(r, 20, 60) * 1_000_000}`, '# TYPE envoy_server_memory_heap_size gauge', `envoy_server_memory_heap_size{} ${int(r, 60, 90) * 1_000_000}`);
  out.push('# TYPE istio_requests_total counter');
  for (const s of clusters) for (const code of ['200', '503']) out.push(`istio_requests_total{response_code="${code}",reporter="source",source_workload="${p.app}-v1",source_workload_namespace="${p.ns}",destination_service="${fqdn(s)}",destination_workload="${s.name}-v1",request_protocol="http",response_flags="${code === '503' ? 'UF' : '-'}",connection_security_policy="unknown"} ${code === '503' ? int(r, 0, 50) : int(r, 100, 50_000)}`);
  return out.join('\n') + '\n';
}

export function serverInfo(p: Pod): string {
  return JSON.stringify({ version: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/1.32.3/Clean/RELEASE/BoringSSL', state: 'LIVE', uptime_current_epoch: '21600s', uptime_all_epochs: '21600s', hot_restart_version: 'disabled', command_line_options: { base_id: '0', concurrency: 2, config_path: 'etc/istio/proxy/envoy-rev.json', log_level: 'warning', component_log_level: 'misc:error', log_format: '%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t', service_cluster: `${p.app}.${p.ns}`, service_node: `sidecar~${p.ip}~${p.name}.${p.ns}~${p.ns}.svc.cluster.local`, drain_time: '45s', parent_shutdown_time: '60s', mode: 'Serve' }, node: { id: `sidecar~${p.ip}~${p.name}.${p.ns}` } }, null, 1);
}

export function memoryJson(w: World, p: Pod): string {
  const r = prng(w.seed + p.name.length);
  const a = int(r, 20, 60) * 1_000_000;
  return JSON.stringify({ allocated: String(a), heap_size: String(a + 8_000_000), pageheap_unmapped: '0', pageheap_free: '2465792', total_thread_cache: '2194240', total_physical_bytes: String(a + 12_000_000) }, null, 1);
}

/** istiod `debug/syncz`: every proxy synced. */
export function syncz(w: World): string {
  const r = prng(w.seed + 5);
  return JSON.stringify(w.pods.map((p) => {
    const [c, l, rt, e] = [hex(r, 8), hex(r, 8), hex(r, 8), hex(r, 8)];
    return { cluster_id: 'Kubernetes', proxy: `${p.name}.${p.ns}`, proxy_type: 'sidecar', istio_version: '1.24.2', cluster_sent: c, cluster_acked: c, listener_sent: l, listener_acked: l, route_sent: rt, route_acked: rt, endpoint_sent: e, endpoint_acked: e };
  }));
}

export function istiodMetrics(w: World): string {
  return [
    '# TYPE istio_build gauge', 'istio_build{component="pilot",tag="1.24.2"} 1',
    '# TYPE pilot_xds gauge', `pilot_xds{version="1.24.2"} ${w.pods.length}`,
    '# TYPE pilot_services gauge', `pilot_services ${w.services.length}`,
    '# TYPE pilot_virt_services gauge', `pilot_virt_services ${w.services.length}`,
    '# TYPE process_resident_memory_bytes gauge', 'process_resident_memory_bytes 3.1e+08',
    '# TYPE pilot_total_xds_rejects counter', 'pilot_total_xds_rejects 0',
  ].join('\n') + '\n';
}

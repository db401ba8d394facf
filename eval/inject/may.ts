/**
 * Variants on the May 2023 archive (Istio 1.17.2 on GKE Autopilot: istiod and one `istio-ingressgateway` in
 * istio-system, bookinfo Deployments whose pods GKE's policy webhook refuses — the archive's own fault, set aside
 * when scoring). This bug-report run kept no log file at all (1.17's bug-report filters logs by time and importance
 * and writes none that end up empty; `bug-report.log` shows them fetched), so these variants add none either: the
 * evidence is what a 1.17 bug-report holds besides logs — resources, events, `istioctl analyze`, istiod's debug
 * endpoints and metrics, the gateway's config dump and stats.
 *
 * Sources (istio/istio at tag 1.17.2): analyzers `gateway/gateway.go` and `gateway/secret.go` (IST0101 `Referenced
 * selector not found: "istio=ingress"`, `Referenced credentialName not found: "…"`, the secret looked up in the
 * gateway *pod's* namespace); `pilot/pkg/xds/sds.go` (a missing credential: `failed to fetch key and certificate`,
 * `pilot_sds_certificate_errors_total`, no resource sent, so Envoy keeps the listener warming:
 * `dynamic_listeners[].warming_state` and `dynamic_warming_secrets` in the dump, nothing on 8443 in `listeners`);
 * `pilot/pkg/xds/monitoring.go` (`pilot_total_xds_rejects{type}`, `pilot_xds_cds_reject{node,err}` on a NACK);
 * Envoy's Cluster `connect_timeout` validation (`gt: 0s`) rejecting a whole CDS update; `tools/bug-report`
 * (`GetIstiodInfo` stops at the first failing `pilot-discovery request` exec, so a crash-looping istiod leaves no
 * `debug/` or `metrics`, and the collected errors are logged once before the archive is written). The `istio:
 * ingress` selector is the label of gateways installed with the `istio/gateway` Helm chart, which the Istio docs
 * use since 1.15; istioctl-installed gateways such as this one carry `istio: ingressgateway`.
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { CRS_ORDER } from '../lib/klist.js';
import { MINUTE, SECOND, addMs, humanDuration, rfc1123z, rfc3339 } from '../lib/time.js';
import { uuid } from '../lib/rand.js';
import { editConfigDump } from '../lib/xds.js';
import { containerId, emitPodEvent, endpointsReady, freePodIp, newPodName, pod, podIP, renameInBugReportLog } from '../lib/workload.js';
import { secretRow } from '../lib/secrets.js';
import { goFloat } from '../lib/istiod.js';

const NS = 'istio-system';
const GATEWAY_NODE = (b: Bundle): string => `${pod(b, NS, 'istio-ingressgateway-').metadata.name}.${NS}`;

function istiodDir(b: Bundle): string {
  return `istio/${NS}/${pod(b, NS, 'istiod-').metadata.name}`;
}

/** `kubectl apply` of an Istio resource, and istiod's view of it in `debug/configz`. */
function applyIstio(b: Bundle, manifest: K8sObject, at: Date): K8sObject {
  const obj = b.create(b.crs, manifest, at, CRS_ORDER);
  const rel = `${istiodDir(b)}/debug/configz`;
  if (b.archive.has(rel)) {
    const list = JSON.parse(b.archive.text(rel)) as any[];
    const { name, namespace, resourceVersion, creationTimestamp, labels, annotations } = obj.metadata;
    list.push({ kind: obj.kind, apiVersion: obj.apiVersion, metadata: { name, namespace, resourceVersion, creationTimestamp, ...(labels ? { labels } : {}), annotations }, spec: obj.spec });
    b.archive.setText(rel, JSON.stringify(list));
  }
  return obj;
}

/** Add to (or create) a Prometheus series in istiod's `metrics`, keeping the exporter's alphabetical family order. */
function bumpMetric(b: Bundle, family: string, help: string, type: 'counter' | 'gauge', series: string, by: number): void {
  const rel = `${istiodDir(b)}/metrics`;
  if (!b.archive.has(rel)) return;
  const lines = b.archive.text(rel).split('\n');
  const at = lines.findIndex((l) => l.startsWith(series + ' '));
  if (at >= 0) {
    lines[at] = `${series} ${goFloat(Number(lines[at]!.slice(series.length + 1)) + by)}`;
  } else {
    const fam = lines.findIndex((l) => l === `# TYPE ${family} ${type}`);
    if (fam >= 0) {
      let end = fam + 1;
      while (end < lines.length && lines[end]!.startsWith(family)) end++;
      lines.splice(end, 0, `${series} ${goFloat(by)}`);
    } else {
      const next = lines.findIndex((l) => l.startsWith('# HELP ') && l.slice(7).split(' ')[0]! > family);
      lines.splice(next >= 0 ? next : lines.length, 0, `# HELP ${family} ${help}`, `# TYPE ${family} ${type}`, `${series} ${goFloat(by)}`);
    }
  }
  b.archive.setText(rel, lines.join('\n'));
}

/** Every ACKed nonce of a proxy in syncz replaced (a push it accepted), or `rejected` types left at the old ACK. */
function synczPush(b: Bundle, node: string, rejected: string[] = []): void {
  const rel = `${istiodDir(b)}/debug/syncz`;
  if (!b.archive.has(rel)) return;
  const rows = JSON.parse(b.archive.text(rel)) as Array<Record<string, string>>;
  for (const row of rows) {
    if (row.proxy !== node) continue;
    for (const t of ['cluster', 'listener', 'route', 'endpoint']) {
      if (row[`${t}_sent`] === undefined) continue;
      row[`${t}_sent`] = uuid(b.r);
      if (!rejected.includes(t)) row[`${t}_acked`] = row[`${t}_sent`]!;
    }
  }
  b.archive.setText(rel, JSON.stringify(rows));
}

const BOOKINFO_VS = (gateway: string, hosts: string[]) => ({
  apiVersion: 'networking.istio.io/v1alpha3', kind: 'VirtualService', metadata: { name: 'bookinfo', namespace: 'default' },
  spec: {
    gateways: [gateway], hosts,
    http: [{ match: [{ uri: { exact: '/productpage' } }, { uri: { prefix: '/static' } }, { uri: { exact: '/login' } }, { uri: { exact: '/logout' } }, { uri: { prefix: '/api/v1/products' } }], route: [{ destination: { host: 'productpage', port: { number: 9080 } } }] }],
  },
});

/**
 * The HTTPS listener istiod 1.17 gives the gateway for a Gateway server with `credentialName`, held in
 * `warming_state` because its SDS secret never arrives, and the matching route configuration (RDS arrives).
 */
function warmingHttpsListener(version: string, at: Date, host: string, credential: string, routeName: string): any {
  const wasm = (name: string, rootId: string, code: string, configuration: string) => ({
    name,
    typed_config: {
      '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
      type_url: 'type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm',
      value: { config: { root_id: rootId, vm_config: { vm_id: rootId, runtime: 'envoy.wasm.runtime.null', code: { local: { inline_string: code } } }, configuration: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: configuration } } },
    },
  });
  return {
    name: '0.0.0.0_8443',
    warming_state: {
      version_info: version,
      listener: {
        '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
        name: '0.0.0.0_8443',
        address: { socket_address: { address: '0.0.0.0', port_value: 8443 } },
        filter_chains: [{
          filter_chain_match: { server_names: [host] },
          filters: [{
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
              stat_prefix: 'outbound_0.0.0.0_8443',
              rds: { config_source: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, route_config_name: routeName },
              http_filters: [
                wasm('istio.metadata_exchange', 'metadata_exchange', 'envoy.wasm.metadata_exchange', '{}'),
                { name: 'envoy.filters.http.grpc_stats', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.grpc_stats.v3.FilterConfig', emit_filter_state: true, stats_for_all_methods: false } },
                { name: 'envoy.filters.http.fault', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault' } },
                { name: 'envoy.filters.http.cors', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors' } },
                wasm('istio.stats', 'stats_outbound', 'envoy.wasm.stats', '{\n  "debug": "false",\n  "stat_prefix": "istio",\n  "disable_host_header_fallback": true\n}\n'),
                { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
              ],
              use_remote_address: true,
              forward_client_cert_details: 'SANITIZE_SET',
              set_current_client_cert_details: { subject: true, dns: true, uri: true },
              upgrade_configs: [{ upgrade_type: 'websocket' }],
              stream_idle_timeout: '0s',
              normalize_path: true,
              request_id_extension: { typed_config: { '@type': 'type.googleapis.com/envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig', use_request_id_for_trace_sampling: true } },
              path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
            },
          }],
          transport_socket: {
            name: 'envoy.transport_sockets.tls',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
              common_tls_context: {
                tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' },
                alpn_protocols: ['h2', 'http/1.1'],
                tls_certificate_sds_secret_configs: [{ name: `kubernetes://${credential}`, sds_config: { ads: {}, resource_api_version: 'V3' } }],
              },
              require_client_certificate: false,
            },
          },
        }],
        listener_filters: [{ name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector' } }],
        listener_filters_timeout: '0s',
        continue_on_listener_filters_timeout: true,
      },
      last_updated: at.toISOString(),
    },
  };
}

function httpsRoute(version: string, at: Date, host: string, routeName: string): any {
  const retry = { retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', num_retries: 2, retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' } }], host_selection_retry_max_attempts: '5', retriable_status_codes: [503] };
  const route = (match: any, op: string) => ({
    match: { ...match, case_sensitive: true },
    route: { cluster: 'outbound|9080||productpage.default.svc.cluster.local', timeout: '0s', retry_policy: retry, max_grpc_timeout: '0s' },
    metadata: { filter_metadata: { istio: { config: '/apis/networking.istio.io/v1alpha3/namespaces/default/virtual-service/bookinfo' } } },
    decorator: { operation: `productpage.default.svc.cluster.local:9080${op}` },
  });
  return {
    version_info: version,
    route_config: {
      '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
      name: routeName,
      virtual_hosts: [{
        name: `${host}:443`, domains: [host],
        routes: [route({ path: '/productpage' }, '/productpage'), route({ prefix: '/static' }, '/static*'), route({ path: '/login' }, '/login'), route({ path: '/logout' }, '/logout'), route({ prefix: '/api/v1/products' }, '/api/v1/products*')],
        include_request_attempt_count: true,
      }],
      validate_clusters: false,
      ignore_port_in_host_matching: true,
    },
    last_updated: at.toISOString(),
  };
}

export const mayVariants: Variant[] = [
  {
    name: 'gateway-misconfigured/may-gateway-selector-istio-ingress',
    cause: 'gateway-misconfigured',
    archive: 'may2023',
    how: 'bookinfo Gateway (selector `istio: ingress`, the Helm-chart gateway label) and VirtualService applied 17 min ago; the istioctl-installed gateway pod is `istio: ingressgateway`, so no listener is built for it (dump keeps only 15021/15090), IST0101 `Referenced selector not found: "istio=ingress"`',
    build(b) {
      const at = b.ago(17 * MINUTE);
      applyIstio(b, { apiVersion: 'networking.istio.io/v1alpha3', kind: 'Gateway', metadata: { name: 'bookinfo-gateway', namespace: 'default' }, spec: { selector: { istio: 'ingress' }, servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }] } }, at);
      applyIstio(b, BOOKINFO_VS('bookinfo-gateway', ['*']), addMs(at, 1 * SECOND));
      b.analyze(['Error [IST0101] (Gateway default/bookinfo-gateway) Referenced selector not found: "istio=ingress"']);
      // istiod pushed (a config change is a full push); the gateway gets no new listener and ACKs.
      synczPush(b, GATEWAY_NODE(b));
      bumpMetric(b, 'pilot_k8s_cfg_events', 'Events from k8s config.', 'counter', 'pilot_k8s_cfg_events{event="add",type="Gateway"}', 1);
      bumpMetric(b, 'pilot_k8s_cfg_events', 'Events from k8s config.', 'counter', 'pilot_k8s_cfg_events{event="add",type="VirtualService"}', 1);
    },
  },
  {
    name: 'gateway-credential-missing/may-credential-in-app-namespace',
    cause: 'gateway-credential-missing',
    archive: 'may2023',
    how: 'HTTPS bookinfo Gateway (selector `istio: ingressgateway`, credentialName `bookinfo-credential`) applied 38 min ago with the TLS secret created in `default` instead of the gateway\'s namespace istio-system: IST0101 `Referenced credentialName not found`, istiod cannot serve the SDS secret (pilot_sds_certificate_errors_total), the gateway\'s 0.0.0.0_8443 listener stays warming with `kubernetes://bookinfo-credential` in dynamic_warming_secrets',
    build(b) {
      const at = b.ago(38 * MINUTE);
      secretRow(b, 'default', 'bookinfo-credential', 'kubernetes.io/tls', 2, humanDuration(b.eventsPrintedAt.getTime() - addMs(at, -40 * SECOND).getTime()));
      applyIstio(b, { apiVersion: 'networking.istio.io/v1alpha3', kind: 'Gateway', metadata: { name: 'bookinfo-gateway', namespace: 'default' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['bookinfo.example.com'], port: { name: 'https', number: 443, protocol: 'HTTPS' }, tls: { credentialName: 'bookinfo-credential', mode: 'SIMPLE' } }] } }, at);
      applyIstio(b, BOOKINFO_VS('bookinfo-gateway', ['bookinfo.example.com']), addMs(at, 2 * SECOND));
      b.analyze(['Error [IST0101] (Gateway default/bookinfo-gateway) Referenced credentialName not found: "bookinfo-credential"']);
      const pushed = addMs(at, 2 * SECOND + b.r.int(200, 900));
      const version = `${rfc3339(addMs(pushed, -150))}/${b.r.int(5, 9)}`;
      const routeName = 'https.443.https.bookinfo-gateway.default';
      const gw = pod(b, NS, 'istio-ingressgateway-');
      editConfigDump(b, gw, (dump) => {
        for (const c of dump.configs as any[]) {
          if (c['@type'].endsWith('ListenersConfigDump')) {
            const statics = c.static_listeners;
            delete c.static_listeners;
            Object.assign(c, { version_info: version, static_listeners: statics, dynamic_listeners: [warmingHttpsListener(version, addMs(pushed, 40), 'bookinfo.example.com', 'bookinfo-credential', routeName)] });
          }
          if (c['@type'].endsWith('RoutesConfigDump')) c.dynamic_route_configs = [httpsRoute(version, addMs(pushed, 60), 'bookinfo.example.com', routeName)];
          if (c['@type'].endsWith('SecretsConfigDump')) {
            c.dynamic_warming_secrets = [{ name: 'kubernetes://bookinfo-credential', version_info: 'uninitialized', last_updated: addMs(pushed, 45).toISOString(), secret: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name: 'kubernetes://bookinfo-credential' } }];
          }
        }
      });
      // The listener is ACKed (it warms); the secret request stays unanswered. Every later push retries it.
      synczPush(b, GATEWAY_NODE(b));
      const tries = 1 + Math.floor((b.capture.getTime() - pushed.getTime()) / (30 * MINUTE));
      bumpMetric(b, 'pilot_sds_certificate_errors_total', 'Total number of failures to fetch SDS key and certificate.', 'counter', 'pilot_sds_certificate_errors_total', tries);
      bumpMetric(b, 'pilot_k8s_cfg_events', 'Events from k8s config.', 'counter', 'pilot_k8s_cfg_events{event="add",type="Gateway"}', 1);
      bumpMetric(b, 'pilot_k8s_cfg_events', 'Events from k8s config.', 'counter', 'pilot_k8s_cfg_events{event="add",type="VirtualService"}', 1);
      const stats = `proxies/${NS}/${gw.metadata.name}/stats/prometheus`;
      if (b.archive.has(stats)) {
        b.archive.setText(stats, b.archive.text(stats)
          .replace(/^(envoy_listener_manager_total_listeners_warming\{\}) \d+$/m, '$1 1')
          .replace(/^(envoy_listener_manager_lds_update_success\{\}) (\d+)$/m, (_m, k: string, n: string) => `${k} ${Number(n) + tries}`)
          .replace(/^(envoy_listener_manager_lds_update_attempt\{\}) (\d+)$/m, (_m, k: string, n: string) => `${k} ${Number(n) + tries}`));
      }
    },
  },
  {
    name: 'istiod-unavailable/may-istiod-crashloop-cacerts-key-mismatch',
    cause: 'istiod-unavailable',
    archive: 'may2023',
    how: 'a `cacerts` secret whose ca-key does not match ca-cert created 31 min ago and the istiod pod deleted to pick it up: the replacement crash-loops (exit 1, 8 restarts), istiod Endpoints not ready, the bug-report could not exec into it (no debug/ or metrics, the podExec error logged), the gateway keeps its last config with its xDS stream failing (update failures in its stats)',
    build(b) {
      secretRow(b, NS, 'cacerts', 'Opaque', 4, humanDuration(b.eventsPrintedAt.getTime() - b.ago(31 * MINUTE).getTime()));
      const at = b.ago(29 * MINUTE);
      const old = pod(b, NS, 'istiod-');
      const rsName = old.metadata.ownerReferences[0].name as string;
      const name = newPodName(b, rsName);
      const created = addMs(at, b.r.int(40, 300));
      const ip = freePodIp(b, podIP(old));
      // Container lives of ~1.5 s (start-up until the CA bundle check fails), kubelet back-off 10 s doubling to 300 s.
      const lives: Array<{ start: Date; end: Date }> = [];
      let s = addMs(created, 3 * SECOND);
      let backoff = 10 * SECOND;
      while (s < b.capture) {
        const end = addMs(s, b.r.int(900, 2100));
        if (end >= b.capture) break;
        lives.push({ start: s, end });
        s = addMs(end, backoff + b.r.int(300, 1800));
        backoff = Math.min(300 * SECOND, backoff * 2);
      }
      const last = lives[lives.length - 1]!;
      const restarts = lives.length - 1;
      const uid = uuid(b.r);
      const np: K8sObject = structuredClone(old);
      np.metadata = { ...np.metadata, name, uid, creationTimestamp: rfc3339(created), resourceVersion: b.nextRv() };
      np.status = { ...structuredClone(old.status), podIP: ip, podIPs: [{ ip }], startTime: rfc3339(created) };
      for (const c of np.status.conditions as any[]) {
        c.lastTransitionTime = rfc3339(c.type === 'PodScheduled' || c.type === 'Initialized' ? created : addMs(created, 3 * SECOND));
        if (c.type === 'Ready' || c.type === 'ContainersReady') Object.assign(c, { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [discovery]' });
      }
      const prevId = containerId(b);
      const nextWait = Math.min(300, 10 * 2 ** Math.max(0, restarts - 1));
      for (const cs of np.status.containerStatuses as any[]) {
        Object.assign(cs, {
          containerID: prevId, ready: false, started: false, restartCount: restarts,
          lastState: { terminated: { containerID: prevId, exitCode: 1, finishedAt: rfc3339(last.end), reason: 'Error', startedAt: rfc3339(last.start) } },
          state: { waiting: { message: `back-off ${nextWait >= 60 ? `${Math.floor(nextWait / 60)}m${nextWait % 60}s` : `${nextWait}s`} restarting failed container=discovery pod=${name}_${NS}(${uid})`, reason: 'CrashLoopBackOff' } },
        });
      }
      b.k8s.remove('Pod', NS, old.metadata.name);
      b.k8s.insert(np);
      b.k8s.edit('Endpoints', NS, 'istiod', (ep) => {
        const text = JSON.stringify(ep).split(`"${podIP(old)}"`).join(`"${ip}"`).split(`"${old.metadata.name}"`).join(`"${name}"`).split(`"${old.metadata.uid}"`).join(`"${uid}"`);
        Object.assign(ep, JSON.parse(text));
        ep.metadata.resourceVersion = b.nextRv();
      });
      endpointsReady(b, np, false, created);
      b.k8s.edit('Deployment', NS, 'istiod', (d) => {
        delete d.status.readyReplicas;
        delete d.status.availableReplicas;
        d.status.unavailableReplicas = 1;
        for (const c of (d.status.conditions ?? []) as any[]) if (c.type === 'Available') Object.assign(c, { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastTransitionTime: rfc3339(at), lastUpdateTime: rfc3339(at) });
        d.metadata.resourceVersion = b.nextRv();
      });
      b.k8s.edit('ReplicaSet', NS, rsName, (rs) => {
        delete rs.status.readyReplicas;
        delete rs.status.availableReplicas;
        rs.metadata.resourceVersion = b.nextRv();
      });
      emitPodEvent(b, old, { type: 'Normal', reason: 'Killing', message: 'Stopping container discovery', first: at, last: at, count: 1, container: 'discovery' });
      b.emit({ namespace: NS, type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: NS, uid: old.metadata.ownerReferences[0].uid }, source: { component: 'replicaset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
      b.emit({ namespace: NS, type: 'Normal', reason: 'Scheduled', object: { kind: 'Pod', apiVersion: 'v1', name, namespace: NS, uid }, source: { component: (np.spec.schedulerName as string | undefined) ?? 'default-scheduler' }, message: `Successfully assigned ${NS}/${name} to ${np.spec.nodeName}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
      const image = (np.spec.containers as any[])[0].image as string;
      emitPodEvent(b, np, { type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, first: lives[0]!.start, last: last.start, count: lives.length, container: 'discovery' });
      emitPodEvent(b, np, { type: 'Normal', reason: 'Created', message: 'Created container discovery', first: lives[0]!.start, last: last.start, count: lives.length, container: 'discovery' });
      emitPodEvent(b, np, { type: 'Normal', reason: 'Started', message: 'Started container discovery', first: lives[0]!.start, last: last.start, count: lives.length, container: 'discovery' });
      emitPodEvent(b, np, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container discovery in pod ${name}_${NS}(${uid})`, first: addMs(lives[0]!.end, 1 * SECOND), last: b.ago(b.r.int(3, 25) * SECOND), count: restarts * 5 + b.r.int(0, 5), container: 'discovery' });
      // The bug-report: its exec into the crash-looping container fails, so istiod's debug files and metrics are absent.
      b.archive.remove(`istio/${NS}/${old.metadata.name}`);
      renameInBugReportLog(b, old.metadata.name, name);
      const log = b.archive.text('bug-report.log').split('\n');
      const adsz = log.findIndex((l) => l.includes(`discovery:pilot-discovery request GET debug/adsz`) && l.includes('\tCOMPLETED '));
      if (adsz >= 0) {
        const later = (line: string, us: number): string => {
          const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})Z/.exec(line)!;
          const t = Date.parse(m[1]! + 'Z') * 1000 + Number(m[2]) + us;
          const ms = Math.floor(t / 1000);
          return new Date(ms).toISOString().replace(/Z$/, '') + String(t - ms * 1000).padStart(3, '0') + 'Z';
        };
        const isIstiodInfo = (l: string): boolean => /discovery:pilot-discovery request GET |Done with istio\.io\/istio\/tools\/bug-report\/pkg\/content\.GetIstiodInfo/.test(l);
        const keep = log.filter((l, i) => i <= adsz || !isIstiodInfo(l));
        keep.splice(adsz + 1, 0, `${later(log[adsz]!, 61)}\tinfo\tDone with istio.io/istio/tools/bug-report/pkg/content.GetIstiodInfo`);
        // The fetch errors are logged once, after every fetch, before the analysis.
        const analyze = keep.findIndex((l) => l.includes('Running istio analyze on all namespaces'));
        const err = `podExec error: error exec'ing into ${NS}/${name} discovery container: unable to upgrade connection: container not found ("discovery")\n\nstderr:\n\n\nstdout:\n`;
        if (analyze >= 0) keep.splice(analyze, 0, `${later(keep[analyze]!, -40)}\terror\t1 error occurred:\n\t* ${err}\n`);
        b.archive.setText('bug-report.log', keep.join('\n'));
      }
      if (b.archive.has('cluster/describe-pods')) {
        const fmt = (d: Date): string => rfc1123z(d, 0);
        let d = b.archive.text('cluster/describe-pods').split(old.metadata.name).join(name).split(podIP(old)).join(ip);
        const at3 = d.indexOf(`Name:             ${name}`);
        const head = d.slice(0, at3);
        let tail = d.slice(at3);
        tail = tail.replace(/^Start Time:( +)[^\n]+$/m, `Start Time:$1${fmt(created)}`);
        tail = tail.replace(/    State:          Running\n      Started:      [^\n]+\n    Ready:          True\n    Restart Count:  \d+/, `    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n      Started:      ${fmt(last.start)}\n      Finished:     ${fmt(last.end)}\n    Ready:          False\n    Restart Count:  ${restarts}`);
        tail = tail.replace(/  Ready             True \n  ContainersReady   True /, '  Ready             False \n  ContainersReady   False ');
        d = head + tail;
        b.archive.setText('cluster/describe-pods', d);
      }
      // The gateway's Envoy: its ADS stream to the agent keeps failing while istiod is down (update failures).
      const gw = pod(b, NS, 'istio-ingressgateway-');
      const stats = `proxies/${NS}/${gw.metadata.name}/stats/prometheus`;
      if (b.archive.has(stats)) {
        let fails = 0;
        for (let t = 0, bo = 500; t < b.capture.getTime() - at.getTime(); bo = Math.min(30_000, bo * 2), t += bo) fails++;
        b.archive.setText(stats, b.archive.text(stats).replace(/^(envoy_cluster_manager_cds_update_(?:failure|attempt)\{\}|envoy_listener_manager_lds_update_(?:failure|attempt)\{\}) (\d+)$/gm, (_m, k: string, n: string) => `${k} ${Number(n) + fails}`));
      }
    },
  },
  {
    name: 'xds-push-stale/may-envoyfilter-connect-timeout-zero',
    cause: 'xds-push-stale',
    archive: 'may2023',
    how: 'an EnvoyFilter merging `connect_timeout: 0s` ("no timeout") into every cluster of the ingress gateway applied 52 min ago: Envoy rejects each CDS push (connect_timeout must be greater than 0s), syncz keeps the gateway\'s last ACKed cluster nonce (STALE), istiod counts the NACKs (pilot_total_xds_rejects, pilot_xds_cds_reject), the gateway\'s cds_update_rejected grows; its dump keeps the previous clusters',
    build(b) {
      const at = b.ago(52 * MINUTE);
      applyIstio(b, {
        apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name: 'ingressgateway-upstream-timeouts', namespace: NS },
        spec: { workloadSelector: { labels: { istio: 'ingressgateway' } }, configPatches: [{ applyTo: 'CLUSTER', match: { context: 'GATEWAY' }, patch: { operation: 'MERGE', value: { connect_timeout: '0s' } } }] },
      }, at);
      const node = GATEWAY_NODE(b);
      // The first push after the change, then one per 30 min reconnection (and full pushes on config changes).
      const nacks = 1 + Math.floor((b.capture.getTime() - at.getTime()) / (30 * MINUTE));
      synczPush(b, node, ['cluster']);
      bumpMetric(b, 'pilot_k8s_cfg_events', 'Events from k8s config.', 'counter', 'pilot_k8s_cfg_events{event="add",type="EnvoyFilter"}', 1);
      bumpMetric(b, 'pilot_total_xds_rejects', 'Total number of XDS responses from pilot rejected by proxy.', 'counter', 'pilot_total_xds_rejects{type="cds"}', nacks);
      bumpMetric(b, 'pilot_xds_cds_reject', 'Pilot rejected CDS configs.', 'gauge', `pilot_xds_cds_reject{err="Internal",node="${node}"}`, nacks);
      const gw = pod(b, NS, 'istio-ingressgateway-');
      const stats = `proxies/${NS}/${gw.metadata.name}/stats/prometheus`;
      if (b.archive.has(stats)) {
        b.archive.setText(stats, b.archive.text(stats)
          .replace(/^(envoy_cluster_manager_cds_update_rejected\{\}) (\d+)$/m, (_m, k: string, n: string) => `${k} ${Number(n) + nacks}`)
          .replace(/^(envoy_cluster_manager_cds_update_attempt\{\}) (\d+)$/m, (_m, k: string, n: string) => `${k} ${Number(n) + nacks}`));
      }
    },
  },
];

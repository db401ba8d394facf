/**
 * Control-plane faults on the Sep 2023 archive (istiod 1.20-dev, one replica, proxies 1.18–1.20):
 * istiod-unavailable and xds-push-stale.
 *
 * Sources: istiod's start-up failure with a plugged-in CA whose chain does not verify, as cobra prints it
 * (`Error: failed to create discovery service: failed to create CA: failed to create an istiod CA: failed to
 * create CA KeyCertBundle (cannot verify the cert with the provided root chain and cert pool with error: x509:
 * certificate signed by unknown authority)`, istio/istio #46855, Sep 2023, and `security/pkg/pki/util/
 * keycertbundle.go`); the lines before it are the archive's own istiod start-up (`creating CA and initializing
 * public key`, `Using istiod file format for signing ca files`) with the plugged-in branch's `Use plugged-in cert
 * at etc/cacerts/ca-key.pem` (`pilot/pkg/bootstrap/istio_ca.go`). Proxies' ADS failures: the archive's own past
 * outages (`… 15012: connect: connection refused` when istiod's Service has no ready endpoint: kube-proxy rejects).
 * Webhook failures while istiod has no endpoint: apiserver `failed calling webhook "…": failed to call webhook:
 * Post "https://istiod.istio-system.svc:443/inject?timeout=10s": no endpoints available for service "istiod"`.
 * Envoy rejecting pushed config: `gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener
 * rejected: Error adding/updating listener(s) <name>: <reason>` (Envoy `grpc_mux_impl.cc` onDiscoveryResponse;
 * public istio-proxy logs; the line number in the source path is not verified), istiod's
 * `ADS:LDS: ACK ERROR <conID> Internal:<message>` (`pilot/pkg/xds/ads.go`), `debug/syncz` keeping the last ACKed
 * nonce (istioctl shows STALE), Envoy's `envoy_listener_manager_lds_update_rejected` counter. Lua load errors as
 * Envoy's Lua filter prints them (`script load error: [string "…"]:N: … near '…'`).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { CRS_ORDER } from '../lib/klist.js';
import { envoyLine, istioLine, type LogLine } from '../lib/logs.js';
import { MINUTE, SECOND, addMs, rfc1123z, rfc3339 } from '../lib/time.js';
import { adsClosed, proxyPods } from '../lib/xds.js';
import { containerId, emitPodEvent, freePodIp, endpointsReady, failedCreates, newPodName, pod, podIP, renameInBugReportLog, rollout } from '../lib/workload.js';
import { uuid } from '../lib/rand.js';
import { secretRow } from '../lib/secrets.js';
import { istiodStartup } from '../lib/istiod.js';

const REFUSED = (ip: string): string => `connection error: desc = "transport: Error while dialing: dial tcp ${ip}:15012: connect: connection refused"`;
const NO_ENDPOINTS = 'Internal error occurred: failed calling webhook "namespace.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": no endpoints available for service "istiod"';
const CA_ERROR = 'Error: failed to create discovery service: failed to create CA: failed to create an istiod CA: failed to create CA KeyCertBundle (cannot verify the cert with the provided root chain and cert pool with error: x509: certificate signed by unknown authority)';

/**
 * The istiod pod replaced by a new one of the same ReplicaSet that crash-loops at start-up (the old one was
 * evicted by a node drain at `evictedAt`); the bug-report then holds only the new pod's crash logs (its debug
 * endpoints and metrics cannot be fetched).
 */
function istiodCrashLoop(b: Bundle, evictedAt: Date, restarts: number): K8sObject {
  const old = pod(b, 'istio-system', 'istiod-');
  const oldDir = `istio/istio-system/${old.metadata.name}`;
  const oldLog = b.archive.text(`${oldDir}/discovery.log`);
  const rsName = old.metadata.ownerReferences[0].name as string;
  const np: K8sObject = structuredClone(old);
  const name = newPodName(b, rsName);
  const created = addMs(evictedAt, b.r.int(50, 300));
  const ip = freePodIp(b, old.status.podIP);
  const node = b.k8s.all('Node').map((n) => n.metadata.name as string).find((n) => n !== old.spec.nodeName && !/master/.test(n)) ?? old.spec.nodeName;
  np.metadata = { ...np.metadata, name, uid: uuid(b.r), creationTimestamp: rfc3339(created), resourceVersion: b.nextRv() };
  for (const k of Object.keys(np.metadata.annotations ?? {})) if (k.startsWith('cni.projectcalico.org/containerID')) np.metadata.annotations[k] = b.r.hex(64);
  if (np.metadata.annotations?.['cni.projectcalico.org/podIP']) np.metadata.annotations['cni.projectcalico.org/podIP'] = `${ip}/32`;
  if (np.metadata.annotations?.['cni.projectcalico.org/podIPs']) np.metadata.annotations['cni.projectcalico.org/podIPs'] = `${ip}/32`;
  np.spec.nodeName = node;
  const lastStart = b.ago(b.r.int(40, 200) * SECOND);
  np.status = { ...np.status, podIP: ip, podIPs: [{ ip }], startTime: rfc3339(created), hostIP: np.status.hostIP };
  for (const c of np.status.conditions as any[]) {
    c.lastTransitionTime = rfc3339(addMs(created, 2 * SECOND));
    if (c.type === 'Ready' || c.type === 'ContainersReady') Object.assign(c, { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [discovery]' });
  }
  for (const cs of np.status.containerStatuses as any[]) {
    const prev = containerId(b);
    cs.containerID = prev;
    cs.ready = false;
    cs.started = false;
    cs.restartCount = restarts;
    cs.lastState = { terminated: { containerID: prev, exitCode: 1, finishedAt: rfc3339(addMs(lastStart, 70)), reason: 'Error', startedAt: rfc3339(lastStart) } };
    cs.state = { waiting: { message: `back-off 5m0s restarting failed container=discovery pod=${name}_istio-system(${np.metadata.uid})`, reason: 'CrashLoopBackOff' } };
  }
  b.k8s.remove('Pod', 'istio-system', old.metadata.name);
  b.k8s.insert(np);
  // Endpoints: the old address leaves, the new pod's is not ready.
  b.k8s.edit('Endpoints', 'istio-system', 'istiod', (ep) => {
    const text = JSON.stringify(ep).split(`"${podIP(old)}"`).join(`"${ip}"`).split(`"${old.metadata.name}"`).join(`"${name}"`).split(`"${old.metadata.uid}"`).join(`"${np.metadata.uid}"`).split(`"${old.spec.nodeName}"`).join(`"${node}"`);
    Object.assign(ep, JSON.parse(text));
    ep.metadata.resourceVersion = b.nextRv();
  });
  endpointsReady(b, np, false, created);
  b.k8s.edit('Deployment', 'istio-system', 'istiod', (d) => {
    d.status = { ...d.status, readyReplicas: undefined, availableReplicas: undefined, unavailableReplicas: 1 };
    delete d.status.readyReplicas;
    delete d.status.availableReplicas;
    for (const c of (d.status.conditions ?? []) as any[]) if (c.type === 'Available') Object.assign(c, { status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastTransitionTime: rfc3339(evictedAt), lastUpdateTime: rfc3339(evictedAt) });
    d.metadata.resourceVersion = b.nextRv();
  });
  b.k8s.edit('ReplicaSet', 'istio-system', rsName, (rs) => {
    delete rs.status.readyReplicas;
    delete rs.status.availableReplicas;
    rs.metadata.resourceVersion = b.nextRv();
  });
  // Events: the drain's eviction, the replacement, the crash loop.
  emitPodEvent(b, old, { type: 'Normal', reason: 'Killing', message: 'Stopping container discovery', first: evictedAt, last: evictedAt, count: 1, container: 'discovery' });
  b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: 'istio-system', uid: old.metadata.ownerReferences[0].uid }, source: { component: 'replicaset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
  b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'Scheduled', object: { kind: 'Pod', apiVersion: 'v1', name, namespace: 'istio-system', uid: np.metadata.uid }, source: { component: 'default-scheduler' }, message: `Successfully assigned istio-system/${name} to ${node}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
  const image = (np.spec.containers as any[])[0].image as string;
  const started = addMs(created, 2 * SECOND);
  emitPodEvent(b, np, { type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine`, first: started, last: lastStart, count: restarts + 1, container: 'discovery' });
  emitPodEvent(b, np, { type: 'Normal', reason: 'Created', message: 'Created container discovery', first: started, last: lastStart, count: restarts + 1, container: 'discovery' });
  emitPodEvent(b, np, { type: 'Normal', reason: 'Started', message: 'Started container discovery', first: started, last: lastStart, count: restarts + 1, container: 'discovery' });
  emitPodEvent(b, np, { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container discovery in pod ${name}_istio-system(${np.metadata.uid})`, first: addMs(started, 12 * SECOND), last: b.ago(b.r.int(3, 30) * SECOND), count: restarts * 6 + b.r.int(0, 5), container: 'discovery' });
  // The bug-report's istiod folder: only the logs (current and previous container) of the crash-looping pod.
  const crash = (at: Date): string => {
    const { lines, last } = istiodStartup(oldLog, at);
    return [...lines, istioLine(addMs(last, 1), b.r, 'info', undefined, 'Use plugged-in cert at etc/cacerts/ca-key.pem').text, CA_ERROR].join('\n') + '\n';
  };
  const prevStart = addMs(lastStart, -b.r.int(290, 300) * SECOND);
  const text = `========= Previous log present (appended at the end) =========\n\n${crash(lastStart)}\n\n========= Previous log =========\n\n${crash(prevStart)}`;
  const after = b.archive.list((r) => r.startsWith(oldDir + '/')).pop();
  b.archive.add(`istio/istio-system/${name}/discovery.log`, text, { like: `${oldDir}/discovery.log`, after });
  b.archive.remove(oldDir);
  renameInBugReportLog(b, old.metadata.name, name);
  // kubectl describe pods -n istio-system.
  if (b.archive.has('cluster/describe-pods')) {
    const fmt = (d: Date): string => rfc1123z(d, 8 * 60);
    let d = b.archive.text('cluster/describe-pods').split(old.metadata.name).join(name).split(podIP(old)).join(ip);
    d = d.replace(/^Start Time:( +)[^\n]+$/m, `Start Time:$1${fmt(created)}`);
    d = d.replace(/^Node:( +)[^/\n]+\//m, `Node:$1${node}/`);
    d = d.replace(/    State:          Running\n      Started:      [^\n]+\n    Ready:          True\n    Restart Count:  \d+/, `    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n      Started:      ${fmt(lastStart)}\n      Finished:     ${fmt(addMs(lastStart, 70))}\n    Ready:          False\n    Restart Count:  ${restarts}`);
    d = d.replace(/  Ready             True \n  ContainersReady   True /, '  Ready             False \n  ContainersReady   False ');
    b.archive.setText('cluster/describe-pods', d);
  }
  return np;
}

export const istiodUnavailable: Variant[] = [
  {
    name: 'istiod-unavailable/sep-crashloop-bad-cacerts',
    cause: 'istiod-unavailable',
    archive: 'sep2023',
    how: 'a `cacerts` secret (plug-in CA whose chain does not verify) created 2 days ago; a node drain 23 min ago evicted istiod and the replacement crash-loops on it: no ready istiod endpoint, every proxy\'s ADS stream refused, test/sleep rollout refused by the webhook (no endpoints)',
    build(b) {
      secretRow(b, 'istio-system', 'cacerts', 'Opaque', 4, '2d');
      const evicted = b.ago(23 * MINUTE);
      const ip = (b.k8s.get('Service', 'istio-system', 'istiod').spec.clusterIP as string);
      istiodCrashLoop(b, evicted, 9);
      for (const p of proxyPods(b)) adsClosed(b, p, addMs(evicted, b.r.int(0, 30) * SECOND), REFUSED(ip));
      const r = rollout(b, 'test', 'sleep', { at: b.ago(9 * MINUTE), create: false, replaceOld: false, restartedAt: true, change: () => {} });
      failedCreates(b, r, addMs(b.ago(9 * MINUTE), 150), b.capture, () => NO_ENDPOINTS);
    },
  },
  {
    name: 'istiod-unavailable/sep-scaled-to-zero',
    cause: 'istiod-unavailable',
    archive: 'sep2023',
    how: 'istiod Deployment scaled to 0 14 min ago (`kubectl scale`, HPA then inactive): no istiod pod in the bundle, empty Endpoints, every proxy\'s ADS stream refused, a details-v1 restart refused by the webhook',
    build(b) {
      const at = b.ago(14 * MINUTE);
      const old = pod(b, 'istio-system', 'istiod-');
      const rsName = old.metadata.ownerReferences[0].name as string;
      const ip = (b.k8s.get('Service', 'istio-system', 'istiod').spec.clusterIP as string);
      // The scale subresource changes spec.replicas and generation, not last-applied-configuration.
      b.k8s.edit('Deployment', 'istio-system', 'istiod', (d) => {
        d.spec.replicas = 0;
        d.metadata.generation += 1;
        d.metadata.resourceVersion = b.nextRv();
        d.status = { observedGeneration: d.metadata.generation, conditions: d.status.conditions };
        for (const c of (d.status.conditions ?? []) as any[]) if (c.type === 'Progressing') Object.assign(c, { lastUpdateTime: rfc3339(at) });
      });
      b.k8s.edit('ReplicaSet', 'istio-system', rsName, (rs) => {
        rs.spec.replicas = 0;
        rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
        rs.metadata.annotations = { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': '0' };
        rs.status = { observedGeneration: rs.metadata.generation, replicas: 0 };
        rs.metadata.resourceVersion = b.nextRv();
      });
      b.k8s.edit('HorizontalPodAutoscaler', 'istio-system', 'istiod', (h) => {
        h.status = { ...h.status, currentReplicas: 0, desiredReplicas: 0 };
        h.status.conditions = [{ lastTransitionTime: rfc3339(addMs(at, 15 * SECOND)), message: 'scaling is disabled since the replica count of the target is zero', reason: 'ScalingDisabled', status: 'False', type: 'ScalingActive' }];
        h.metadata.resourceVersion = b.nextRv();
      });
      b.k8s.edit('Endpoints', 'istio-system', 'istiod', (ep) => {
        delete ep.subsets;
        ep.metadata.annotations = { ...(ep.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(at) };
        ep.metadata.resourceVersion = b.nextRv();
      });
      const dep = b.k8s.get('Deployment', 'istio-system', 'istiod');
      b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'ScalingReplicaSet', object: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'istiod', namespace: 'istio-system', uid: dep.metadata.uid }, source: { component: 'deployment-controller' }, message: `Scaled down replica set ${rsName} to 0 from 1`, firstTimestamp: at, lastTimestamp: at, count: 1 });
      b.emit({ namespace: 'istio-system', type: 'Normal', reason: 'SuccessfulDelete', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: 'istio-system', uid: old.metadata.ownerReferences[0].uid }, source: { component: 'replicaset-controller' }, message: `Deleted pod: ${old.metadata.name}`, firstTimestamp: at, lastTimestamp: at, count: 1 });
      emitPodEvent(b, old, { type: 'Normal', reason: 'Killing', message: 'Stopping container discovery', first: at, last: at, count: 1, container: 'discovery' });
      b.k8s.remove('Pod', 'istio-system', old.metadata.name);
      b.archive.remove(`istio/istio-system/${old.metadata.name}`);
      renameInBugReportLog(b, old.metadata.name, undefined);
      if (b.archive.has('cluster/describe-pods')) b.archive.setText('cluster/describe-pods', '');
      for (const p of proxyPods(b)) adsClosed(b, p, addMs(at, b.r.int(0, 40) * SECOND), REFUSED(ip));
      const r = rollout(b, 'default', 'details-v1', { at: b.ago(6 * MINUTE), create: false, replaceOld: false, restartedAt: true, change: () => {} });
      failedCreates(b, r, addMs(b.ago(6 * MINUTE), 120), b.capture, () => NO_ENDPOINTS);
    },
  },
];

/**
 * Listener config Envoy rejects on every push to the selected proxies (an EnvoyFilter patch it cannot load, a port
 * it cannot bind): Envoy's rejection lines, the `lds_update_rejected` counter, istiod's ACK ERROR lines and
 * `syncz` keeping the last ACKed listener nonce. Returns the push times.
 */
export function rejectedListeners(b: Bundle, pods: K8sObject[], since: Date, listener: string, reason: string): Date[] {
  const istiodPod = pod(b, 'istio-system', 'istiod-');
  const dir = `istio/istio-system/${istiodPod.metadata.name}`;
  // istiod pushes LDS on every config change and on its 30 min connection recycling; bookinfo churn ~ every 2–6 min.
  const pushes: Date[] = [];
  for (let t = addMs(since, 800); t < b.capture; t = addMs(t, b.r.int(90, 360) * SECOND)) pushes.push(t);
  const istiodLines: LogLine[] = [];
  const sync = JSON.parse(b.archive.text(`${dir}/debug/syncz`)) as Array<Record<string, string>>;
  for (const p of pods) {
    const rel = `proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`;
    const log = b.archive.text(rel);
    const thread = Number([...log.matchAll(/envoy config [^\n]*thread=(\d+)/g)].pop()?.[1] ?? b.r.int(12, 20));
    const conn = `${p.metadata.name}.${p.metadata.namespace}-${b.r.int(60, 900)}`;
    const msg = `Error adding/updating listener(s) ${listener}: ${reason}`;
    b.log(rel, pushes.map((t) => envoyLine(addMs(t, b.r.int(3, 40)), b.r, 'warning', 'config', 'source/extensions/config_subscription/grpc/grpc_mux_impl.cc:363', `gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: ${msg}`, thread)));
    for (const t of pushes) istiodLines.push(istioLine(addMs(t, b.r.int(45, 90)), b.r, 'warn', 'ads', `ADS:LDS: ACK ERROR ${conn} Internal:${msg}`));
    const statsRel = `proxies/${p.metadata.namespace}/${p.metadata.name}/stats/prometheus`;
    if (b.archive.has(statsRel)) b.archive.setText(statsRel, b.archive.text(statsRel).replace(/^envoy_listener_manager_lds_update_rejected\{\} (\d+)$/m, (_m, n: string) => `envoy_listener_manager_lds_update_rejected{} ${Number(n) + pushes.length}`));
    const row = sync.find((s) => s.proxy === `${p.metadata.name}.${p.metadata.namespace}`);
    if (row) row.listener_sent = uuid(b.r);
  }
  b.log(`${dir}/discovery.log`, istiodLines);
  b.archive.setText(`${dir}/debug/syncz`, JSON.stringify(sync));
  return pushes;
}

export const xdsPushStale: Variant[] = [
  {
    name: 'xds-push-stale/sep-productpage-lua-envoyfilter',
    cause: 'xds-push-stale',
    archive: 'sep2023',
    how: 'an EnvoyFilter inserting a Lua filter with a syntax error into productpage\'s inbound HCM, applied 26 min ago: Envoy rejects every LDS push (lds_update_rejected), istiod logs ACK ERROR, syncz keeps the old listener nonce (STALE); productpage still serves with its last good config',
    build(b) {
      const at = b.ago(26 * MINUTE);
      const code = 'function envoy_on_request(request_handle)\n  local tenant = request_handle:headers():get("x-tenant")\n  if tenant == nil then\n    request_handle:headers():add("x-tenant", "public")\n  end\nend\nfunction envoy_on_response(response_handle)\n  response_handle:headers():add("x-served-by" "productpage")\nend\n';
      b.create(b.crs, {
        apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name: 'productpage-tenant-header', namespace: 'default' },
        spec: { workloadSelector: { labels: { app: 'productpage' } }, configPatches: [{ applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_INBOUND', listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } } }, patch: { operation: 'INSERT_BEFORE', value: { name: 'envoy.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', inlineCode: code } } } }] },
      }, at, CRS_ORDER);
      const pp = pod(b, 'default', 'productpage-v1-');
      rejectedListeners(b, [pp], at, 'virtualInbound', `script load error: [string "function envoy_on_request(request_handle)..."]:8: ')' expected near '"productpage"'`);
    },
  },
  {
    name: 'xds-push-stale/sep-gateways-unknown-filter',
    cause: 'xds-push-stale',
    archive: 'sep2023',
    how: 'an EnvoyFilter in istio-ingress adding a rate-limit filter by a name this Envoy does not register, applied 17 min ago to both ingress gateways: LDS rejected on every push, syncz STALE for the two gateways, istiod ACK ERROR lines',
    build(b) {
      const at = b.ago(17 * MINUTE);
      b.create(b.crs, {
        apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name: 'ingress-local-ratelimit', namespace: 'istio-ingress' },
        spec: { configPatches: [{ applyTo: 'HTTP_FILTER', match: { context: 'GATEWAY', listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } } }, patch: { operation: 'INSERT_BEFORE', value: { name: 'envoy.filters.http.local_rate_limit', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimits', stat_prefix: 'http_local_rate_limiter' } } } }] },
      }, at, CRS_ORDER);
      // Only gateways with an HTTP listener get the patch (argo-gateway has none).
      const gws = b.k8s.all('Pod', 'istio-ingress').filter((p) => b.archive.has(`proxies/istio-ingress/${p.metadata.name}/listeners`) && b.archive.text(`proxies/istio-ingress/${p.metadata.name}/listeners`).includes('0.0.0.0_80::'));
      rejectedListeners(b, gws, at, '0.0.0.0_80', "Didn't find a registered implementation for 'envoy.filters.http.local_rate_limit' with type URL: 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimits'");
    },
  },
];

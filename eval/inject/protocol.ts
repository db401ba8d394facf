/**
 * protocol-misdetection on the Sep 2023 archive (Istio 1.20-dev, Envoy 1.27, mesh `protocolDetectionTimeout: 0s`).
 *
 * Istio takes a port's protocol from `appProtocol`, else the port name prefix (`http`, `http2`, `grpc`, `tcp`,
 * `mysql`…), else sniffs it (an unnamed port, istioctl analyze IST0118 "Port name … doesn't follow the naming
 * convention of Istio port", `pkg/config/analysis/analyzers/service/portname.go`).
 *
 * - A port declared HTTP/2 in front of an HTTP/1.1-only app: istiod gives the inbound (and every outbound) cluster
 *   `explicit_http_config.http2_protocol_options` (`cluster_builder.go` setUpstreamProtocol), so the server's
 *   sidecar opens h2c to the app; the app answers the HTTP/2 preface with an HTTP/1.1 400 and Envoy's codec fails:
 *   `502 UPE upstream_reset_before_response_started{protocol_error}` at the server's inbound, relayed as
 *   `502 - via_upstream` by the caller's sidecar (Istio's default retry policy retries 503 only). Public faces:
 *   istio/istio#40104 and #57294 (`502 UPE upstream_reset_before_response_started{protocol_error}`; the other side
 *   of the mismatch logs `"- - HTTP/1.1" 400 DPE http1.codec_error`, #36434); Envoy's local reply body `upstream
 *   connect error or disconnect/reset before headers. reset reason: protocol error`.
 * - A server-first protocol (MySQL) on an unnamed port: the caller's sidecar sniffs the first bytes of the
 *   connection with no timeout (`protocolDetectionTimeout: 0s`), the MySQL client waits for the server's greeting,
 *   and nothing moves until the client gives up (Istio docs "Server First Protocols" and the MySQL FAQ: `Lost
 *   connection to MySQL server at 'reading initial communication packet'`). No Envoy error line exists for it; the
 *   bug-report shows IST0118 on the Service, the database pod healthy, no TCP connection in the caller's stats,
 *   and the caller's own HTTP answers turning slow (bookinfo ratings v2 with `DB_TYPE=mysql` answers
 *   `{"error":"could not connect to ratings database"}` with status 200 once its 10 s MySQL connect timeout fires,
 *   `samples/bookinfo/src/ratings/ratings.js`; reviews gives up after 2.5 s (v3, red stars) or 10 s (v2),
 *   `LibertyRestEndpoint.java`, so its sidecar logs `0 DC downstream_remote_disconnect`).
 */
import type { Variant } from '../variant.js';
import type { Bundle } from '../lib/bundle.js';
import type { K8sObject } from '../lib/klist.js';
import { K8S_RESOURCES_ORDER } from '../lib/klist.js';
import { MINUTE, SECOND, addMs, humanDuration, rfc3339 } from '../lib/time.js';
import { arrivals, countRequests, enableAccessLogs, ephemeralPort, logCalls, requestLabels } from '../lib/traffic.js';
import { requestId } from '../lib/logs.js';
import { dynamicCluster, editConfigDump, proxyPods, setClusterH2 } from '../lib/xds.js';
import { emitPodEvent, freePodIp, newPodName, newTemplateHash, podIP, rollout } from '../lib/workload.js';
import { secretRow } from '../lib/secrets.js';
import { bookinfo, serviceIp, PRODUCTPAGE_UA, type Peer } from './common.js';

const PROTOCOL_ERROR_BODY = 'upstream connect error or disconnect/reset before headers. reset reason: protocol error';

/** `kubectl apply` of a Service port change, and what the endpoints controllers copy of it (port names). */
function renamePort(b: Bundle, ns: string, service: string, from: string, to: string): void {
  b.apply(b.k8s, 'Service', ns, service, (s) => {
    for (const p of (s.spec?.ports ?? []) as any[]) if (p.name === from) p.name = to;
  });
  b.k8s.edit('Endpoints', ns, service, (ep) => {
    for (const s of (ep.subsets ?? []) as any[]) for (const p of (s.ports ?? []) as any[]) if (p.name === from) p.name = to;
    ep.metadata.resourceVersion = b.nextRv();
  });
  for (const i of b.k8s.indices((o) => o.kind === 'EndpointSlice' && o.metadata.namespace === ns && o.metadata.labels?.['kubernetes.io/service-name'] === service)) {
    b.k8s.update(i, (sl) => {
      for (const p of (sl.ports ?? []) as any[]) if (p.name === from) p.name = to;
      sl.metadata.generation = (sl.metadata.generation ?? 1) + 1;
      sl.metadata.resourceVersion = b.nextRv();
    });
  }
}

/** Calls from `client` to `server` with what each sidecar logged and counted. */
function calls(b: Bundle, client: Peer, server: Peer, o: {
  times: Date[]; path: string; userAgent: string; service: string; port: number; targetPort: number; upstreamProtocol: string;
  client: { code: number; flags: string; details: string; bytesOut: number; durationMs: () => number; upstreamMs?: () => number | undefined };
  server?: { code: number; flags: string; details: string; bytesOut: number; durationMs: () => number };
  accessLogsFrom?: Date;
}): void {
  const ns = server.pod.metadata.namespace!;
  const host = `${o.service}.${ns}.svc.cluster.local`;
  const logged = o.accessLogsFrom ? o.times.filter((t) => t >= o.accessLogsFrom!) : [];
  const clientIp = podIP(client.pod);
  // The caller's sidecar sets x-request-id; the server's sidecar logs the same id.
  const ids = logged.map(() => requestId(b.r));
  let k = 0;
  logCalls(b, client.pod, logged, () => {
    const rid = ids[k++]!;
    return {
      method: 'GET', path: o.path, code: o.client.code, flags: o.client.flags, details: o.client.details, bytesOut: o.client.bytesOut, durationMs: o.client.durationMs(), upstreamMs: o.client.upstreamMs?.(),
      userAgent: o.userAgent, requestId: rid, authority: `${o.service}:${o.port}`, upstreamHost: `${podIP(server.pod)}:${o.targetPort}`, upstreamCluster: `outbound|${o.port}||${host}`,
      upstreamLocal: `${clientIp}:${ephemeralPort(b)}`, downstreamLocal: `${serviceIp(b, ns, o.service)}:${o.port}`, downstreamRemote: `${clientIp}:${ephemeralPort(b)}`, route: 'default',
    };
  });
  const seen = o.server;
  if (seen) {
    let j = 0;
    logCalls(b, server.pod, logged.map((t) => addMs(t, 1)), () => ({
      method: 'GET', path: o.path, protocol: o.upstreamProtocol, code: seen.code, flags: seen.flags, details: seen.details, bytesOut: seen.bytesOut, durationMs: seen.durationMs(),
      userAgent: o.userAgent, requestId: ids[j++], authority: `${o.service}:${o.port}`, upstreamHost: `${podIP(server.pod)}:${o.targetPort}`, upstreamCluster: `inbound|${o.targetPort}||`,
      upstreamLocal: `127.0.0.6:${ephemeralPort(b)}`, downstreamLocal: `${podIP(server.pod)}:${o.targetPort}`, downstreamRemote: `${clientIp}:${ephemeralPort(b)}`,
      sni: `outbound_.${o.port}_._.${host}`, route: 'default',
    }));
  }
  const src = { workload: client.workload, ns: client.pod.metadata.namespace!, sa: client.sa, app: client.app, version: client.version };
  const dst = { workload: server.workload, ns, sa: server.sa, app: server.app, version: server.version, service: o.service };
  countRequests(b, client.pod, requestLabels({ reporter: 'source', src, dst, code: o.client.code, flags: o.client.flags, mtls: true }), o.times.length);
  if (seen) countRequests(b, server.pod, requestLabels({ reporter: 'destination', src, dst, code: seen.code, flags: seen.flags, mtls: true }), o.times.length);
}

/**
 * A Deployment applied from a hand-written manifest for a workload kept out of the mesh (`sidecar.istio.io/inject:
 * "false"`), as the API server, the controllers and kubelet leave it: the objects are cloned from a running
 * bookinfo workload (for the defaults the API server fills in) with the injector's additions removed. Returns the
 * pod.
 */
function plainWorkload(b: Bundle, o: { ns: string; like: string; name: string; labels: Record<string, string>; container: any; volumes: any[]; at: Date; pullMs: number }): K8sObject {
  const likeDep = b.k8s.get('Deployment', o.ns, o.like);
  const likeRs = b.k8s.all('ReplicaSet', o.ns).find((r) => r.metadata.ownerReferences?.[0]?.uid === likeDep.metadata.uid && (r.spec.replicas ?? 0) > 0)!;
  const likePod = b.k8s.all('Pod', o.ns).find((x) => x.metadata.ownerReferences?.[0]?.uid === likeRs.metadata.uid)!;
  const manifest = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { annotations: {}, labels: o.labels, name: o.name, namespace: o.ns },
    spec: { replicas: 1, selector: { matchLabels: o.labels }, template: { metadata: { annotations: { 'sidecar.istio.io/inject': 'false' }, labels: o.labels }, spec: { containers: [o.container], volumes: o.volumes } } },
  };
  const defaulted = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {}, ...o.container, ports: (o.container.ports ?? []).map((p: any) => ({ protocol: 'TCP', ...p })) };
  const template = { metadata: { annotations: { 'sidecar.istio.io/inject': 'false' }, creationTimestamp: null, labels: o.labels }, spec: { ...structuredClone(likeDep.spec.template.spec), containers: [defaulted], volumes: o.volumes, serviceAccount: undefined, serviceAccountName: undefined } };
  delete template.spec.serviceAccount;
  delete template.spec.serviceAccountName;
  const hash = newTemplateHash(b);
  const depUid = b.uid();
  const rsName = `${o.name}-${hash}`;
  const ready = addMs(o.at, o.pullMs + b.r.int(1500, 4000));
  const dep: K8sObject = {
    ...structuredClone(likeDep),
    metadata: { annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(manifest) + '\n' }, creationTimestamp: rfc3339(o.at), generation: 1, labels: o.labels, name: o.name, namespace: o.ns, resourceVersion: b.nextRv(), uid: depUid },
    spec: { ...structuredClone(likeDep.spec), replicas: 1, selector: { matchLabels: o.labels }, template },
    status: {
      availableReplicas: 1,
      conditions: [
        { lastTransitionTime: rfc3339(ready), lastUpdateTime: rfc3339(ready), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
        { lastTransitionTime: rfc3339(o.at), lastUpdateTime: rfc3339(ready), message: `ReplicaSet "${rsName}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
      ],
      observedGeneration: 1, readyReplicas: 1, replicas: 1, updatedReplicas: 1,
    },
  };
  b.k8s.insert(dep);
  const rsUid = b.uid();
  const rs: K8sObject = {
    ...structuredClone(likeRs),
    metadata: { annotations: { 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2', 'deployment.kubernetes.io/revision': '1' }, creationTimestamp: rfc3339(o.at), generation: 1, labels: { ...o.labels, 'pod-template-hash': hash }, name: rsName, namespace: o.ns, ownerReferences: [{ ...likeRs.metadata.ownerReferences[0], name: o.name, uid: depUid }], resourceVersion: b.nextRv(), uid: rsUid },
    spec: { replicas: 1, selector: { matchLabels: { ...o.labels, 'pod-template-hash': hash } }, template: { ...structuredClone(template), metadata: { ...structuredClone(template.metadata), labels: { ...o.labels, 'pod-template-hash': hash } } } },
    status: { availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1, readyReplicas: 1, replicas: 1 },
  };
  b.k8s.insert(rs);
  const name = newPodName(b, rsName);
  const created = addMs(o.at, b.r.int(20, 300));
  const started = addMs(created, o.pullMs + b.r.int(900, 1500));
  const ip = freePodIp(b, podIP(likePod));
  const token = likePod.spec.volumes.find((v: any) => v.name.startsWith('kube-api-access-'));
  const tokenName = `kube-api-access-${b.r.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
  const podSpec = { ...structuredClone(likePod.spec), containers: [{ ...defaulted, volumeMounts: [...(defaulted.volumeMounts ?? []), { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: tokenName, readOnly: true }] }], volumes: [...o.volumes, { ...structuredClone(token), name: tokenName }], serviceAccount: 'default', serviceAccountName: 'default' };
  delete podSpec.initContainers;
  const image = o.container.image as string;
  const pod: K8sObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      annotations: { 'cni.projectcalico.org/containerID': b.r.hex(64), 'cni.projectcalico.org/podIP': `${ip}/32`, 'cni.projectcalico.org/podIPs': `${ip}/32`, 'sidecar.istio.io/inject': 'false' },
      creationTimestamp: rfc3339(created), generateName: `${rsName}-`, labels: { ...o.labels, 'pod-template-hash': hash }, name, namespace: o.ns,
      ownerReferences: [{ ...likePod.metadata.ownerReferences[0], name: rsName, uid: rsUid }], resourceVersion: b.nextRv(), uid: b.uid(),
    },
    spec: podSpec,
    status: {
      conditions: [
        { lastProbeTime: null, lastTransitionTime: rfc3339(created), status: 'True', type: 'Initialized' },
        { lastProbeTime: null, lastTransitionTime: rfc3339(started), status: 'True', type: 'Ready' },
        { lastProbeTime: null, lastTransitionTime: rfc3339(started), status: 'True', type: 'ContainersReady' },
        { lastProbeTime: null, lastTransitionTime: rfc3339(created), status: 'True', type: 'PodScheduled' },
      ],
      containerStatuses: [{ containerID: 'containerd://' + b.r.hex(64), image, imageID: `${image.replace(/:[^:/]+$/, '')}@sha256:${b.r.hex(64)}`, lastState: {}, name: o.container.name, ready: true, restartCount: 0, started: true, state: { running: { startedAt: rfc3339(started) } } }],
      hostIP: likePod.status.hostIP, phase: 'Running', podIP: ip, podIPs: [{ ip }], qosClass: 'BestEffort', startTime: rfc3339(created),
    },
  };
  b.k8s.insert(pod);
  const ns = o.ns;
  b.emit({ namespace: ns, type: 'Normal', reason: 'ScalingReplicaSet', object: { kind: 'Deployment', apiVersion: 'apps/v1', name: o.name, namespace: ns, uid: depUid }, source: { component: 'deployment-controller' }, message: `Scaled up replica set ${rsName} to 1`, firstTimestamp: o.at, lastTimestamp: o.at, count: 1 });
  b.emit({ namespace: ns, type: 'Normal', reason: 'SuccessfulCreate', object: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: rsName, namespace: ns, uid: rsUid }, source: { component: 'replicaset-controller' }, message: `Created pod: ${name}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
  b.emit({ namespace: ns, type: 'Normal', reason: 'Scheduled', object: { kind: 'Pod', apiVersion: 'v1', name, namespace: ns, uid: pod.metadata.uid }, source: { component: 'default-scheduler' }, message: `Successfully assigned ${ns}/${name} to ${pod.spec.nodeName}`, firstTimestamp: created, lastTimestamp: created, count: 1 });
  const pullStart = addMs(created, b.r.int(600, 900));
  const pulled = addMs(pullStart, o.pullMs);
  const secs = (o.pullMs / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  emitPodEvent(b, pod, { type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"`, first: pullStart, last: pullStart, count: 1, container: o.container.name });
  emitPodEvent(b, pod, { type: 'Normal', reason: 'Pulled', message: `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting)`, first: pulled, last: pulled, count: 1, container: o.container.name });
  emitPodEvent(b, pod, { type: 'Normal', reason: 'Created', message: `Created container ${o.container.name}`, first: pulled, last: pulled, count: 1, container: o.container.name });
  emitPodEvent(b, pod, { type: 'Normal', reason: 'Started', message: `Started container ${o.container.name}`, first: started, last: started, count: 1, container: o.container.name });
  return pod;
}

/** A Service applied from a manifest, with the Endpoints and EndpointSlice the controllers make for its pod. */
function plainService(b: Bundle, ns: string, name: string, labels: Record<string, string>, ports: any[], target: K8sObject, at: Date): void {
  const manifest = { apiVersion: 'v1', kind: 'Service', metadata: { annotations: {}, labels, name, namespace: ns }, spec: { ports, selector: { app: labels.app } } };
  const ip = `10.${b.r.int(96, 111)}.${b.r.int(0, 255)}.${b.r.int(2, 254)}`;
  const svcUid = b.uid();
  const full = ports.map((p) => ({ ...p, protocol: 'TCP', targetPort: p.port }));
  b.k8s.insert({
    apiVersion: 'v1', kind: 'Service',
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(manifest) + '\n' }, creationTimestamp: rfc3339(at), labels, name, namespace: ns, resourceVersion: b.nextRv(), uid: svcUid },
    spec: { clusterIP: ip, clusterIPs: [ip], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: full, selector: { app: labels.app }, sessionAffinity: 'None', type: 'ClusterIP' },
    status: { loadBalancer: {} },
  }, K8S_RESOURCES_ORDER);
  const ready = new Date((target.status.conditions as any[]).find((c) => c.type === 'Ready').lastTransitionTime);
  const ref = { kind: 'Pod', name: target.metadata.name, namespace: ns, uid: target.metadata.uid };
  b.k8s.insert({
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(ready) }, creationTimestamp: rfc3339(at), labels, name, namespace: ns, resourceVersion: b.nextRv(), uid: b.uid() },
    subsets: [{ addresses: [{ ip: podIP(target), nodeName: target.spec.nodeName, targetRef: ref }], ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: 'TCP' })) }],
  }, K8S_RESOURCES_ORDER);
  b.k8s.insert({
    addressType: 'IPv4', apiVersion: 'discovery.k8s.io/v1',
    endpoints: [{ addresses: [podIP(target)], conditions: { ready: true, serving: true, terminating: false }, nodeName: target.spec.nodeName, targetRef: ref }],
    kind: 'EndpointSlice',
    metadata: {
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(ready) }, creationTimestamp: rfc3339(at), generateName: `${name}-`, generation: 2,
      labels: { ...labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
      name: `${name}-${b.r.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`, namespace: ns,
      ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name, uid: svcUid }], resourceVersion: b.nextRv(), uid: b.uid(),
    },
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: 'TCP' })),
  }, K8S_RESOURCES_ORDER);
}

export const protocolMisdetection: Variant[] = [
  {
    name: 'protocol-misdetection/sep-details-port-renamed-http2',
    cause: 'protocol-misdetection',
    archive: 'sep2023',
    how: 'details Service port renamed `http` → `http2` (kubectl apply, "HTTP/2 between sidecars") 21 min ago; the Ruby WEBrick app speaks HTTP/1.1 only: details inbound `502 UPE upstream_reset_before_response_started{protocol_error}`, productpage gets `502 - via_upstream`; every sidecar\'s details cluster now carries http2_protocol_options; access logs on since 47 min (successful calls before the change)',
    build(b) {
      const p = bookinfo(b);
      const logsOn = b.ago(47 * MINUTE);
      enableAccessLogs(b, logsOn);
      const changed = b.ago(21 * MINUTE);
      renamePort(b, 'default', 'details', 'http', 'http2');
      // istiod pushes the new cluster to every sidecar within seconds (CDS); the dumps show it.
      const pushed = addMs(changed, b.r.int(900, 2500));
      for (const px of proxyPods(b)) {
        editConfigDump(b, px, (dump) => {
          const version = `${rfc3339(addMs(pushed, -200))}/${b.r.int(40, 90)}`;
          const out = dynamicCluster(dump, 'outbound|9080||details.default.svc.cluster.local');
          if (out) setClusterH2(out, version, addMs(pushed, b.r.int(0, 400)));
          if (px === p.details.pod) {
            const inb = dynamicCluster(dump, 'inbound|9080||');
            if (inb) setClusterH2(inb, version, addMs(pushed, b.r.int(0, 400)));
          }
        });
      }
      const base = { path: '/details/0', userAgent: PRODUCTPAGE_UA, service: 'details', port: 9080, targetPort: 9080, accessLogsFrom: logsOn };
      calls(b, p.productpage, p.details, {
        ...base, times: arrivals(b, addMs(logsOn, 40 * SECOND), pushed, 8), upstreamProtocol: 'HTTP/1.1',
        client: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 178, durationMs: () => b.r.int(3, 9), upstreamMs: () => b.r.int(2, 7) },
        server: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 178, durationMs: () => b.r.int(1, 5) },
      });
      calls(b, p.productpage, p.details, {
        ...base, times: arrivals(b, addMs(pushed, 300), b.ago(2 * SECOND), 8), upstreamProtocol: 'HTTP/2',
        client: { code: 502, flags: '-', details: 'via_upstream', bytesOut: PROTOCOL_ERROR_BODY.length, durationMs: () => b.r.int(2, 6), upstreamMs: () => b.r.int(1, 4) },
        server: { code: 502, flags: 'UPE', details: 'upstream_reset_before_response_started{protocol_error}', bytesOut: PROTOCOL_ERROR_BODY.length, durationMs: () => b.r.int(1, 3) },
      });
    },
  },
  {
    name: 'protocol-misdetection/sep-ratings-mysql-unnamed-port',
    cause: 'protocol-misdetection',
    archive: 'sep2023',
    how: 'bookinfo ratings moved to MySQL 34 min ago: a hand-written `mysqldb` Service with an unnamed port 3307 (IST0118; mysqld started with --port=3307 — Istio treats an unnamed 3306 as TCP, pkg/config/kube/conversion.go wellKnownPorts, so only another port is sniffed) in front of a MySQL pod kept out of the mesh, ratings-v1 rolled out with the ratings v2 image and DB_TYPE=mysql; its sidecar sniffs the server-first connection forever (protocolDetectionTimeout 0s): ratings answers after its 10 s MySQL timeout, reviews-v3 gives up at 2.5 s and productpage at 3 s (0 DC); no Envoy error line; access logs on for the last 12 min',
    build(b) {
      const p = bookinfo(b);
      const at = b.ago(34 * MINUTE);
      secretRow(b, 'default', 'mysql-credentials', 'Opaque', 1, humanDuration(b.eventsPrintedAt.getTime() - at.getTime()));
      const labels = { app: 'mysqldb', version: 'v1' };
      const db = plainWorkload(b, {
        ns: 'default', like: 'ratings-v1', name: 'mysqldb-v1', labels, at: addMs(at, 2 * SECOND), pullMs: b.r.int(9000, 21000),
        container: { args: ['--default-authentication-plugin', 'mysql_native_password', '--port=3307'], env: [{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { key: 'rootpasswd', name: 'mysql-credentials' } } }], image: 'docker.io/istio/examples-bookinfo-mysqldb:1.18.0', imagePullPolicy: 'IfNotPresent', name: 'mysqldb', ports: [{ containerPort: 3307 }], volumeMounts: [{ mountPath: '/var/lib/mysql', name: 'var-lib-mysql' }] },
        volumes: [{ emptyDir: {}, name: 'var-lib-mysql' }],
      });
      plainService(b, 'default', 'mysqldb', { app: 'mysqldb', service: 'mysqldb' }, [{ port: 3307 }], db, at);
      b.analyze(['Info [IST0118] (Service default/mysqldb) Port name  (port: 3307, targetPort: 3307) doesn\'t follow the naming convention of Istio port.']);
      // ratings switched to the MySQL-backed build (the v2 image reads DB_TYPE).
      const env = [{ name: 'DB_TYPE', value: 'mysql' }, { name: 'MYSQL_DB_HOST', value: 'mysqldb' }, { name: 'MYSQL_DB_PORT', value: '3307' }, { name: 'MYSQL_DB_USER', value: 'root' }, { name: 'MYSQL_DB_PASSWORD', value: 'password' }];
      const image = 'docker.io/istio/examples-bookinfo-ratings-v2:1.18.0';
      const r = rollout(b, 'default', 'ratings-v1', {
        at: b.ago(27 * MINUTE), create: true, replaceOld: true,
        change: (t) => { for (const c of (t.spec?.containers ?? []) as any[]) if (c.name === 'ratings') Object.assign(c, { image, env }); },
        podState: (np) => { for (const cs of np.status.containerStatuses as any[]) if (cs.name === 'ratings') Object.assign(cs, { image, imageID: `docker.io/istio/examples-bookinfo-ratings-v2@sha256:${b.r.hex(64)}` }); },
      });
      const ratings: Peer = { ...p.ratings, pod: r.newPods[0]! };
      const from = addMs(new Date(ratings.pod.metadata.creationTimestamp), 30 * SECOND);
      const logsOn = b.ago(12 * MINUTE);
      enableAccessLogs(b, logsOn);
      // productpage → reviews at ~9/min, spread over the three versions; v2 and v3 call ratings.
      const times = arrivals(b, from, b.ago(11 * SECOND), 9);
      const byVersion: Record<'v1' | 'v2' | 'v3', Date[]> = { v1: [], v2: [], v3: [] };
      for (const t of times) byVersion[b.r.pick(['v1', 'v2', 'v3'] as const)].push(t);
      const base = { path: '/reviews/0', userAgent: PRODUCTPAGE_UA, service: 'reviews', port: 9080, targetPort: 9080, upstreamProtocol: 'HTTP/1.1', accessLogsFrom: logsOn };
      const dc = { code: 0, flags: 'DC', details: 'downstream_remote_disconnect', bytesOut: 0 };
      calls(b, p.productpage, p.reviewsV1, { ...base, times: byVersion.v1, client: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 358, durationMs: () => b.r.int(12, 40), upstreamMs: () => b.r.int(10, 35) }, server: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 358, durationMs: () => b.r.int(9, 33) } });
      calls(b, p.productpage, p.reviewsV2, { ...base, times: byVersion.v2, client: { ...dc, durationMs: () => 3000 + b.r.int(0, 4) }, server: { ...dc, durationMs: () => 2999 + b.r.int(0, 4) } });
      calls(b, p.productpage, p.reviewsV3, { ...base, times: byVersion.v3, client: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 375, durationMs: () => 2510 + b.r.int(0, 30), upstreamMs: () => 2508 + b.r.int(0, 28) }, server: { code: 200, flags: '-', details: 'via_upstream', bytesOut: 375, durationMs: () => 2506 + b.r.int(0, 28) } });
      const toRatings = { path: '/ratings/0', userAgent: 'Apache-CXF/3.1.18', service: 'ratings', port: 9080, targetPort: 9080, upstreamProtocol: 'HTTP/1.1', accessLogsFrom: logsOn };
      calls(b, p.reviewsV2, ratings, { ...toRatings, times: byVersion.v2.map((t) => addMs(t, b.r.int(4, 9))), client: { ...dc, durationMs: () => 10000 + b.r.int(0, 6) }, server: { ...dc, durationMs: () => 9998 + b.r.int(0, 6) } });
      calls(b, p.reviewsV3, ratings, { ...toRatings, times: byVersion.v3.map((t) => addMs(t, b.r.int(4, 9))), client: { ...dc, durationMs: () => 2500 + b.r.int(0, 6) }, server: { ...dc, durationMs: () => 2498 + b.r.int(0, 6) } });
    },
  },
];


/**
 * The synthetic mesh behind `scripts/gen-bundle.ts`: namespaces, services, pods and their IPs, drawn from a
 * seeded PRNG so that a bundle is the same bytes for the same seed. Also the Kubernetes side of the bundle:
 * the `cluster/k8s-resources`, `cluster/pods`, `cluster/crs` Lists in `kubectl get -o yaml` layout, the
 * `cluster/events` table (`kubectl get events -A -o wide`) and the `cluster/secrets` table (names only, as
 * istioctl bug-report writes it).
 *
 * The planted incident: service `SUBSET_SVC` is routed by its VirtualService to subset `v3`, which its
 * DestinationRule defines but no pod carries (callers log `503 UH`), and service `REFUSED_SVC` refuses
 * connections (callers log `503 UF`).
 */

/** The samples' seeded PRNG (mulberry32): the same seed gives the same bundle, byte for byte. */
import { rng as prng } from '../samples/generators/lib.js';

export { prng };

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const hex = (r: Rand, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};
export const uuid = (r: Rand): string => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;

export interface Service {
  ns: string;
  name: string;
  port: number;
  clusterIP: string;
}

export interface Pod {
  ns: string;
  name: string;
  app: string;
  version: string;
  ip: string;
  node: string;
  rsHash: string;
  uid: string;
}

export interface World {
  seed: number;
  /** Capture time (RFC3339) and its epoch ms: the newest time in the bundle. */
  capturedAt: string;
  capturedMs: number;
  namespaces: string[];
  services: Service[];
  pods: Pod[];
  istiod: Pod;
  nodes: string[];
}

export const NAMESPACES = 20;
export const SERVICES_PER_NS = 10;
export const SUBSET_SVC = 'svc-03-4';
export const REFUSED_SVC = 'svc-07-2';
const CAPTURED_AT = '2026-03-10T12:00:00Z';

/** The mesh: 20 namespaces × 10 services, one sidecar-injected pod each (200 proxies), one istiod. */
export function buildWorld(seed: number): World {
  const r = prng(seed);
  const nodes = Array.from({ length: 12 }, (_, i) => `node-${String(i).padStart(2, '0')}.example.internal`);
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `ns-${String(i).padStart(2, '0')}`);
  const services: Service[] = [];
  const pods: Pod[] = [];
  namespaces.forEach((ns, ni) => {
    for (let s = 0; s < SERVICES_PER_NS; s++) {
      const name = `svc-${String(ni).padStart(2, '0')}-${s}`;
      services.push({ ns, name, port: pick(r, [8080, 9080, 5000, 3000]), clusterIP: `10.96.${ni}.${10 + s}` });
      const rsHash = hex(r, 10);
      pods.push({ ns, name: `${name}-v1-${rsHash}-${hex(r, 5)}`, app: name, version: 'v1', ip: `10.244.${ni}.${20 + s}`, node: pick(r, nodes), rsHash, uid: uuid(r) });
    }
  });
  const istiod: Pod = { ns: 'istio-system', name: `istiod-7d4f9c6b8-${hex(r, 5)}`, app: 'istiod', version: '', ip: '10.244.99.2', node: nodes[0]!, rsHash: '7d4f9c6b8', uid: uuid(r) };
  return { seed, capturedAt: CAPTURED_AT, capturedMs: Date.parse(CAPTURED_AT), namespaces, services, pods, istiod, nodes };
}

export function fqdn(s: Service): string {
  return `${s.name}.${s.ns}.svc.cluster.local`;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A `kind: List` document around already-indented `- ` items. */
function list(items: string[]): string {
  return `apiVersion: v1\nitems:\n${items.join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
}

function meta(name: string, ns: string | undefined, created: string, uid: string, extra = ''): string {
  return `  metadata:\n    creationTimestamp: "${created}"\n${extra}    name: ${name}\n${ns ? `    namespace: ${ns}\n` : ''}    resourceVersion: "${uid.length * 7919}"\n    uid: ${uid}\n`;
}

function podYaml(w: World, p: Pod, r: Rand): string {
  const created = iso(w.capturedMs - int(r, 2, 30) * 86_400_000);
  const svc = w.services.find((s) => s.name === p.app);
  const port = svc?.port ?? 15010;
  const labels = `    labels:\n      app: ${p.app}\n      pod-template-hash: ${p.rsHash}\n      security.istio.io/tlsMode: istio\n      service.istio.io/canonical-name: ${p.app}\n      service.istio.io/canonical-revision: ${p.version || 'latest'}\n${p.version ? `      version: ${p.version}\n` : ''}`;
  const ann = `    annotations:\n      istio.io/rev: default\n      kubectl.kubernetes.io/default-container: ${p.app}\n      prometheus.io/path: /stats/prometheus\n      prometheus.io/port: "15020"\n      sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}'\n    generateName: ${p.app}-${p.version || 'x'}-${p.rsHash}-\n`;
  const owner = `    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: ReplicaSet\n      name: ${p.app}-${p.version || 'x'}-${p.rsHash}\n      uid: ${uuid(r)}\n`;
  const env = ['PILOT_CERT_PROVIDER', 'CA_ADDR', 'POD_NAME', 'POD_NAMESPACE', 'INSTANCE_IP', 'SERVICE_ACCOUNT', 'HOST_IP', 'ISTIO_CPU_LIMIT', 'PROXY_CONFIG', 'ISTIO_META_POD_PORTS', 'ISTIO_META_APP_CONTAINERS', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_NODE_NAME', 'ISTIO_META_INTERCEPTION_MODE', 'ISTIO_META_WORKLOAD_NAME', 'ISTIO_META_OWNER', 'ISTIO_META_MESH_ID', 'TRUST_DOMAIN']
    .map((n) => `      - name: ${n}\n        value: ${n === 'CA_ADDR' ? 'istiod.istio-system.svc:15012' : n === 'ISTIO_META_POD_PORTS' ? `'[{"containerPort":${port},"protocol":"TCP"}]'` : `"${n.toLowerCase().replace(/_/g, '-')}"`}\n`).join('');
  const spec = `  spec:\n    containers:\n    - image: registry.example.com/${p.app}:1.${int(r, 0, 9)}.${int(r, 0, 20)}\n      imagePullPolicy: IfNotPresent\n      name: ${p.app}\n      ports:\n      - containerPort: ${port}\n        protocol: TCP\n      resources:\n        limits:\n          cpu: 500m\n          memory: 512Mi\n        requests:\n          cpu: 100m\n          memory: 128Mi\n      terminationMessagePath: /dev/termination-log\n      terminationMessagePolicy: File\n    - args:\n      - proxy\n      - sidecar\n      - --domain\n      - $(POD_NAMESPACE).svc.cluster.local\n      - --proxyLogLevel=warning\n      - --proxyComponentLogLevel=misc:error\n      - --log_output_level=default:info\n      env:\n${env}      image: docker.io/istio/proxyv2:1.24.2\n      imagePullPolicy: IfNotPresent\n      name: istio-proxy\n      ports:\n      - containerPort: 15090\n        name: http-envoy-prom\n        protocol: TCP\n      readinessProbe:\n        failureThreshold: 4\n        httpGet:\n          path: /healthz/ready\n          port: 15021\n          scheme: HTTP\n        periodSeconds: 15\n        timeoutSeconds: 3\n      resources:\n        limits:\n          cpu: "2"\n          memory: 1Gi\n        requests:\n          cpu: 100m\n          memory: 128Mi\n      securityContext:\n        allowPrivilegeEscalation: false\n        privileged: false\n        readOnlyRootFilesystem: true\n        runAsGroup: 1337\n        runAsNonRoot: true\n        runAsUser: 1337\n    dnsPolicy: ClusterFirst\n    nodeName: ${p.node}\n    restartPolicy: Always\n    serviceAccountName: ${p.app}\n    terminationGracePeriodSeconds: 30\n`;
  const started = iso(Date.parse(created) + 9000);
  const status = `  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: "${started}"\n      status: "True"\n      type: Ready\n    containerStatuses:\n    - containerID: containerd://${hex(r, 64)}\n      image: registry.example.com/${p.app}:1.0.0\n      name: ${p.app}\n      ready: true\n      restartCount: 0\n      started: true\n      state:\n        running:\n          startedAt: "${started}"\n    - containerID: containerd://${hex(r, 64)}\n      image: docker.io/istio/proxyv2:1.24.2\n      name: istio-proxy\n      ready: true\n      restartCount: 0\n      started: true\n      state:\n        running:\n          startedAt: "${started}"\n    hostIP: 172.18.0.${int(r, 2, 14)}\n    phase: Running\n    podIP: ${p.ip}\n    podIPs:\n    - ip: ${p.ip}\n    qosClass: Burstable\n    startTime: "${created}"\n`;
  return `- apiVersion: v1\n  kind: Pod\n${meta(p.name, p.ns, created, p.uid, ann + labels + owner)}${spec}${status}`;
}

/** `cluster/k8s-resources` (namespaces, deployments, replicasets, services, endpoints, service accounts, config maps, pods) and `cluster/pods`. */
export function k8sResources(w: World): { resources: string; pods: string; count: number } {
  const r = prng(w.seed + 1);
  const items: string[] = [];
  const created = iso(w.capturedMs - 40 * 86_400_000);
  for (const ns of [...w.namespaces, 'istio-system']) {
    items.push(`- apiVersion: v1\n  kind: Namespace\n${meta(ns, undefined, created, uuid(r), ns === 'istio-system' ? '' : '    labels:\n      istio-injection: enabled\n')}  spec:\n    finalizers:\n    - kubernetes\n  status:\n    phase: Active\n`);
  }
  for (const s of w.services) {
    items.push(`- apiVersion: apps/v1\n  kind: Deployment\n${meta(`${s.name}-v1`, s.ns, created, uuid(r), `    labels:\n      app: ${s.name}\n`)}  spec:\n    replicas: 1\n    selector:\n      matchLabels:\n        app: ${s.name}\n        version: v1\n    template:\n      metadata:\n        labels:\n          app: ${s.name}\n          version: v1\n      spec:\n        containers:\n        - image: registry.example.com/${s.name}:1.0.0\n          name: ${s.name}\n          ports:\n          - containerPort: ${s.port}\n        serviceAccountName: ${s.name}\n  status:\n    availableReplicas: 1\n    readyReplicas: 1\n    replicas: 1\n`);
    items.push(`- apiVersion: v1\n  kind: Service\n${meta(s.name, s.ns, created, uuid(r), `    labels:\n      app: ${s.name}\n`)}  spec:\n    clusterIP: ${s.clusterIP}\n    clusterIPs:\n    - ${s.clusterIP}\n    ports:\n    - name: http\n      port: ${s.port}\n      protocol: TCP\n      targetPort: ${s.port}\n    selector:\n      app: ${s.name}\n    type: ClusterIP\n  status:\n    loadBalancer: {}\n`);
    const pod = w.pods.find((p) => p.app === s.name)!;
    items.push(`- apiVersion: v1\n  kind: Endpoints\n${meta(s.name, s.ns, created, uuid(r))}  subsets:\n  - addresses:\n    - ip: ${pod.ip}\n      nodeName: ${pod.node}\n      targetRef:\n        kind: Pod\n        name: ${pod.name}\n        namespace: ${s.ns}\n    ports:\n    - name: http\n      port: ${s.port}\n      protocol: TCP\n`);
    items.push(`- addressType: IPv4\n  apiVersion: discovery.k8s.io/v1\n  endpoints:\n  - addresses:\n    - ${pod.ip}\n    conditions:\n      ready: true\n      serving: true\n      terminating: false\n    nodeName: ${pod.node}\n    targetRef:\n      kind: Pod\n      name: ${pod.name}\n      namespace: ${s.ns}\n  kind: EndpointSlice\n${meta(`${s.name}-${hex(r, 5)}`, s.ns, created, uuid(r), `    labels:\n      kubernetes.io/service-name: ${s.name}\n`)}  ports:\n  - name: http\n    port: ${s.port}\n    protocol: TCP\n`);
    items.push(`- apiVersion: autoscaling/v2\n  kind: HorizontalPodAutoscaler\n${meta(`${s.name}-v1`, s.ns, created, uuid(r))}  spec:\n    maxReplicas: 5\n    metrics:\n    - resource:\n        name: cpu\n        target:\n          averageUtilization: 80\n          type: Utilization\n      type: Resource\n    minReplicas: 1\n    scaleTargetRef:\n      apiVersion: apps/v1\n      kind: Deployment\n      name: ${s.name}-v1\n`);
    items.push(`- apiVersion: v1\n  kind: ServiceAccount\n${meta(s.name, s.ns, created, uuid(r))}`);
    items.push(`- apiVersion: apps/v1\n  kind: ReplicaSet\n${meta(`${s.name}-v1-${pod.rsHash}`, s.ns, created, uuid(r), `    labels:\n      app: ${s.name}\n      pod-template-hash: ${pod.rsHash}\n`)}  spec:\n    replicas: 1\n    selector:\n      matchLabels:\n        app: ${s.name}\n  status:\n    readyReplicas: 1\n    replicas: 1\n`);
    items.push(`- apiVersion: v1\n  kind: ConfigMap\n${meta(`${s.name}-config`, s.ns, created, uuid(r))}  data:\n    application.yaml: |\n      server:\n        port: ${s.port}\n      upstreams:\n${w.services.filter((o) => o.ns === s.ns && o !== s).slice(0, 3).map((o) => `        - http://${o.name}:${o.port}\n`).join('')}`);
  }
  const podItems = [...w.pods, w.istiod].map((p) => podYaml(w, p, r));
  return { resources: list([...items, ...podItems]), pods: list(podItems), count: items.length + podItems.length };
}

/** `cluster/crs`: a VirtualService and DestinationRule per service, a Sidecar and PeerAuthentication per namespace, a Gateway. */
export function customResources(w: World): { text: string; count: number } {
  const r = prng(w.seed + 2);
  const created = iso(w.capturedMs - 20 * 86_400_000);
  const items: string[] = [];
  for (const s of w.services) {
    const subset = s.name === SUBSET_SVC ? 'v3' : 'v1';
    items.push(`- apiVersion: networking.istio.io/v1\n  kind: VirtualService\n${meta(s.name, s.ns, created, uuid(r))}  spec:\n    hosts:\n    - ${s.name}\n    http:\n    - retries:\n        attempts: 2\n        perTryTimeout: 2s\n      route:\n      - destination:\n          host: ${s.name}\n          subset: ${subset}\n      timeout: 10s\n`);
    items.push(`- apiVersion: networking.istio.io/v1\n  kind: DestinationRule\n${meta(s.name, s.ns, created, uuid(r))}  spec:\n    host: ${s.name}\n    subsets:\n    - labels:\n        version: v1\n      name: v1\n${s.name === SUBSET_SVC ? '    - labels:\n        version: v3\n      name: v3\n' : ''}    trafficPolicy:\n      connectionPool:\n        http:\n          http1MaxPendingRequests: 1024\n        tcp:\n          maxConnections: 1024\n`);
  }
  for (const ns of w.namespaces) {
    items.push(`- apiVersion: networking.istio.io/v1\n  kind: Sidecar\n${meta('default', ns, created, uuid(r))}  spec:\n    egress:\n    - hosts:\n      - ./*\n      - istio-system/*\n`);
    items.push(`- apiVersion: security.istio.io/v1\n  kind: PeerAuthentication\n${meta('default', ns, created, uuid(r))}  spec:\n    mtls:\n      mode: STRICT\n`);
  }
  items.push(`- apiVersion: networking.istio.io/v1\n  kind: Gateway\n${meta('public', 'istio-system', created, uuid(r))}  spec:\n    selector:\n      istio: ingressgateway\n    servers:\n    - hosts:\n      - '*.example.com'\n      port:\n        name: http\n        number: 80\n        protocol: HTTP\n`);
  return { text: list(items), count: items.length };
}

function ageText(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}

/** `cluster/events` as `kubectl get events -A -o wide` prints it (ages relative to the capture time). */
export function eventsTable(w: World, rows: number): string {
  const r = prng(w.seed + 3);
  const header = ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];
  const out: string[][] = [header];
  for (let i = 0; i < rows; i++) {
    const p = pick(r, w.pods);
    const last = int(r, 10, 6 * 3600) * 1000;
    const warn = r() < 0.3;
    const reason = warn ? pick(r, ['Unhealthy', 'BackOff', 'FailedGetResourceMetric']) : pick(r, ['Pulled', 'Created', 'Started', 'Scheduled']);
    const msg = reason === 'Unhealthy' ? 'Readiness probe failed: HTTP probe failed with statuscode: 503' : reason === 'BackOff' ? `Back-off restarting failed container ${p.app} in pod ${p.name}_${p.ns}(${p.uid})` : reason === 'FailedGetResourceMetric' ? 'failed to get cpu utilization: unable to get metrics for resource cpu' : `${reason} container ${p.app}`;
    out.push([p.ns, ageText(last), warn ? 'Warning' : 'Normal', reason, `pod/${p.name}`, reason === 'Scheduled' ? '' : `spec.containers{${p.app}}`, reason === 'Scheduled' ? 'default-scheduler' : `kubelet, ${p.node}`, msg, ageText(last + int(r, 0, 3600) * 1000), String(int(r, 1, 40)), `${p.name}.${hex(r, 16)}`]);
  }
  const widths = header.map((_, c) => Math.max(...out.map((row) => row[c]!.length)));
  return out.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]! + 3))).join('')).join('\n') + '\n';
}

/** `cluster/secrets`: the table istioctl bug-report writes (names, types, key counts; never data). */
export function secretsTable(w: World): string {
  const rows = [['NAMESPACE', 'NAME', 'TYPE', 'DATA', 'AGE'], ['istio-system', 'istio-ca-secret', 'istio.io/ca-root', '5', '40d']];
  for (const ns of w.namespaces) rows.push([ns, `${ns}-registry`, 'kubernetes.io/dockerconfigjson', '1', '40d']);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]! + 3)).join('').trimEnd()).join('\n') + '\n';
}

/**
 * Generates samples/fleet: six `istioctl bug-report`s of one company's clusters, taken within the hour after
 * prod-eu1 failed (samples/fleet/README.md says what `meshlens fleet` must conclude):
 * - prod-eu1 fails: the seed incident (ca-overload.ts's builder): istio-csr overwhelmed by a rollout burst;
 * - prod-us1 is at risk with all four preconditions of external-ca-overload (istio-csr, 16 istiod replicas,
 *   a 40-replica Deployment with maxSurge 100 % and an HPA up to 120, no CA timeout tuned); one sidecar there
 *   already retried its CSR once this morning (the same log signature as prod-eu1, recovered);
 * - prod-ap1 is at risk with three (istiod delegates to the Kubernetes CSR API with a cert-manager signer, an HPA
 *   up to 80 replicas, no timeout tuned) but runs only 3 istiod replicas;
 * - prod-us2 (istiod's own CA, 3 replicas, one big Deployment), staging-eu1 (istio-csr but 2 istiod replicas and
 *   small Deployments) and prod-sa1 (Istio 1.23, istiod's CA, other meshConfig, PERMISSIVE) are healthy.
 * The healthy and at-risk clusters differ in versions, meshConfig, istiod and sidecar resources,
 * PeerAuthentication and DestinationRule defaults, so that drift has something to show.
 *
 * Run: npx tsx samples/generators/fleet.ts   (rewrites samples/fleet/<cluster>/bug-report/)
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { agentLine, at, atSec, containerStatus, eventsTable, hex, podSuffix, rng, versionsFile, writeTree, yamlList } from './lib.js';
import { buildCaOverload } from './ca-overload.js';

const CAPTURED = '2026-03-15T10:58:00.000000Z';
const SINCE = '2026-03-09T06:00:00Z';

interface AppSpec { name: string; replicas: number; maxSurge?: string; hpaMax?: number }
interface Resources { requests: Record<string, string>; limits?: Record<string, string> }

interface QuietCluster {
  name: string;
  seed: number;
  context: string;
  istio: string;
  kubelet: string;
  istiodReplicas: number;
  istiodResources?: Resources;
  /** How workload certificates are signed. */
  ca: 'istiod' | 'istio-csr' | 'k8s-signer';
  meshConfig: Record<string, unknown>;
  /** Mesh-wide PeerAuthentication mode (istio-system/default), or none. */
  meshMtls?: 'STRICT' | 'PERMISSIVE';
  /** Mesh-wide DestinationRule (istio-system/default) TLS mode, or none. */
  meshDrTls?: 'ISTIO_MUTUAL' | 'DISABLE';
  sidecar: Resources;
  apps: AppSpec[];
  /** A sidecar that retried its CSR once (and then got its certificate) this many minutes before capture. */
  csrRetryMinutesAgo?: number;
}

const CSR_ADDR = 'cert-manager-istio-csr.cert-manager.svc:443';

const QUIET: QuietCluster[] = [
  {
    name: 'prod-us1', seed: 2101, context: 'gke_shop-prod_us-central1_prod-us1', istio: '1.24.2', kubelet: 'v1.30.5-gke.1014001',
    istiodReplicas: 16, istiodResources: { requests: { cpu: '500m', memory: '2Gi' } }, ca: 'istio-csr',
    meshConfig: { defaultConfig: { caAddress: CSR_ADDR, discoveryAddress: 'istiod.istio-system.svc:15012' }, trustDomain: 'cluster.local' },
    meshMtls: 'STRICT', sidecar: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    apps: [{ name: 'frontend', replicas: 40, maxSurge: '100%', hpaMax: 120 }, { name: 'cart', replicas: 6 }, { name: 'checkout', replicas: 6 }],
    csrRetryMinutesAgo: 95,
  },
  {
    name: 'prod-ap1', seed: 2102, context: 'gke_shop-prod_asia-southeast1_prod-ap1', istio: '1.24.2', kubelet: 'v1.30.5-gke.1014001',
    istiodReplicas: 3, istiodResources: { requests: { cpu: '500m', memory: '2Gi' } }, ca: 'k8s-signer',
    meshConfig: { defaultConfig: { discoveryAddress: 'istiod.istio-system.svc:15012' }, trustDomain: 'cluster.local' },
    meshMtls: 'STRICT', sidecar: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    apps: [{ name: 'frontend', replicas: 8, hpaMax: 80 }, { name: 'cart', replicas: 4 }],
  },
  {
    name: 'prod-us2', seed: 2103, context: 'gke_shop-prod_us-east1_prod-us2', istio: '1.24.2', kubelet: 'v1.30.5-gke.1014001',
    istiodReplicas: 3, istiodResources: { requests: { cpu: '500m', memory: '2Gi' } }, ca: 'istiod',
    meshConfig: { defaultConfig: { discoveryAddress: 'istiod.istio-system.svc:15012' }, trustDomain: 'cluster.local' },
    meshMtls: 'STRICT', sidecar: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    apps: [{ name: 'frontend', replicas: 20, maxSurge: '50%' }, { name: 'cart', replicas: 4 }],
  },
  {
    name: 'staging-eu1', seed: 2104, context: 'gke_shop-staging_europe-west1_staging-eu1', istio: '1.24.2', kubelet: 'v1.30.5-gke.1014001',
    istiodReplicas: 2, istiodResources: { requests: { cpu: '250m', memory: '1Gi' } }, ca: 'istio-csr',
    meshConfig: { defaultConfig: { caAddress: CSR_ADDR, discoveryAddress: 'istiod.istio-system.svc:15012' }, trustDomain: 'cluster.local' },
    meshMtls: 'STRICT', sidecar: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    apps: [{ name: 'frontend', replicas: 3 }, { name: 'cart', replicas: 2 }],
  },
  {
    name: 'prod-sa1', seed: 2105, context: 'gke_shop-prod_southamerica-east1_prod-sa1', istio: '1.23.4', kubelet: 'v1.29.10-gke.1227000',
    istiodReplicas: 2, istiodResources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } }, ca: 'istiod',
    meshConfig: { accessLogFile: '/dev/stdout', defaultConfig: { discoveryAddress: 'istiod.istio-system.svc:15012', holdApplicationUntilProxyStarts: true }, outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' }, trustDomain: 'cluster.local' },
    meshMtls: 'PERMISSIVE', meshDrTls: 'ISTIO_MUTUAL', sidecar: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    apps: [{ name: 'frontend', replicas: 4 }, { name: 'cart', replicas: 2 }],
  },
];

/** The bug-report of a cluster where nothing is failing: its configuration, running pods and routine logs. */
function quietCluster(c: QuietCluster): Record<string, string> {
  const r = rng(c.seed);
  const files: Record<string, string> = {};
  const pods: object[] = [];
  const proxyImage = `docker.io/istio/proxyv2:${c.istio}`;
  const uid = () => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
  // pods were created over the week (rollouts, node upgrades), not in one burst
  let created = 0;
  const pod = (ns: string, name: string, labels: Record<string, string>, containers: Array<{ name: string; image: string; resources?: Resources }>, sidecar: boolean) => {
    const since = atSec(SINCE, (created++) * 47 * 60_000);
    return {
      since,
      obj: {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name, namespace: ns, labels, creationTimestamp: since, uid: uid(),
          ...(sidecar ? { annotations: { 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"]}' } } : {}) },
        spec: { containers: containers.map((x) => ({ name: x.name, image: x.image, ...(x.resources ? { resources: structuredClone(x.resources) } : {}) })), ...(sidecar ? { initContainers: [{ name: 'istio-init', image: proxyImage }] } : {}) },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
          containerStatuses: containers.map((x) => containerStatus({ name: x.name, image: x.image, ready: true, restartCount: 0, running: { startedAt: since } })) },
      },
    };
  };

  // istiod
  const istiodHash = hex(r, 9);
  const istiodEnv = [
    { name: 'PILOT_ENABLE_STATUS', value: 'true' },
    ...(c.ca === 'istio-csr' ? [{ name: 'ENABLE_CA_SERVER', value: 'false' }] : []),
    ...(c.ca === 'k8s-signer' ? [{ name: 'EXTERNAL_CA', value: 'ISTIOD_RA_KUBERNETES_API' }, { name: 'K8S_SIGNER', value: 'clusterissuers.cert-manager.io/istio-ca' }] : []),
  ];
  const istiodPods = Array.from({ length: c.istiodReplicas }, () => `istiod-${istiodHash}-${podSuffix(r).split('-')[1]}`);
  for (const name of istiodPods) pods.push(pod('istio-system', name, { app: 'istiod', istio: 'pilot' }, [{ name: 'discovery', image: `docker.io/istio/pilot:${c.istio}`, ...(c.istiodResources ? { resources: c.istiodResources } : {}) }], false).obj);
  files[`istio/istio-system/${istiodPods[0]}/discovery.log`] = [
    agentLine(at(SINCE, 5000, 101), 'info', undefined, 'FLAG: --caCertFile=""'),
    ...(c.ca === 'istiod' ? [agentLine(at(SINCE, 6000, 202), 'info', 'ca', 'Using istiod file format for signing ca files')] : []),
    agentLine(at(SINCE, 7000, 303), 'info', 'ads', 'All caches have been synced up in 1.18s, marking server ready'),
    ...Array.from({ length: 12 }, (_, k) => agentLine(at(CAPTURED, -(12 - k) * 300_000, k), 'info', 'ads', `Push debounce stable[${700 + k}] 1 for config Pod/shop: 100.1ms since last change, 100.1ms since last push, full=false`)),
  ].join('\n') + '\n';

  // shop: each app's pods, with sidecars; logs for the first two pods of each app
  const resources: object[] = [];
  let csrRetryDone = false;
  for (const app of c.apps) {
    const rs = `${app.name}-${hex(r, 9)}`;
    resources.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app.name, namespace: 'shop', labels: { app: app.name } },
      spec: { replicas: app.replicas, selector: { matchLabels: { app: app.name } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: app.maxSurge ?? '25%', maxUnavailable: '25%' } },
        template: { metadata: { labels: { app: app.name } }, spec: { containers: [{ name: app.name, image: `registry.example.com/shop/${app.name}:4.1.0` }] } } },
      status: { replicas: app.replicas, readyReplicas: app.replicas, availableReplicas: app.replicas } });
    if (app.hpaMax) {
      resources.push({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: app.name, namespace: 'shop' },
        spec: { minReplicas: app.replicas, maxReplicas: app.hpaMax, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } });
    }
    for (let k = 0; k < app.replicas; k++) {
      const name = `${rs}-${podSuffix(r).split('-')[1]}`;
      const p = pod('shop', name, { app: app.name, version: 'v4', 'security.istio.io/tlsMode': 'istio' }, [
        { name: app.name, image: `registry.example.com/shop/${app.name}:4.1.0` },
        { name: 'istio-proxy', image: proxyImage, resources: c.sidecar },
      ], true);
      pods.push(p.obj);
      if (k > 1) continue;
      const retry: boolean = c.csrRetryMinutesAgo !== undefined && !csrRetryDone;
      csrRetryDone ||= retry;
      const restartedMs = retry ? -c.csrRetryMinutesAgo! * 60_000 : 0;
      const lines = [
        agentLine(at(p.since, 2000, 1), 'info', 'cache', 'generated new workload certificate\tlatency=66.4ms ttl=23h59m59.93s'),
        agentLine(at(p.since, 4000, 2), 'info', undefined, 'Envoy proxy is ready'),
        ...(retry ? [
          agentLine(at(CAPTURED, restartedMs, 3), 'info', 'cache', 'generating new workload certificate: refreshing before expiry'),
          agentLine(at(CAPTURED, restartedMs + 10_000, 4), 'warn', 'ca', 'ca request failed, starting attempt 1 in 101.23ms'),
          agentLine(at(CAPTURED, restartedMs + 10_400, 5), 'info', 'cache', 'generated new workload certificate\tlatency=10.41s ttl=23h59m49.59s'),
        ] : []),
        agentLine(at(CAPTURED, -1000 - k * 700, 6), 'info', 'cache', 'Root cert has not changed'),
      ];
      files[`proxies/shop/${name}/istio-proxy.log`] = lines.join('\n') + '\n';
    }
  }

  // CA, mesh-wide policy, namespaces
  if (c.ca === 'istio-csr') {
    resources.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cert-manager-istio-csr', namespace: 'cert-manager' },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'cert-manager-istio-csr', image: 'quay.io/jetstack/cert-manager-istio-csr:v0.14.0' }] } } }, status: { replicas: 2, readyReplicas: 2 } });
  }
  resources.push(
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } },
      spec: { replicas: c.istiodReplicas, template: { spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${c.istio}`, env: istiodEnv, ...(c.istiodResources ? { resources: structuredClone(c.istiodResources) } : {}) }] } } },
      status: { replicas: c.istiodReplicas, readyReplicas: c.istiodReplicas, availableReplicas: c.istiodReplicas } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'istiod' } } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: stringify(c.meshConfig) } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod', namespace: 'istio-system' },
      spec: { selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15012 }, { name: 'https-webhook', port: 443, targetPort: 15017 }] } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
  );
  const crs: object[] = [];
  if (c.meshMtls) crs.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: c.meshMtls } } });
  if (c.meshDrTls) crs.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'default', namespace: 'istio-system' }, spec: { host: '*.local', trafficPolicy: { tls: { mode: c.meshDrTls } } } });

  files['cluster/k8s-resources'] = yamlList(resources);
  files['cluster/crs'] = yamlList(crs);
  files['cluster/pods'] = yamlList(pods);
  files['cluster/nodes'] = yamlList([{ apiVersion: 'v1', kind: 'Node', metadata: { name: `gke-${c.name}-pool-1-${hex(r, 4)}`, labels: { 'kubernetes.io/os': 'linux' } }, status: { nodeInfo: { kubeletVersion: c.kubelet } } }]);
  files['cluster/events'] = eventsTable(CAPTURED, []);
  files['cluster/secrets'] = `NAMESPACE      NAME                 TYPE                DATA   AGE\n${c.ca === 'istiod' ? 'istio-system   istio-ca-secret      istio.io/ca-root    5      200d' : 'cert-manager   istio-root-ca        kubernetes.io/tls   3      400d'}\n`;
  files['cluster/cluster-context'] = `${c.context}\n`;
  files['cluster/kubectl-version'] = `Client Version: v1.30.2\nServer Version: ${c.kubelet}\n`;
  files['versions'] = versionsFile(c.istio);
  files['bug-report.log'] = agentLine(CAPTURED, 'info', undefined, 'Done collecting cluster resource\truntime=0.8s') + '\n';
  files['analyze/allNamespaces/allNamespaces'] = '\u2714 No validation issues found when analyzing all namespaces.\n';
  return files;
}

const root = fileURLToPath(new URL('../fleet/', import.meta.url));
const failing = buildCaOverload({ seed: 2100, istio: '1.24.2', istiodReplicas: 40, context: 'gke_shop-prod_europe-west1_prod-eu1' });
writeTree(join(root, 'prod-eu1', 'bug-report'), failing.files);
console.log(`prod-eu1: ${Object.keys(failing.files).length} files (${failing.crashLooping} pods crash-looping)`);
for (const c of QUIET) {
  const files = quietCluster(c);
  writeTree(join(root, c.name, 'bug-report'), files);
  console.log(`${c.name}: ${Object.keys(files).length} files`);
}

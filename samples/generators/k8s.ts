/**
 * Kubernetes objects and the bug-report skeleton shared by the routing and policy samples: namespaces,
 * Services, running sidecar pods, the `versions` file and an istiod with a quiet discovery log.
 */
import { accessLine, agentLine, at, atSec, containerStatus, hex, podSuffix, versionsFile, yamlList } from './lib.js';

export const ISTIO = '1.24.2';
export const PROXY_IMAGE = `docker.io/istio/proxyv2:${ISTIO}`;

export interface PodSpec {
  namespace: string;
  app: string;
  labels?: Record<string, string>;
  sidecar: boolean;
  createdAt: string;
  ip: string;
  env?: Array<{ name: string; value: string }>;
}

export function runningPod(r: () => number, s: PodSpec): { name: string; obj: object } {
  const name = `${s.app}-${podSuffix(r)}`;
  const containers = [
    { name: s.app, image: `registry.example.com/${s.namespace}/${s.app}:1.0.0`, ports: [{ containerPort: 8080 }], ...(s.env ? { env: s.env } : {}) },
    ...(s.sidecar ? [{ name: 'istio-proxy', image: PROXY_IMAGE, resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } } }] : []),
  ];
  const statuses = containers.map((c) => containerStatus({ name: c.name, image: c.image, ready: true, restartCount: 0, running: { startedAt: s.createdAt } }));
  return {
    name,
    obj: {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: s.namespace, creationTimestamp: s.createdAt, labels: { app: s.app, ...s.labels },
        uid: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
        ...(s.sidecar ? { annotations: { 'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"]}' } } : {}) },
      spec: { containers, ...(s.sidecar ? { initContainers: [{ name: 'istio-init', image: PROXY_IMAGE }] } : {}) },
      status: { phase: 'Running', podIP: s.ip, conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses },
    },
  };
}

export const namespace = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

export const service = (ns: string, name: string, port: number, selector: Record<string, string>, portName = 'http') => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns },
  spec: { selector, ports: [{ name: portName, port, targetPort: 8080, protocol: 'TCP' }] },
});

/** The Endpoints object of a Service, listing the given pods as ready. */
export const endpoints = (ns: string, name: string, port: number, pods: Array<{ name: string; ip: string }>, portName = 'http') => ({
  apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns },
  subsets: [{ addresses: pods.map((p) => ({ ip: p.ip, targetRef: { kind: 'Pod', name: p.name, namespace: ns } })), ports: [{ name: portName, port: 8080, protocol: 'TCP' }] }],
});

/** istiod's pod and a discovery.log of routine pushes, plus the files every bug-report has. */
export function skeleton(r: () => number, capturedAt: string, since: string): { istiodPod: object; files: Record<string, string> } {
  const name = `istiod-${hex(r, 9)}-${podSuffix(r).split('-')[1]}`;
  const istiodPod = runningPod(r, { namespace: 'istio-system', app: 'istiod', sidecar: false, createdAt: since, ip: '10.8.0.9' });
  (istiodPod.obj as any).metadata.name = name;
  const log = [
    agentLine(at(since, 1000, 11), 'info', undefined, 'FLAG: --caCertFile=""'),
    agentLine(at(since, 3000, 12), 'info', 'ads', 'All caches have been synced up in 1.1s, marking server ready'),
    ...Array.from({ length: 12 }, (_, k) => agentLine(at(capturedAt, -(12 - k) * 300_000, k), 'info', 'ads', `Push debounce stable[${40 + k}] 1 for config Pod/default: 100.1ms since last change, 100.1ms since last push, full=false`)),
  ];
  return {
    istiodPod: istiodPod.obj,
    files: {
      [`istio/istio-system/${name}/discovery.log`]: log.join('\n') + '\n',
      versions: versionsFile(ISTIO),
      'cluster/cluster-context': 'prod-cluster\n',
      'cluster/kubectl-version': 'Client Version: v1.30.2\nServer Version: v1.30.5\n',
      'cluster/nodes': yamlList([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { nodeInfo: { kubeletVersion: 'v1.30.5' } } }]),
      'cluster/secrets': 'NAMESPACE      NAME                 TYPE                DATA   AGE\nistio-system   istio-ca-secret      istio.io/ca-root    5      200d\n',
      'bug-report.log': agentLine(capturedAt, 'info', undefined, 'Done collecting cluster resource\truntime=0.9s') + '\n',
      'analyze/allNamespaces/allNamespaces': '',
    },
  };
}

/** A client-side access-log line (lib.ts `accessLine`) with the defaults these samples share. */
export function clientAccessLine(a: {
  time: string; method?: string; path: string; code: number; flags?: string; details: string; upstreamHost?: string;
  authority: string; cluster?: string; localAddr: string; remoteAddr: string; requestId: string; durationMs?: number;
}): string {
  const ok = a.code === 200;
  return accessLine({
    time: a.time, method: a.method ?? 'GET', path: a.path, code: a.code, flags: a.flags ?? '-', details: a.details,
    bytesIn: 0, bytesOut: ok ? 1843 : 0, duration: a.durationMs ?? 3, ...(ok ? { upstreamMs: 2 } : {}),
    userAgent: 'python-requests/2.31.0', requestId: a.requestId, authority: a.authority, upstreamHost: a.upstreamHost ?? '-',
    cluster: a.cluster ?? '-', upstreamLocal: '-', downstreamLocal: a.localAddr, downstreamRemote: a.remoteAddr, route: 'default',
  });
}

export { atSec };

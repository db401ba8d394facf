/**
 * Builders for analyzer table tests: plain Kubernetes/Istio objects, serialized to multi-document
 * YAML so each case goes through the real resource parser like a bundle file would.
 */
import { dump } from 'js-yaml';

type Obj = Record<string, unknown>;

/** Multi-document YAML of the given objects. */
export function yaml(...objs: Obj[]): string {
  return objs.map((o) => dump(o, { lineWidth: -1 })).join('---\n');
}

export function namespace(name: string, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface PodOpts {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  sidecar?: boolean;
  proxyResources?: Obj;
  env?: Record<string, string>;
  containerPort?: number;
  podIP?: string;
  spec?: Obj;
}

export function pod(ns: string, name: string, o: PodOpts = {}): Obj {
  const app = { name: 'app', image: 'example/app:1', ...(o.env ? { env: Object.entries(o.env).map(([k, v]) => ({ name: k, value: v })) } : {}), ...(o.containerPort ? { ports: [{ containerPort: o.containerPort }] } : {}) };
  const containers: Obj[] = [app];
  if (o.sidecar) containers.push({ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.0', ...(o.proxyResources ? { resources: o.proxyResources } : {}) });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: o.labels ?? {}, ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: { containers, ...(o.spec ?? {}) },
    ...(o.podIP ? { status: { podIP: o.podIP, phase: 'Running' } } : {}),
  };
}

export function service(ns: string, name: string, selector: Record<string, string>, ports: Obj[] = [{ name: 'http', port: 9080, targetPort: 9080 }]): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports } };
}

export function destinationRule(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: ns }, spec };
}

export function virtualService(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: ns }, spec };
}

export function gateway(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec };
}

export function peerAuthentication(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec };
}

export function authorizationPolicy(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: ns }, spec };
}

export function networkPolicy(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export function secret(ns: string, name: string, keys: string[]): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'kubernetes.io/tls', data: Object.fromEntries(keys.map((k) => [k, 'Zm9v'])) };
}

/** The reviews app in `default`: v1 and v2 pods with sidecars behind Service reviews. */
export function reviews(opts: { v2Label?: string; sidecar?: boolean } = {}): Obj[] {
  const sidecar = opts.sidecar ?? true;
  return [
    service('default', 'reviews', { app: 'reviews' }),
    pod('default', 'reviews-v1-abc', { labels: { app: 'reviews', version: 'v1' }, sidecar, containerPort: 9080 }),
    pod('default', 'reviews-v2-def', { labels: { app: 'reviews', version: opts.v2Label ?? 'v2' }, sidecar, containerPort: 9080 }),
  ];
}

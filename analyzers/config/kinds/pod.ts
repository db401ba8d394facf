/**
 * Pod and pod-template model (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job): containers,
 * the istio-proxy sidecar, injection intent and ambient enrolment.
 */
import type { Resource } from '../../model/k8s.js';
import { asLabels } from '../labels.js';
import { annotationsOf, isRecord, labelsOf, listOf } from './common.js';

export const PROXY_CONTAINER = 'istio-proxy';
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const AMBIENT_REDIRECTION = 'ambient.istio.io/redirection';

export interface Container {
  name?: string;
  image?: string;
  securityContext?: { runAsUser?: number };
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  ports?: Array<{ containerPort?: number; name?: string; protocol?: string }>;
  env?: Array<{ name?: string; value?: string }>;
  restartPolicy?: string;
  args?: unknown[];
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: Record<string, any>;
}

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The pod template of a Pod (its own metadata and spec) or of a workload (`spec.template`). */
export function podTemplate(r: Resource): PodTemplate {
  if (r.kind === 'Pod') return { labels: labelsOf(r), annotations: annotationsOf(r), spec: isRecord(r.obj.spec) ? r.obj.spec : {} };
  const t = isRecord(r.obj.spec) && isRecord(r.obj.spec.template) ? r.obj.spec.template : {};
  const md = isRecord(t.metadata) ? t.metadata : {};
  return { labels: asLabels(md.labels), annotations: asLabels(md.annotations), spec: isRecord(t.spec) ? t.spec : {} };
}

export function containers(spec: Record<string, any>): Container[] {
  return listOf<Container>(spec.containers).filter(isRecord);
}

export function initContainers(spec: Record<string, any>): Container[] {
  return listOf<Container>(spec.initContainers).filter(isRecord);
}

/** The istio-proxy container (regular, or a native sidecar in initContainers), with its index and list. */
export function proxyContainer(spec: Record<string, any>): { c: Container; index: number; list: 'containers' | 'initContainers' } | undefined {
  const cs = containers(spec);
  const i = cs.findIndex((c) => c.name === PROXY_CONTAINER);
  if (i >= 0) return { c: cs[i], index: i, list: 'containers' };
  const ics = initContainers(spec);
  const j = ics.findIndex((c) => c.name === PROXY_CONTAINER);
  return j >= 0 ? { c: ics[j], index: j, list: 'initContainers' } : undefined;
}

/** Istio `hasIstioProxy`: an istio-proxy container with an image, among containers and init containers. */
export function hasIstioProxy(spec: Record<string, any>): boolean {
  return !!proxyContainer(spec)?.c.image;
}

/** `sidecar.istio.io/inject` as written, from the labels (which win) or annotations; undefined when unset. */
export function injectValue(t: PodTemplate): string | undefined {
  return t.labels[SIDECAR_INJECT] ?? t.annotations[SIDECAR_INJECT];
}

/** Is injection explicitly turned off for this pod (`sidecar.istio.io/inject: "false"`, any case)? */
export function injectDisabled(t: PodTemplate): boolean {
  return injectValue(t)?.toLowerCase() === 'false';
}

/** Istio `PodInAmbientMode`: the pod carries `ambient.istio.io/redirection: enabled`. */
export function podInAmbient(r: Resource | undefined): boolean {
  return !!r && annotationsOf(r)[AMBIENT_REDIRECTION] === 'enabled';
}

/** Pod phase from status (`Running`, `Pending`…), or undefined. */
export function podPhase(r: Resource): string | undefined {
  return isRecord(r.obj.status) && typeof r.obj.status.phase === 'string' ? r.obj.status.phase : undefined;
}

/**
 * Istio `inMesh` (PodInMesh / DeploymentInMesh): has an istio-proxy container, else the pod's
 * `sidecar.istio.io/inject` label then annotation says "true", else its namespace is labelled
 * `istio-injection=enabled`.
 */
export function inMesh(t: PodTemplate, namespace: Resource | undefined): boolean {
  if (hasIstioProxy(t.spec)) return true;
  if (t.labels[SIDECAR_INJECT] !== undefined) return t.labels[SIDECAR_INJECT] === 'true';
  if (t.annotations[SIDECAR_INJECT] !== undefined) return t.annotations[SIDECAR_INJECT] === 'true';
  return !!namespace && labelsOf(namespace)['istio-injection'] === 'enabled';
}

/** Label that the Istio gateway controller puts on waypoint deployments and pods (`istioctl waypoint apply`). */
export const WAYPOINT_MANAGED_LABEL = 'gateway.istio.io/managed';
export const WAYPOINT_MANAGED_VALUE = 'istio.io-mesh-controller';

/**
 * A pod's part in the data plane: `ztunnel` (the ambient node proxy, label `app: ztunnel`), `waypoint` (an
 * ambient L7 proxy, label `gateway.istio.io/managed: istio.io-mesh-controller`), `gateway` (an istio-proxy
 * run as `proxy router`: ingress/egress and Gateway API gateways), `sidecar` (an istio-proxy container or
 * native sidecar), `ambient` (a workload whose traffic ztunnel redirects: `ambient.istio.io/redirection:
 * enabled`), or `none`.
 */
export type MeshRole = 'ztunnel' | 'waypoint' | 'gateway' | 'sidecar' | 'ambient' | 'none';

export function meshRole(r: Resource): MeshRole {
  const labels = labelsOf(r);
  if (labels.app === 'ztunnel') return 'ztunnel';
  if (labels[WAYPOINT_MANAGED_LABEL] === WAYPOINT_MANAGED_VALUE) return 'waypoint';
  const proxy = proxyContainer(podTemplate(r).spec);
  if (proxy) {
    const args = listOf(proxy.c.args).map(String);
    if (args.includes('waypoint')) return 'waypoint';
    return args.includes('router') ? 'gateway' : 'sidecar';
  }
  return podInAmbient(r) ? 'ambient' : 'none';
}

/** Is the istio-proxy a native sidecar (an init container with `restartPolicy: Always`, Kubernetes 1.28+)? */
export function hasNativeSidecar(spec: Record<string, any>): boolean {
  const p = proxyContainer(spec);
  return p?.list === 'initContainers' && p.c.restartPolicy === 'Always';
}

/**
 * Kubernetes NetworkPolicy evaluation between pods (networking.k8s.io/v1): a connection is allowed
 * when the destination's ingress policies (if any select it) and the source's egress policies (if
 * any select it) each have a rule matching the peer and the port. `ipBlock` peers are matched against
 * `status.podIP` when known; traffic from outside the cluster (the API server) matches only rules
 * without `from` or with an `ipBlock`.
 */
import type { Resource } from '../model/k8s.js';
import { isRecord, labelsOf, listOf, nsOf, specOf, str } from './kinds/common.js';
import { containers, podTemplate } from './kinds/pod.js';
import { matchesLabelSelector, type LabelSelector } from './labels.js';

export type Direction = 'Ingress' | 'Egress';

/** A peer of a connection: a pod, or something outside the cluster's pods (API server, node). */
export type Peer = { pod: Resource } | { external: true };

export function policyTypes(np: Resource): Direction[] {
  const spec = specOf(np);
  const t = listOf(spec.policyTypes).map(String).filter((x): x is Direction => x === 'Ingress' || x === 'Egress');
  if (t.length) return t;
  return Array.isArray(spec.egress) ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function selectsPod(np: Resource, pod: Resource): boolean {
  return nsOf(np) === nsOf(pod) && matchesLabelSelector((specOf(np).podSelector ?? {}) as LabelSelector, labelsOf(pod));
}

function ipv4(ip: string): number | undefined {
  const p = ip.split('.').map(Number);
  return p.length === 4 && p.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) ? ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0 : undefined;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base);
  const n = Number(bits);
  if (a === undefined || b === undefined || !Number.isInteger(n) || n < 0 || n > 32) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (a & mask) === (b & mask);
}

function podIp(pod: Resource): string | undefined {
  return isRecord(pod.obj.status) ? str(pod.obj.status.podIP) : undefined;
}

/** Does one `from`/`to` peer entry match? `nsLabels` gives a namespace's labels. */
function peerMatches(entry: Record<string, any>, policyNs: string, peer: Peer, nsLabels: (ns: string) => Record<string, string> | undefined): boolean {
  if (isRecord(entry.ipBlock)) {
    if ('external' in peer) return true;
    const ip = podIp(peer.pod);
    if (!ip || !inCidr(ip, String(entry.ipBlock.cidr ?? ''))) return false;
    return !listOf(entry.ipBlock.except).some((c) => inCidr(ip, String(c)));
  }
  if ('external' in peer) return false;
  const pod = peer.pod;
  const hasNs = isRecord(entry.namespaceSelector);
  const hasPod = isRecord(entry.podSelector);
  if (!hasNs && !hasPod) return false;
  if (hasNs) {
    const l = nsLabels(nsOf(pod));
    if (!l || !matchesLabelSelector(entry.namespaceSelector as LabelSelector, { ...l, 'kubernetes.io/metadata.name': nsOf(pod) })) return false;
  } else if (nsOf(pod) !== policyNs) return false;
  return !hasPod || matchesLabelSelector(entry.podSelector as LabelSelector, labelsOf(pod));
}

/** Does a rule's `ports` admit `port` on `target` (named ports resolved on the target pod)? */
function portMatches(rule: Record<string, any>, port: number, target: Resource | undefined): boolean {
  const ports = listOf(rule.ports).filter(isRecord);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if (p.protocol && p.protocol !== 'TCP') return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return typeof p.endPort === 'number' ? port >= p.port && port <= p.endPort : port === p.port;
    if (!target) return false;
    return containers(podTemplate(target).spec).some((c) => (c.ports ?? []).some((cp) => isRecord(cp) && cp.name === p.port && cp.containerPort === port));
  });
}

export interface Verdict {
  allowed: boolean;
  /** The policies selecting the pod in that direction, when they block. */
  blockedBy: Resource[];
}

/**
 * Whether `policies` let `subject` (the selected pod) talk with `peer` on `port` in `dir` (Ingress:
 * peer → subject; Egress: subject → peer).
 */
export function evaluate(
  policies: readonly Resource[],
  dir: Direction,
  subject: Resource,
  peer: Peer,
  port: number,
  nsLabels: (ns: string) => Record<string, string> | undefined,
): Verdict {
  const applicable = policies.filter((np) => policyTypes(np).includes(dir) && selectsPod(np, subject));
  if (!applicable.length) return { allowed: true, blockedBy: [] };
  const field = dir === 'Ingress' ? 'ingress' : 'egress';
  const peerField = dir === 'Ingress' ? 'from' : 'to';
  const target = dir === 'Ingress' ? subject : 'pod' in peer ? peer.pod : undefined;
  for (const np of applicable) {
    for (const rule of listOf(specOf(np)[field]).filter(isRecord)) {
      const peers = rule[peerField];
      const peerOk = !Array.isArray(peers) || peers.length === 0 || peers.some((e) => isRecord(e) && peerMatches(e, nsOf(np), peer, nsLabels));
      if (peerOk && portMatches(rule, port, target)) return { allowed: true, blockedBy: [] };
    }
  }
  return { allowed: false, blockedBy: applicable };
}

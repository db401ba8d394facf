/** Kubernetes Service model: ports, selector, type, and Istio's protocol selection from port names. */
import type { Resource } from '../../model/k8s.js';
import { asLabels } from '../labels.js';
import { isRecord, labelsOf, listOf, num, specOf, str } from './common.js';

export interface ServicePort {
  name: string;
  port: number;
  /** `targetPort` as written (number or named port), undefined when unset. */
  targetPort?: number | string;
  protocol: string;
  appProtocol?: string;
  index: number;
}

export function servicePorts(r: Resource): ServicePort[] {
  return listOf(specOf(r).ports)
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => isRecord(p))
    .map(({ p, index }) => {
      const tp = p.targetPort;
      return {
        name: str(p.name) ?? '',
        port: num(p.port) ?? 0,
        targetPort: typeof tp === 'number' ? tp : typeof tp === 'string' ? (/^\d+$/.test(tp) ? Number(tp) : tp) : undefined,
        protocol: str(p.protocol) ?? 'TCP',
        appProtocol: str(p.appProtocol),
        index,
      };
    });
}

/** `targetPort` as Kubernetes prints an IntOrString (`"0"` when unset). */
export function targetPortString(p: ServicePort): string {
  return p.targetPort === undefined ? '0' : String(p.targetPort);
}

export function serviceSelector(r: Resource): Record<string, string> {
  return asLabels(specOf(r).selector);
}

export function serviceType(r: Resource): string {
  return str(specOf(r).type) ?? 'ClusterIP';
}

/** Istio `IsIstioControlPlane`: an `istio` label, or `release: istio`. */
export function isIstioControlPlane(r: Resource): boolean {
  const l = labelsOf(r);
  return l.istio !== undefined || l.release === 'istio';
}

/** Istio protocols (`protocol.Parse`), by lower-case name. */
const PROTOCOLS: Record<string, string> = {
  tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY', http2: 'HTTP2',
  https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL', sctp: 'SCTP', hbone: 'HBONE',
};

/** Ports where Istio assumes TCP when the name says nothing (server-first protocols). */
const WELL_KNOWN_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** Istio `protocol.Parse`: the protocol for a name, or `Unsupported`. */
export function parseProtocol(name: string): string {
  return PROTOCOLS[name.toLowerCase()] ?? 'Unsupported';
}

/**
 * Istio `kube.ConvertProtocol`: UDP/SCTP from the Kubernetes protocol; else `appProtocol` if set;
 * else the port-name prefix before `-` (`http-web` → HTTP, `grpc-web…` → gRPC-Web). A name that says
 * nothing gives `Unsupported`, except on well-known server-first ports (TCP).
 */
export function convertProtocol(p: Pick<ServicePort, 'port' | 'name' | 'protocol' | 'appProtocol'>): string {
  if (p.protocol === 'UDP') return 'UDP';
  if (p.protocol === 'SCTP') return 'SCTP';
  let name = p.name;
  if (p.appProtocol !== undefined) {
    if (p.appProtocol === 'kubernetes.io/h2c') return 'HTTP2';
    if (p.appProtocol === 'kubernetes.io/ws' || p.appProtocol === 'kubernetes.io/wss') return 'HTTP';
    name = p.appProtocol;
  }
  if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
  const dash = name.indexOf('-');
  const out = parseProtocol(dash >= 0 ? name.slice(0, dash) : name);
  if (out === 'Unsupported' && WELL_KNOWN_PORTS.has(p.port)) return 'TCP';
  return out;
}

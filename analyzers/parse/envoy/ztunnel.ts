/**
 * ztunnel admin `/config_dump` (Istio ambient; `ztunnel-config all -o json`): `workloads`, `services`,
 * `policies` and `certificates` (each a list or a map keyed by address/uid, as ztunnel versions differ),
 * and `workloadState` (per-pod connection tables). Field names follow ztunnel's JSON
 * (`workloadIps`, `vips`, `certChain`…). Unknown fields are kept in `raw`.
 */
import { arr, obj, str, type JsonObject } from './fields.js';

export interface ZtunnelWaypoint {
  destination: string;
  port?: number;
}

export interface ZtunnelWorkload {
  uid: string;
  name: string;
  namespace: string;
  workloadIps: string[];
  hostname: string;
  node: string;
  protocol: string;
  status: string;
  trustDomain: string;
  serviceAccount: string;
  waypoint?: ZtunnelWaypoint;
  jsonPath: string;
  raw: JsonObject;
}

export interface ZtunnelService {
  name: string;
  namespace: string;
  hostname: string;
  /** `network/ip` strings (`/10.96.0.1`). */
  vips: string[];
  endpoints: Array<{ workloadUid: string; address: string }>;
  waypoint?: ZtunnelWaypoint;
  jsonPath: string;
  raw: JsonObject;
}

export interface ZtunnelCert {
  pem: string;
  serialNumber: string;
  validFrom: string;
  expirationTime: string;
}

export interface ZtunnelCertificate {
  identity: string;
  state: string;
  certChain: ZtunnelCert[];
  rootCert: ZtunnelCert[];
  jsonPath: string;
}

export interface ZtunnelPolicy {
  name: string;
  namespace: string;
  action: string;
  scope: string;
  jsonPath: string;
}

export interface ZtunnelConnection {
  src: string;
  actualDst: string;
  originalDst: string;
  protocol: string;
}

export interface ZtunnelWorkloadState {
  name: string;
  namespace: string;
  state: string;
  inbound: ZtunnelConnection[];
  outbound: ZtunnelConnection[];
}

export interface ZtunnelDump {
  workloads: ZtunnelWorkload[];
  services: ZtunnelService[];
  policies: ZtunnelPolicy[];
  certificates: ZtunnelCertificate[];
  workloadState: ZtunnelWorkloadState[];
}

/** Entries of a list, or the values of a map (keyed by address or uid), with their JSON paths. */
function entries(v: unknown, base: string): Array<[JsonObject, string]> {
  if (Array.isArray(v)) return v.map((x, i) => [x as JsonObject, `${base}[${i}]`]);
  if (v && typeof v === 'object') return Object.entries(v as JsonObject).map(([k, x]) => [x as JsonObject, `${base}[${JSON.stringify(k)}]`]);
  return [];
}

function waypoint(o: unknown): ZtunnelWaypoint | undefined {
  const w = obj(o, 'waypoint');
  return w ? { destination: str(w, 'destination'), port: typeof w.port === 'number' ? w.port : undefined } : undefined;
}

function cert(c: unknown): ZtunnelCert {
  return { pem: str(c, 'pem'), serialNumber: str(c, 'serialNumber'), validFrom: str(c, 'validFrom'), expirationTime: str(c, 'expirationTime') };
}

function conn(c: unknown): ZtunnelConnection {
  return { src: str(c, 'src'), actualDst: str(c, 'actualDst'), originalDst: str(c, 'originalDst'), protocol: str(c, 'protocol') };
}

/** Parse a ztunnel config dump. Throws `Error` when the text is not a JSON object. */
export function parseZtunnelDump(input: string | Uint8Array): ZtunnelDump {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  const raw = JSON.parse(text) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('ztunnel config dump is not a JSON object');
  const d = raw as JsonObject;
  const stateKey = Object.keys(d).find((k) => k.toLowerCase() === 'workloadstate');
  return {
    workloads: entries(d.workloads, '$.workloads').map(([w, p]) => ({
      uid: str(w, 'uid'), name: str(w, 'name'), namespace: str(w, 'namespace'), workloadIps: arr(w, 'workloadIps').map(String),
      hostname: str(w, 'hostname'), node: str(w, 'node'), protocol: str(w, 'protocol'), status: str(w, 'status'),
      trustDomain: str(w, 'trustDomain'), serviceAccount: str(w, 'serviceAccount'), waypoint: waypoint(w), jsonPath: p, raw: w,
    })),
    services: entries(d.services, '$.services').map(([s, p]) => ({
      name: str(s, 'name'), namespace: str(s, 'namespace'), hostname: str(s, 'hostname'), vips: arr(s, 'vips').map(String),
      endpoints: entries(s.endpoints, '').map(([e]) => ({ workloadUid: str(e, 'workloadUid'), address: str(e, 'address') })),
      waypoint: waypoint(s), jsonPath: p, raw: s,
    })),
    policies: entries(d.policies, '$.policies').map(([x, p]) => ({ name: str(x, 'name'), namespace: str(x, 'namespace'), action: str(x, 'action'), scope: str(x, 'scope'), jsonPath: p })),
    certificates: entries(d.certificates, '$.certificates').map(([c, p]) => ({
      identity: str(c, 'identity'), state: str(c, 'state'), certChain: arr(c, 'certChain').map(cert), rootCert: arr(c, 'rootCert').map(cert), jsonPath: p,
    })),
    workloadState: stateKey
      ? entries(d[stateKey], `$.${stateKey}`).map(([s]) => ({
          name: str(obj(s, 'info'), 'name'), namespace: str(obj(s, 'info'), 'namespace'), state: str(s, 'state'),
          inbound: arr(obj(s, 'connections'), 'inbound').map(conn), outbound: arr(obj(s, 'connections'), 'outbound').map(conn),
        }))
      : [],
  };
}

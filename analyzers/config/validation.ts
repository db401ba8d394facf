/**
 * A subset of Istio's config validation (istio `pkg/config/validation`) for the kinds a bundle holds:
 * the required fields and enums whose absence makes istiod reject or ignore the resource. Each check
 * returns the field path and Istio's wording of the error.
 */
import type { Resource } from '../model/k8s.js';
import { isRecord, listOf, num, specOf, str } from './kinds/common.js';

export interface ValidationError {
  path: string;
  error: string;
}

const TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];
const SERVER_TLS_MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'];
const MTLS_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];
const AUTHZ_ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];

function port(v: unknown): boolean {
  const n = num(v);
  return n !== undefined && n >= 1 && n <= 65535;
}

function virtualService(r: Resource, out: ValidationError[]): void {
  const spec = specOf(r);
  if (listOf(spec.hosts).length === 0) out.push({ path: 'spec.hosts', error: 'virtual service must have at least one host' });
  listOf(spec.http).forEach((h, i) => {
    if (!isRecord(h)) return;
    if (!Array.isArray(h.route) && !isRecord(h.redirect) && !isRecord(h.directResponse) && !isRecord(h.delegate)) out.push({ path: `spec.http[${i}]`, error: 'HTTP route, redirect or direct response is required' });
    listOf(h.route).forEach((d, j) => {
      if (!isRecord(d) || !isRecord(d.destination) || !str(d.destination.host)) out.push({ path: `spec.http[${i}].route[${j}]`, error: 'destination.host is required' });
      else if (num(d.weight) !== undefined && num(d.weight)! < 0) out.push({ path: `spec.http[${i}].route[${j}].weight`, error: 'weight must not be negative' });
    });
  });
  for (const kind of ['tcp', 'tls'] as const) {
    listOf(spec[kind]).forEach((t, i) => {
      if (isRecord(t) && listOf(t.route).length === 0) out.push({ path: `spec.${kind}[${i}]`, error: `${kind.toUpperCase()} route is required` });
    });
  }
}

function destinationRule(r: Resource, out: ValidationError[]): void {
  const spec = specOf(r);
  if (!str(spec.host)) out.push({ path: 'spec.host', error: 'destination rule must have a host' });
  const seen = new Set<string>();
  listOf(spec.subsets).forEach((s, i) => {
    const name = isRecord(s) ? str(s.name) : undefined;
    if (!name) out.push({ path: `spec.subsets[${i}]`, error: 'subset name is required' });
    else if (seen.has(name)) out.push({ path: `spec.subsets[${i}].name`, error: `duplicate subset names: ${name}` });
    else seen.add(name);
  });
  const tls = isRecord(spec.trafficPolicy) && isRecord(spec.trafficPolicy.tls) ? spec.trafficPolicy.tls : undefined;
  if (tls && tls.mode !== undefined && !TLS_MODES.includes(String(tls.mode))) out.push({ path: 'spec.trafficPolicy.tls.mode', error: `invalid TLS mode "${tls.mode}"` });
}

function gateway(r: Resource, out: ValidationError[]): void {
  const servers = listOf(specOf(r).servers);
  if (servers.length === 0) out.push({ path: 'spec.servers', error: 'gateway must have at least one server' });
  servers.forEach((s, i) => {
    if (!isRecord(s)) return;
    if (!isRecord(s.port) || !port(s.port.number)) out.push({ path: `spec.servers[${i}].port`, error: 'port number must be in the range 1..65535' });
    if (listOf(s.hosts).length === 0) out.push({ path: `spec.servers[${i}].hosts`, error: 'server config must contain at least one host' });
    if (isRecord(s.tls) && s.tls.mode !== undefined && !SERVER_TLS_MODES.includes(String(s.tls.mode))) out.push({ path: `spec.servers[${i}].tls.mode`, error: `invalid TLS mode "${s.tls.mode}"` });
  });
}

function serviceEntry(r: Resource, out: ValidationError[]): void {
  const spec = specOf(r);
  if (listOf(spec.hosts).length === 0) out.push({ path: 'spec.hosts', error: 'service entry must have at least one host' });
  listOf(spec.ports).forEach((p, i) => {
    if (!isRecord(p) || !port(p.number)) out.push({ path: `spec.ports[${i}].number`, error: 'port number must be in the range 1..65535' });
  });
}

function peerAuthentication(r: Resource, out: ValidationError[]): void {
  const spec = specOf(r);
  const mode = isRecord(spec.mtls) ? spec.mtls.mode : undefined;
  if (mode !== undefined && !MTLS_MODES.includes(String(mode))) out.push({ path: 'spec.mtls.mode', error: `invalid mTLS mode "${mode}"` });
  if (isRecord(spec.portLevelMtls) && !isRecord(spec.selector)) out.push({ path: 'spec.portLevelMtls', error: 'portLevelMtls requires a workload selector' });
}

function authorizationPolicy(r: Resource, out: ValidationError[]): void {
  const spec = specOf(r);
  if (spec.action !== undefined && !AUTHZ_ACTIONS.includes(String(spec.action))) out.push({ path: 'spec.action', error: `invalid action "${spec.action}"` });
  if (spec.action === 'CUSTOM' && !isRecord(spec.provider)) out.push({ path: 'spec.provider', error: 'CUSTOM action requires a provider' });
}

const BY_KIND: Record<string, (r: Resource, out: ValidationError[]) => void> = {
  VirtualService: virtualService,
  DestinationRule: destinationRule,
  Gateway: gateway,
  ServiceEntry: serviceEntry,
  PeerAuthentication: peerAuthentication,
  AuthorizationPolicy: authorizationPolicy,
};

export const VALIDATED_KINDS = Object.keys(BY_KIND);

/** Validation errors of one resource (Istio Gateway only, not Gateway API). */
export function validate(r: Resource): ValidationError[] {
  const out: ValidationError[] = [];
  if (r.kind === 'Gateway' && r.apiVersion.startsWith('gateway.networking.k8s.io/')) return out;
  BY_KIND[r.kind]?.(r, out);
  return out;
}

/**
 * `proxy-config endpoint` from a config dump's EDS section, as istioctl prints it for a config dump
 * (`istioctl proxy-config eds`, `istioctl/pkg/writer/envoy/configdump/endpoint.go`):
 * NAME (address), STATUS (health status), LOCALITY, CLUSTER.
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { arr, num, obj, str, type JsonObject } from '../../parse/envoy/fields.js';
import { sortBySubsetKey, tab } from './common.js';

export interface EndpointFilter {
  address?: string;
  port?: number;
  cluster?: string;
  status?: string;
}

/** The address of an `LbEndpoint`: `ip:port`, a pipe path, `envoy://listener/id`, or `unknown`. */
export function endpointAddress(ep: unknown): string {
  const addr = obj(obj(ep, 'endpoint'), 'address');
  const sock = obj(addr, 'socket_address');
  if (sock) return `${str(sock, 'address')}:${num(sock, 'port_value')}`;
  const pipe = obj(addr, 'pipe');
  if (pipe) return str(pipe, 'path');
  const internal = obj(addr, 'envoy_internal_address');
  if (internal && str(internal, 'server_listener_name') !== '') {
    return `envoy://${str(internal, 'server_listener_name')}/${str(internal, 'endpoint_id')}`;
  }
  return 'unknown';
}

/** `health_status` of an LbEndpoint (unset → UNKNOWN). */
export function endpointStatus(ep: unknown): string {
  return str(ep, 'health_status') || 'UNKNOWN';
}

function endpointPort(ep: unknown): number {
  return num(obj(obj(obj(ep, 'endpoint'), 'address'), 'socket_address'), 'port_value');
}

function verify(ep: unknown, cluster: string, f: EndpointFilter): boolean {
  if (f.address && endpointAddress(ep).toLowerCase() !== f.address.toLowerCase()) return false;
  if (f.port && endpointPort(ep) !== f.port) return false;
  if (f.cluster && cluster.toLowerCase() !== f.cluster.toLowerCase()) return false;
  if (f.status && endpointStatus(ep).toLowerCase() !== f.status.toLowerCase()) return false;
  return true;
}

function localityString(l: unknown): string {
  if (!l) return '';
  let s = str(l, 'region');
  if (str(l, 'zone') === '') return s;
  s += '/' + str(l, 'zone');
  if (str(l, 'sub_zone') === '') return s;
  return s + '/' + str(l, 'sub_zone');
}

/**
 * ClusterLoadAssignments with their endpoints filtered (assignments left with none are dropped,
 * emptied localities lose their `lb_endpoints`), sorted as clusters are.
 */
export function filteredAssignments(dump: ConfigDump, f: EndpointFilter = {}): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of dump.endpoints()) {
    const cla = item.value;
    let count = 0;
    const endpoints = arr(cla, 'endpoints').map((llb) => {
      const kept = arr(llb, 'lb_endpoints').filter((ep) => verify(ep, item.clusterName, f));
      count += kept.length;
      const copy: JsonObject = {};
      for (const [k, v] of Object.entries(llb as JsonObject)) {
        if (k === 'lb_endpoints' || k === 'lbEndpoints') {
          if (kept.length) copy[k] = kept;
        } else copy[k] = v;
      }
      return copy;
    });
    if (count === 0) continue;
    const copy: JsonObject = {};
    for (const [k, v] of Object.entries(cla)) copy[k] = k === 'endpoints' ? endpoints : v;
    out.push(copy);
  }
  return sortBySubsetKey(out, (c) => str(c, 'cluster_name'));
}

export function renderEndpointSummary(dump: ConfigDump, filter: EndpointFilter = {}, withPrefix = false): string {
  const w = tab(5);
  w.line('NAME', 'STATUS', 'LOCALITY', 'CLUSTER');
  for (const cla of filteredAssignments(dump, filter)) {
    for (const llb of arr(cla, 'endpoints')) {
      for (const ep of arr(llb, 'lb_endpoints')) {
        const addr = endpointAddress(ep);
        w.line(withPrefix ? `endpoint/${addr}` : addr, endpointStatus(ep), localityString(obj(llb, 'locality')), str(cla, 'cluster_name'));
      }
    }
  }
  return w.flush();
}

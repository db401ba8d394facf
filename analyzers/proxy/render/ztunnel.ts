/**
 * `ztunnel-config all` summary, as istioctl prints it (`istioctl/pkg/writer/ztunnel/configdump`):
 * workloads, services, policies, certificates and connections. Certificate validity is judged at `now`.
 */
import type { ZtunnelDump, ZtunnelService, ZtunnelWaypoint } from '../../parse/envoy/ztunnel.js';
import { GoTabwriter } from '../go/tabwriter.js';
import { goCompare, goSortFunc, goSortSlice } from '../go/sort.js';

function waypointName(wp: ZtunnelWaypoint | undefined, services: ZtunnelService[]): string {
  if (!wp) return 'None';
  for (const s of services) {
    if (`${s.namespace}/${s.hostname}` === wp.destination) return s.name;
    if (s.vips.includes(wp.destination)) return s.name;
  }
  return 'NA';
}

function afterSlash(a: string): string {
  const i = a.indexOf('/');
  return i < 0 ? '' : a.slice(i + 1);
}

export function renderZtunnelWorkloads(d: ZtunnelDump): string {
  const w = new GoTabwriter({ minwidth: 0, padding: 1 });
  const wls = goSortSlice([...d.workloads], (a, b) => {
    const an = `${a.namespace}.${a.name}`;
    const bn = `${b.namespace}.${b.name}`;
    return an !== bn ? an < bn : a.node < b.node;
  });
  w.line('NAMESPACE', 'POD NAME', 'ADDRESS', 'NODE', 'WAYPOINT', 'PROTOCOL');
  for (const wl of wls) {
    const address = wl.workloadIps.join(',') || wl.hostname;
    w.line(wl.namespace, wl.name, address, wl.node, waypointName(wl.waypoint, d.services), wl.protocol);
  }
  return w.flush();
}

export function renderZtunnelServices(d: ZtunnelDump): string {
  const w = new GoTabwriter({ minwidth: 0, padding: 1 });
  const byUid = new Map(d.workloads.map((x) => [x.uid, x]));
  const svcs = goSortFunc([...d.services], (a, b) => goCompare(a.namespace, b.namespace) || goCompare(a.name, b.name) || goCompare(a.hostname, b.hostname));
  w.line('NAMESPACE', 'SERVICE NAME', 'SERVICE VIP', 'WAYPOINT', 'ENDPOINTS');
  for (const s of svcs) {
    const healthy = s.endpoints.filter((e) => byUid.get(e.workloadUid)?.status === 'Healthy').length;
    w.line(s.namespace, s.name, s.vips.map(afterSlash).join(','), waypointName(s.waypoint, d.services), `${healthy}/${s.endpoints.length}`);
  }
  return w.flush();
}

export function renderZtunnelPolicies(d: ZtunnelDump): string {
  const w = new GoTabwriter({ minwidth: 0, padding: 1 });
  const pols = goSortFunc([...d.policies], (a, b) => goCompare(a.namespace, b.namespace) || goCompare(a.name, b.name));
  w.line('NAMESPACE', 'POLICY NAME', 'ACTION', 'SCOPE');
  for (const p of pols) w.line(p.namespace, p.name, p.action, p.scope);
  return w.flush();
}

function notExpired(validFrom: string, expiration: string, now: Date): boolean {
  if (!validFrom && !expiration) return false;
  const from = Date.parse(validFrom);
  const to = Date.parse(expiration);
  if (Number.isNaN(from) || Number.isNaN(to)) return false;
  return now.getTime() > from && now.getTime() < to;
}

function hexSerial(decimal: string): string {
  return /^\d+$/.test(decimal) ? BigInt(decimal).toString(16) : '<nil>';
}

export function renderZtunnelCertificates(d: ZtunnelDump, now: Date): string {
  const w = new GoTabwriter({ minwidth: 0, padding: 5 });
  w.line('CERTIFICATE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE');
  const na = (s: string) => s || 'NA';
  for (const c of d.certificates) {
    const state = c.state.includes('Unavailable') ? 'Unavailable' : c.state;
    if (c.certChain.length === 0) {
      w.line(c.identity, 'NA', state, false, 'NA', 'NA', 'NA');
      continue;
    }
    const legacy = c.rootCert.length === 0;
    c.certChain.forEach((x, i) => {
      const t = i === 0 ? 'Leaf' : i === c.certChain.length - 1 && legacy ? 'Root' : 'Intermediate';
      w.line(c.identity, t, state, notExpired(x.validFrom, x.expirationTime, now), hexSerial(x.serialNumber), na(x.expirationTime), na(x.validFrom));
    });
    for (const x of c.rootCert) {
      w.line(c.identity, 'Root', state, notExpired(x.validFrom, x.expirationTime, now), hexSerial(x.serialNumber), na(x.expirationTime), na(x.validFrom));
    }
  }
  return w.flush();
}

function splitHostPort(addr: string): [string, string] | undefined {
  const m = /^\[([^\]]*)\]:(\d*)$/.exec(addr) ?? /^([^:]*):(\d*)$/.exec(addr);
  return m ? [m[1], m[2]] : undefined;
}

export function renderZtunnelConnections(d: ZtunnelDump): string {
  const w = new GoTabwriter({ minwidth: 0, padding: 1 });
  const serviceNames = new Map<string, string>();
  for (const s of d.services) serviceNames.set(afterSlash(s.vips[0] ?? '') || 'None', s.hostname);
  const workloadNames = new Map<string, string>();
  for (const x of d.workloads) workloadNames.set(x.workloadIps[0] || 'None', `${x.name}.${x.namespace}`);
  const lookup = (addr: string): string => {
    const hp = splitHostPort(addr);
    if (!hp) return addr;
    const name = serviceNames.get(hp[0]) ?? workloadNames.get(hp[0]);
    if (name === undefined) return addr;
    return name.includes(':') ? `[${name}]:${hp[1]}` : `${name}:${hp[1]}`;
  };
  w.line('WORKLOAD', 'DIRECTION', 'LOCAL', 'REMOTE', 'REMOTE TARGET', 'PROTOCOL');
  const states = goSortFunc([...d.workloadState], (a, b) => goCompare(a.namespace, b.namespace) || goCompare(a.name, b.name));
  for (const s of states) {
    const name = `${s.name}.${s.namespace}`;
    for (const c of s.inbound) w.line(name, 'Inbound', lookup(c.actualDst), lookup(c.src), c.originalDst, c.protocol);
    for (const c of s.outbound) w.line(name, 'Outbound', lookup(c.src), lookup(c.actualDst), lookup(c.originalDst), c.protocol);
  }
  return w.flush();
}

/** `ztunnel-config all`: a blank line, then each table separated by blank lines. */
export function renderZtunnelAll(d: ZtunnelDump, now: Date): string {
  return ['', renderZtunnelWorkloads(d), renderZtunnelServices(d), renderZtunnelPolicies(d), renderZtunnelCertificates(d, now), renderZtunnelConnections(d)].join('\n');
}

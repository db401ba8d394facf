/**
 * Ambient mode from ztunnel config dumps: enrolled pods ztunnel does not know, waypoints that are
 * referenced but do not resolve to a service, and ztunnel certificates that failed.
 */
import type { Finding } from '../../model/finding.js';
import { CHECKS, podRef, proxyFinding } from './checks.js';
import type { ProxyAnalysisInput, ProxySnapshot } from '../snapshot.js';

export function checkAmbient(input: ProxyAnalysisInput): Finding[] {
  const out: Finding[] = [];
  const zs = input.proxies.filter((p): p is ProxySnapshot & { ztunnel: NonNullable<ProxySnapshot['ztunnel']> } => !!p.ztunnel && !!p.files.config_dump);
  if (zs.length === 0) return out;
  const knownIps = new Set(zs.flatMap((p) => p.ztunnel.workloads.flatMap((w) => w.workloadIps)));
  const knownPods = new Set(zs.flatMap((p) => p.ztunnel.workloads.map((w) => `${w.namespace}/${w.name}`)));
  const unknown = (input.ambientPods ?? []).filter((a) => !knownPods.has(`${a.namespace}/${a.name}`) && !(a.ip && knownIps.has(a.ip)));
  if (unknown.length) {
    const z = zs[0];
    out.push(proxyFinding(CHECKS.ztunnelUnknownWorkload, unknown.map((u) => `${u.namespace}/${u.name}`).sort().join(','), {
      data: { count: unknown.length, ztunnel: `${z.namespace}/${z.pod}`, pods: unknown.slice(0, 10).map((u) => `${u.namespace}/${u.name}`).join(', ') },
      evidence: [
        { file: z.files.config_dump!, jsonPath: '$.workloads', excerpt: `${z.ztunnel.workloads.length} workloads` },
        ...unknown.slice(0, 5).filter((u) => u.file).map((u) => ({ file: u.file!, line: u.line, excerpt: `Pod ${u.namespace}/${u.name}` })),
      ],
      resources: unknown.slice(0, 50).map((u) => ({ kind: 'Pod', namespace: u.namespace, name: u.name })), count: unknown.length,
    }));
  }
  for (const z of zs) {
    const d = z.ztunnel;
    const resolves = (dest: string) => d.services.some((s) => `${s.namespace}/${s.hostname}` === dest || s.vips.includes(dest));
    const users = [
      ...d.workloads.filter((w) => w.waypoint && !resolves(w.waypoint.destination)).map((w) => ({ dest: w.waypoint!.destination, path: `${w.jsonPath}.waypoint` })),
      ...d.services.filter((s) => s.waypoint && !resolves(s.waypoint.destination)).map((s) => ({ dest: s.waypoint!.destination, path: `${s.jsonPath}.waypoint` })),
    ];
    const byDest = new Map<string, string[]>();
    for (const u of users) byDest.set(u.dest, [...(byDest.get(u.dest) ?? []), u.path]);
    for (const [dest, paths] of byDest) {
      out.push(proxyFinding(CHECKS.waypointMissing, `${z.namespace}/${z.pod}/${dest}`, {
        data: { count: paths.length, waypoint: dest, ztunnel: `${z.namespace}/${z.pod}` },
        evidence: paths.slice(0, 5).map((jsonPath) => ({ file: z.files.config_dump!, jsonPath, excerpt: `waypoint ${dest}` })), resources: [podRef(z)], count: paths.length,
      }));
    }
    for (const c of d.certificates) {
      const failed = /unavailable|error|fail/i.test(c.state);
      if (!failed && !/initializing/i.test(c.state)) continue;
      out.push(proxyFinding(CHECKS.ztunnelCertFailure, `${z.namespace}/${z.pod}/${c.identity}`, {
        data: { ztunnel: `${z.namespace}/${z.pod}`, identity: c.identity, state: c.state.slice(0, 200) },
        evidence: [{ file: z.files.config_dump!, jsonPath: c.jsonPath, excerpt: `${c.identity}: ${c.state}`.slice(0, 200) }], resources: [podRef(z)],
        severity: failed ? 'error' : 'warning',
      }));
    }
  }
  return out;
}

/**
 * Certificates held by each proxy, judged at the bundle's capture time: expired, not yet valid, close
 * to expiry (past the point rotation should have happened), roots that differ between proxies, trust
 * domains that differ, and SDS secrets that never arrived. Sources: the config dump's SDS secrets
 * (PEM, parsed here) and, when a proxy has no dump, Envoy's `/certs`.
 */
import type { Evidence, Finding } from '../../model/finding.js';
import { spiffeTrustDomain } from '../../parse/envoy/x509.js';
import { secretRows } from '../render/secret.js';
import { CHECKS, podRef, proxyFinding } from './checks.js';
import type { ProxySnapshot } from '../snapshot.js';

const DAY = 86_400_000;
const SKEW_TOLERANCE_MS = 5 * 60_000;

export interface HeldCert {
  proxy: ProxySnapshot;
  role: 'workload' | 'root';
  serial: string;
  notBefore?: string;
  notAfter?: string;
  sans: string[];
  evidence: Evidence;
}

/** The certificates a proxy holds: SDS `default` / `ROOTCA` from its dump, else `/certs`. */
export function heldCerts(p: ProxySnapshot, at: Date): HeldCert[] {
  const out: HeldCert[] = [];
  if (p.configDump && p.files.config_dump && p.configDump.secrets().length > 0) {
    for (const r of secretRows(p.configDump, at)) {
      if (!r.cert || r.state === 'WARMING') continue;
      out.push({
        proxy: p, role: r.type === 'CA' ? 'root' : 'workload', serial: r.serial, notBefore: r.notBefore, notAfter: r.notAfter,
        sans: r.cert.uris, evidence: { file: p.files.config_dump, jsonPath: r.jsonPath, excerpt: `${r.name} serial ${r.serial} ${r.notBefore} → ${r.notAfter}` },
      });
    }
    return out;
  }
  for (const c of p.certs ?? []) {
    if (!p.files.certs) break;
    out.push({
      proxy: p, role: c.kind === 'ca' ? 'root' : 'workload', serial: c.serial, notBefore: c.validFrom, notAfter: c.expiration, sans: c.sans,
      evidence: { file: p.files.certs, jsonPath: c.jsonPath, excerpt: `serial ${c.serial} ${c.validFrom ?? '?'} → ${c.expiration ?? '?'}` },
    });
  }
  return out;
}

function label(c: HeldCert): string {
  return c.role === 'root' ? 'Root CA' : 'Workload';
}

function proxyName(p: ProxySnapshot): string {
  return `${p.namespace}/${p.pod}`;
}

export function checkCerts(proxies: ProxySnapshot[], capturedAt?: string): Finding[] {
  const out: Finding[] = [];
  const at = capturedAt ? new Date(capturedAt) : undefined;
  const now = at && !Number.isNaN(at.getTime()) ? at.getTime() : undefined;
  const rootsByProxy = new Map<ProxySnapshot, Map<string, HeldCert>>();
  const domains = new Map<string, HeldCert[]>();
  for (const p of proxies) {
    for (const s of p.configDump?.secrets() ?? []) {
      if (s.state !== 'warming' || !p.files.config_dump) continue;
      const f = proxyFinding(CHECKS.secretWarming, `${p.namespace}/${p.pod}/${s.name}`, {
        data: { secret: s.name, proxy: proxyName(p) }, evidence: [{ file: p.files.config_dump, jsonPath: s.jsonPath, excerpt: `dynamic_warming_secrets: ${s.name}` }], resources: [podRef(p)],
      });
      const credential = s.name !== 'default' && s.name !== 'ROOTCA' && s.name.startsWith('kubernetes://');
      out.push(credential ? { ...f, rootCauses: ['gateway-credential-missing'] } : f);
    }
    if (now === undefined) continue;
    const certs = heldCerts(p, new Date(now));
    for (const c of certs) {
      const nb = c.notBefore ? Date.parse(c.notBefore) : NaN;
      const na = c.notAfter ? Date.parse(c.notAfter) : NaN;
      const data = { which: label(c), serial: c.serial, proxy: proxyName(p), notAfter: c.notAfter ?? '', notBefore: c.notBefore ?? '', capturedAt: capturedAt! };
      const key = `${p.namespace}/${p.pod}/${c.role}/${c.serial}`;
      // an expired certificate broke things when it expired: that is its time on the timeline
      if (na < now) out.push(proxyFinding(CHECKS.certExpired, key, { data, evidence: [c.evidence], resources: [podRef(p)], firstSeen: c.notAfter }));
      else if (nb > now + SKEW_TOLERANCE_MS) out.push(proxyFinding(CHECKS.certNotYetValid, key, { data, evidence: [c.evidence], resources: [podRef(p)] }));
      else if (Number.isFinite(na) && Number.isFinite(nb)) {
        const remaining = na - now;
        const lifetime = na - nb;
        if (remaining <= 30 * DAY && remaining < lifetime / 2) {
          out.push(proxyFinding(CHECKS.certExpiring, key, {
            data: { ...data, days: Math.floor(remaining / DAY) }, evidence: [c.evidence], resources: [podRef(p)],
            severity: remaining <= 7 * DAY ? 'warning' : 'info',
          }));
        }
      }
      if (c.role === 'root') {
        const m = rootsByProxy.get(p) ?? new Map<string, HeldCert>();
        m.set(c.serial, c);
        rootsByProxy.set(p, m);
      } else {
        for (const san of c.sans) {
          const td = spiffeTrustDomain(san);
          if (td) domains.set(td, [...(domains.get(td) ?? []), c]);
        }
      }
    }
  }
  out.push(...rootMismatch(rootsByProxy));
  if (domains.size > 1) {
    const ev = [...domains.values()].map((cs) => cs[0].evidence);
    out.push(proxyFinding(CHECKS.trustDomainMismatch, [...domains.keys()].sort().join(','), {
      data: { count: domains.size, domains: [...domains.keys()].sort().join(', ') }, evidence: ev,
      resources: [...domains.values()].flat().map((c) => podRef(c.proxy)).slice(0, 20),
    }));
  }
  return out;
}

/** Proxies whose root sets share no certificate with some other proxy's. */
function rootMismatch(rootsByProxy: Map<ProxySnapshot, Map<string, HeldCert>>): Finding[] {
  const entries = [...rootsByProxy.entries()];
  const groups = new Map<string, Array<[ProxySnapshot, Map<string, HeldCert>]>>();
  for (const e of entries) {
    const key = [...e[1].keys()].sort().join('+');
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const keys = [...groups.keys()];
  const disjoint = keys.some((a, i) => keys.slice(i + 1).some((b) => !a.split('+').some((s) => b.split('+').includes(s))));
  if (!disjoint) return [];
  const detail = keys.map((k) => `${k} (${groups.get(k)!.length} proxy(ies), e.g. ${proxyName(groups.get(k)![0][0])})`).join('; ');
  const evidence = keys.flatMap((k) => [...groups.get(k)![0][1].values()].slice(0, 1).map((c) => c.evidence));
  return [proxyFinding(CHECKS.rootMismatch, keys.sort().join('|'), {
    data: { roots: keys.length, detail }, evidence, resources: entries.map(([p]) => podRef(p)).slice(0, 50), count: entries.length,
  })];
}

/**
 * Linkerd identity certificates, judged at the capture time: the trust anchors (ConfigMap
 * `linkerd-identity-trust-roots` `ca-bundle.crt`, Linkerd 2.12+; else `linkerd-config`, whose `values` carries
 * `identityTrustAnchorsPEM` and whose older `global` JSON carries `identityContext.trustAnchorsPem`) and the issuer
 * certificate (Secret `linkerd-identity-issuer`: `crt.pem` for `linkerd.io/tls`, `tls.crt` for `kubernetes.io/tls`;
 * the parser keeps these public values for this Secret only, and never a key). Findings: a certificate expired or
 * not yet valid at capture (MSH8006), expiring within 60 days (MSH8008, the threshold `linkerd check` warns at),
 * and an issuer not issued by any anchor (MSH8007): its authorityKeyIdentifier is none of the anchors'
 * subjectKeyIdentifiers (a root regenerated with the same name is caught), or, when the key ids are absent, its
 * issuer name is none of the anchors' subjects. Signatures are not verified (no crypto in the engine).
 */
import type { Resource } from '../model/k8s.js';
import { makeFinding, type Evidence, type Finding } from '../model/finding.js';
import { base64Decode, parsePemChain, type CertInfo } from '../parse/envoy/x509.js';
import { LINKERD_CHECKS } from './checks.js';

const DAY = 86_400_000;
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

interface Found {
  role: 'trust anchor' | 'issuer';
  cert: CertInfo;
  source: string;
  evidence: Evidence;
  resource: Resource;
}

function pemsIn(s: string): string {
  return (s.replace(/\\n/g, '\n').match(PEM) ?? []).join('\n');
}

function certs(r: Resource, role: Found['role'], key: string, pem: string): Found[] {
  const { certs: list } = parsePemChain(pem);
  return list.map((cert) => ({ role, cert, source: `${r.kind} ${r.namespace ?? ''}/${r.name} ${key}`, resource: r, evidence: { file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}), jsonPath: `data.${key}`, excerpt: `${role}: ${cert.subject}, valid ${cert.notBefore} to ${cert.notAfter}` } }));
}

/** The anchors and issuer certificates the resources hold. */
export function linkerdIdentityCerts(resources: readonly Resource[]): { anchors: Found[]; issuers: Found[] } {
  const anchors: Found[] = [];
  const issuers: Found[] = [];
  const roots = resources.find((r) => r.kind === 'ConfigMap' && r.name === 'linkerd-identity-trust-roots');
  const config = resources.find((r) => r.kind === 'ConfigMap' && r.name === 'linkerd-config');
  const data = (r: Resource | undefined): Record<string, unknown> => (r?.obj.data && typeof r.obj.data === 'object' ? (r.obj.data as Record<string, unknown>) : {});
  if (typeof data(roots)['ca-bundle.crt'] === 'string') anchors.push(...certs(roots!, 'trust anchor', 'ca-bundle.crt', pemsIn(data(roots)['ca-bundle.crt'] as string)));
  else {
    for (const key of ['values', 'global']) {
      const v = data(config)[key];
      if (typeof v === 'string' && v.includes('-----BEGIN CERTIFICATE-----')) {
        anchors.push(...certs(config!, 'trust anchor', key, pemsIn(v)));
        break;
      }
    }
  }
  const issuer = resources.find((r) => r.kind === 'Secret' && r.name === 'linkerd-identity-issuer');
  for (const field of ['data', 'stringData'] as const) {
    const m = issuer?.obj[field] as Record<string, unknown> | undefined;
    for (const key of ['crt.pem', 'tls.crt']) {
      const v = m?.[key];
      if (typeof v !== 'string' || !v) continue;
      let pem = v;
      if (field === 'data') {
        try {
          pem = new TextDecoder().decode(base64Decode(v));
        } catch {
          continue;
        }
      }
      issuers.push(...certs(issuer!, 'issuer', key, pem).slice(0, 1)); // the leaf: the issuer certificate itself
    }
  }
  return { anchors, issuers };
}

/** Findings on Linkerd's anchors and issuer at `capturedAt` (RFC3339); the mismatch check needs no time. */
export function linkerdIdentityFindings(resources: readonly Resource[], capturedAt: string | undefined): Finding[] {
  const { anchors, issuers } = linkerdIdentityCerts(resources);
  const out: Finding[] = [];
  const cap = capturedAt ? Date.parse(capturedAt) : NaN;
  for (const f of [...anchors, ...issuers]) {
    const ref = [{ kind: f.resource.kind, name: f.resource.name, ...(f.resource.namespace ? { namespace: f.resource.namespace } : {}) }];
    const key = `${f.role}\u0000${f.cert.serial}`;
    if (Number.isNaN(cap)) continue;
    const data = { role: f.role, subject: f.cert.subject, source: f.source, notBefore: f.cert.notBefore, notAfter: f.cert.notAfter, capturedAt: capturedAt! };
    if (Date.parse(f.cert.notAfter) < cap || Date.parse(f.cert.notBefore) > cap) {
      out.push(makeFinding(LINKERD_CHECKS.certExpired, key, { data: { ...data, state: Date.parse(f.cert.notAfter) < cap ? 'expired' : 'not yet valid' }, resources: ref, evidence: [f.evidence] }));
    } else if (Date.parse(f.cert.notAfter) - cap < 60 * DAY) {
      out.push(makeFinding(LINKERD_CHECKS.certExpiringSoon, key, { data: { ...data, days: Math.floor((Date.parse(f.cert.notAfter) - cap) / DAY) }, resources: ref, evidence: [f.evidence] }));
    }
  }
  const issuer = issuers[0];
  const byKey = issuer?.cert.authorityKeyId !== undefined && anchors.every((a) => a.cert.subjectKeyId !== undefined);
  const issuedBy = (a: Found) => (byKey ? a.cert.subjectKeyId === issuer!.cert.authorityKeyId : a.cert.subject === issuer!.cert.issuer);
  if (issuer && anchors.length && !anchors.some(issuedBy)) {
    out.push(makeFinding(LINKERD_CHECKS.issuerNotFromAnchor, `mismatch\u0000${issuer.cert.serial}`, {
      data: { subject: issuer.cert.subject, issuer: byKey ? `${issuer.cert.issuer}, key ${issuer.cert.authorityKeyId}` : issuer.cert.issuer, anchors: anchors.length, anchorSubjects: anchors.map((a) => `"${a.cert.subject}"${byKey ? ` (key ${a.cert.subjectKeyId})` : ''}`).join(', ') },
      resources: [{ kind: issuer.resource.kind, name: issuer.resource.name, ...(issuer.resource.namespace ? { namespace: issuer.resource.namespace } : {}) }],
      evidence: [issuer.evidence, ...anchors.map((a) => a.evidence)],
    }));
  }
  return out;
}

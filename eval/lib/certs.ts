/**
 * Workload certificates as a sidecar's dumps hold them: Envoy's admin `/certs` (`certs` in the bug-report: one
 * entry per TLS context, `serial_number`, `valid_from`, `expiration_time`, `days_until_expiration` whole days,
 * "0" once expired, as public dumps of stale sidecars show, istio/istio#39985) and the SDS secret `default` in the
 * config dump (`dynamic_active_secrets`: leaf + root PEM as `inline_bytes`, private key printed `[redacted]`).
 *
 * Istio's CA issues a leaf with an empty subject, the SPIFFE URI SAN (critical), NotBefore backdated 2 minutes and
 * NotAfter = issue + TTL (the Sep 2023 archive: valid_from 02:09:06, expiration 02:11:06 next day, agent line
 * `generated new workload certificate … ttl=23h59m59.85s` at 02:11:06). Certificates are built with the seeded
 * X.509 helpers of `samples/generators/lib.ts`; their keys stay in memory and are never written.
 */
import { X509Certificate, createHash, sign } from 'node:crypto';
import { rsaKey, x509Pem, DN, der } from '../../samples/generators/lib.js';
import type { Bundle } from './bundle.js';
import type { K8sObject } from './klist.js';
import { rfc3339 } from './time.js';

export interface Key {
  key: ReturnType<typeof rsaKey>['key'];
  spki: Buffer;
  publicKeyBits: Buffer;
}

/** A throwaway RSA-2048 key from the variant's seeded generator (about 1–2 s). Never written to the bundle. */
export function throwawayKey(b: Bundle): Key {
  return rsaKey(() => b.r.next());
}

/** A 16-byte serial as Istio's CA draws them (hex, as Envoy prints it). */
export function serial(b: Bundle): string {
  // Positive and minimal in DER: first nibble 1–7.
  return b.r.pick(['1', '2', '3', '4', '5', '6', '7']) + b.r.hex(31);
}

/** A self-signed mesh root as istiod writes it (`O=cluster.local`, CA, certSign; 10 years). */
export function rootCert(b: Bundle, key: Key, notBefore: Date, years = 10): { pem: string; serial: string; notBefore: Date; notAfter: Date } {
  const s = serial(b);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const pem = x509Pem({ serial: s, subject: [[DN.O, 'cluster.local']], issuer: [[DN.O, 'cluster.local']], notBefore: rfc3339(notBefore), notAfter: rfc3339(notAfter), publicKey: key, signer: key, ca: true });
  return { pem, serial: s, notBefore, notAfter };
}

/** An X.500 name as [attribute OID, value] pairs in DER order. */
export type Name = Array<[string, string]>;
/** Locality (the third attribute of the Istio tools' plug-in intermediates, `L=cluster1`). */
export const L = '2.5.4.7';

export interface Cert {
  pem: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  subject: Name;
  key: Key;
}

/**
 * A CA certificate: a self-signed root when `issuer` is omitted, else an intermediate signed by `issuer`
 * (keyCertSign+cRLSign, CA, subject key id). `years` of validity from `notBefore`.
 */
export function caCert(b: Bundle, o: { key: Key; subject: Name; notBefore: Date; years: number; issuer?: Cert }): Cert {
  const s = serial(b);
  const notAfter = new Date(o.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + o.years);
  const signer = o.issuer?.key ?? o.key;
  const pem = x509Pem({ serial: s, subject: o.subject, issuer: o.issuer?.subject ?? o.subject, notBefore: rfc3339(o.notBefore), notAfter: rfc3339(notAfter), publicKey: o.key, signer, ca: true });
  return { pem, serial: s, notBefore: o.notBefore, notAfter, subject: o.subject, key: o.key };
}

/**
 * A name as Go's `pkix.Name.String()` prints it (istiod's `x509 cert - Issuer: …` lines): RFC 2253, attributes in
 * reverse order.
 */
export function goName(n: Name): string {
  const short: Record<string, string> = { [DN.O]: 'O', [DN.CN]: 'CN', [L]: 'L' };
  return [...n].reverse().map(([oid, v]) => `${short[oid] ?? oid}=${v}`).join(',');
}

/**
 * istiod's own serving certificate as `CA.GenKeyCert` issues it for its DNS names (`Generating istiod-signed cert
 * for [ istio-pilot.istio-system.svc …]`): empty subject, digitalSignature+keyEncipherment, server and client auth,
 * the DNS names as SANs (istiod's list starts with an empty name, as the real certificate shows), NotBefore
 * backdated 2 minutes, signed by `issuer`.
 */
export function dnsCert(b: Bundle, o: { names: string[]; issuedAt: Date; ttlMs: number; key: Key; issuer: Cert }): Cert {
  const s = serial(b);
  const notBefore = new Date(o.issuedAt.getTime() - 2 * 60_000);
  const notAfter = new Date(o.issuedAt.getTime() + o.ttlMs);
  const keyId = (bits: Buffer): Buffer => createHash('sha1').update(bits).digest();
  const ext = (oid: string, critical: boolean, value: Buffer): Buffer => der.seq(der.oid(oid), ...(critical ? [der.bool(true)] : []), der.octets(value));
  const name = (n: Name): Buffer => der.seq(...n.map(([oid, v]) => der.set(der.seq(der.oid(oid), der.utf8(v)))));
  const alg = der.seq(der.oid('1.2.840.113549.1.1.11'), der.null());
  const tbs = der.seq(
    der.ctx(0, der.int(2n)), der.int(Buffer.from(s, 'hex')), alg, name(o.issuer.subject), der.seq(der.time(rfc3339(notBefore)), der.time(rfc3339(notAfter))), name([]), o.key.spki,
    der.ctx(3, der.seq(
      ext('2.5.29.15', true, der.bits(Buffer.from([0xa0]), 5)),
      ext('2.5.29.37', false, der.seq(der.oid('1.3.6.1.5.5.7.3.1'), der.oid('1.3.6.1.5.5.7.3.2'))),
      ext('2.5.29.19', true, der.seq()),
      ext('2.5.29.35', false, der.seq(der.ctx(0, keyId(o.issuer.key.publicKeyBits), false))),
      ext('2.5.29.17', true, der.seq(...o.names.map((d) => der.ctx(2, Buffer.from(d, 'ascii'), false)))),
    )),
  );
  const cert = der.seq(tbs, alg, der.bits(sign('sha256', tbs, o.issuer.key.key)));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { pem, serial: s, notBefore, notAfter, subject: [], key: o.key };
}

/**
 * A workload leaf for `spiffe` issued at `issuedAt` with `ttlMs` (NotBefore backdated 2 min as Istio's CA does).
 * `signer` signs; `issuerKeyBits` (the issuing root's public key) gives the authority key id, so a leaf can name
 * the real root of an archive even though only a throwaway key can sign it. `issuer` is the issuing CA's name
 * (default `O=cluster.local`, istiod's self-signed root).
 */
export function workloadCert(b: Bundle, o: { spiffe: string; issuedAt: Date; ttlMs: number; key: Key; signer: Key; issuerKeyBits?: Buffer; issuer?: Name }): { pem: string; serial: string; notBefore: Date; notAfter: Date } {
  const s = serial(b);
  const notBefore = new Date(o.issuedAt.getTime() - 2 * 60_000);
  const notAfter = new Date(o.issuedAt.getTime() + o.ttlMs);
  const pem = x509Pem({
    serial: s, subject: [], issuer: o.issuer ?? [[DN.O, 'cluster.local']], notBefore: rfc3339(notBefore), notAfter: rfc3339(notAfter),
    publicKey: o.key, signer: { key: o.signer.key, publicKeyBits: o.issuerKeyBits ?? o.signer.publicKeyBits }, uris: [o.spiffe],
  });
  return { pem, serial: s, notBefore, notAfter };
}

/** The PKCS#1 public key bits of a PEM certificate (what Go hashes for the subject key id). */
export function publicKeyBits(pem: string): Buffer {
  return new X509Certificate(pem).publicKey.export({ type: 'pkcs1', format: 'der' });
}

const CONFIG_DUMP = 'config_dump?include_eds';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----(?:\n|$)/g;

function proxyDir(p: K8sObject): string {
  return `proxies/${p.metadata.namespace}/${p.metadata.name}`;
}

/** The PEM blocks of the SDS secret `name` (`default` or `ROOTCA`) in a proxy's config dump. */
export function sdsPems(b: Bundle, p: K8sObject, name: 'default' | 'ROOTCA'): string[] {
  const dump = JSON.parse(b.archive.text(`${proxyDir(p)}/${CONFIG_DUMP}`));
  for (const c of dump.configs as any[]) {
    for (const s of (c.dynamic_active_secrets ?? []) as any[]) {
      if (s.name !== name) continue;
      const bytes = name === 'default' ? s.secret.tls_certificate.certificate_chain.inline_bytes : s.secret.validation_context.trusted_ca.inline_bytes;
      return Buffer.from(bytes as string, 'base64').toString('utf8').match(PEM_BLOCK) ?? [];
    }
  }
  return [];
}

/**
 * Replace an SDS secret's PEM and `last_updated` in a proxy's config dump, editing the text in place so every
 * other byte of Envoy's one-space-indented JSON stays as it was. The agent's ROOTCA bundle has no newline after
 * its last PEM (as in the Sep 2023 dumps); the `default` chain keeps one.
 */
export function setSdsSecret(b: Bundle, p: K8sObject, name: 'default' | 'ROOTCA', pems: string[], lastUpdated: Date): void {
  const rel = `${proxyDir(p)}/${CONFIG_DUMP}`;
  let text = b.archive.text(rel);
  const at = text.indexOf(`"name": "${name}",\n`, text.indexOf('dynamic_active_secrets'));
  if (at < 0) throw new Error(`${rel}: SDS secret ${name} not found`);
  const updated = /("last_updated": ")[^"]+(")/.exec(text.slice(at));
  if (updated) {
    const i = at + updated.index;
    text = text.slice(0, i) + `${updated[1]}${lastUpdated.toISOString()}${updated[2]}` + text.slice(i + updated[0].length);
  }
  const bytes = /("inline_bytes": ")([^"]*)(")/.exec(text.slice(at));
  if (!bytes) throw new Error(`${rel}: SDS secret ${name} has no inline_bytes`);
  const pem = pems.join('');
  const value = Buffer.from(name === 'ROOTCA' ? pem.replace(/\n$/, '') : pem, 'utf8').toString('base64');
  const i = at + bytes.index + bytes[1]!.length;
  text = text.slice(0, i) + value + text.slice(i + bytes[2]!.length);
  b.archive.setText(rel, text);
}

/** Whole days until `notAfter` as Envoy's `/certs` prints them ("0" once expired). */
function daysLeft(notAfter: Date, at: Date): string {
  return String(Math.max(0, Math.floor((notAfter.getTime() - at.getTime()) / 86_400_000)));
}

/**
 * Rewrite every `/certs` entry of a proxy that shows the certificate `oldSerial` (leaf or CA) with a new serial,
 * validity and days left at capture; the file's layout is kept.
 */
export function setCertsEntry(b: Bundle, p: K8sObject, oldSerial: string, c: { serial: string; notBefore: Date; notAfter: Date }): number {
  const rel = `${proxyDir(p)}/certs`;
  let n = 0;
  const text = b.archive.text(rel).replace(
    new RegExp(`("serial_number": ")${oldSerial}(",\\n[\\s\\S]*?"days_until_expiration": ")\\d+(",\\n\\s*"valid_from": ")[^"]+(",\\n\\s*"expiration_time": ")[^"]+(")`, 'g'),
    (_m, a: string, s2: string, s3: string, s4: string, s5: string) => {
      n++;
      return `${a}${c.serial}${s2}${daysLeft(c.notAfter, b.capture)}${s3}${rfc3339(c.notBefore)}${s4}${rfc3339(c.notAfter)}${s5}`;
    },
  );
  b.archive.setText(rel, text);
  return n;
}

/** Serial of the leaf a proxy's `/certs` shows first. */
export function currentLeafSerial(b: Bundle, p: K8sObject): string {
  const certs = JSON.parse(b.archive.text(`${proxyDir(p)}/certs`));
  return certs.certificates[0].cert_chain[0].serial_number as string;
}

/** Serial of the root a proxy's `/certs` shows first. */
export function currentRootSerial(b: Bundle, p: K8sObject): string {
  const certs = JSON.parse(b.archive.text(`${proxyDir(p)}/certs`));
  return certs.certificates[0].ca_cert[0].serial_number as string;
}

/** `envoy_server_days_until_first_cert_expiring` in the proxy's Prometheus stats. */
export function setDaysUntilFirstCertExpiring(b: Bundle, p: K8sObject, days: number): void {
  const rel = `${proxyDir(p)}/stats/prometheus`;
  if (!b.archive.has(rel)) return;
  b.archive.setText(rel, b.archive.text(rel).replace(/^(envoy_server_days_until_first_cert_expiring\{\}) \d+$/m, `$1 ${days}`));
}

/**
 * Give a proxy the workload certificate a new CA issued at `issuedAt` (24 h, as the archive's): a leaf signed by
 * `issuer` (the root or, for a plug-in CA, its intermediate) with `chain` (the CA certificates above the leaf, root
 * last) in the SDS `default` secret and `/certs`, and the root in the SDS `ROOTCA` secret and every `/certs`
 * `ca_cert` entry. Returns the leaf.
 */
export function reissue(b: Bundle, p: K8sObject, o: { spiffe: string; issuedAt: Date; issuer: Cert; chain: Cert[]; leafKey: Key }): { pem: string; serial: string; notBefore: Date; notAfter: Date } {
  const root = o.chain[o.chain.length - 1]!;
  const leaf = workloadCert(b, { spiffe: o.spiffe, issuedAt: o.issuedAt, ttlMs: 24 * 3_600_000, key: o.leafKey, signer: o.issuer.key, issuer: o.issuer.subject });
  const oldLeaf = currentLeafSerial(b, p);
  const oldRoot = currentRootSerial(b, p);
  if (setCertsEntry(b, p, oldLeaf, leaf) === 0) throw new Error(`${p.metadata.name}: leaf ${oldLeaf} not in certs`);
  if (setCertsEntry(b, p, oldRoot, root) === 0) throw new Error(`${p.metadata.name}: root ${oldRoot} not in certs`);
  const pushed = new Date(o.issuedAt.getTime() + b.r.int(100, 400));
  setSdsSecret(b, p, 'default', [leaf.pem, ...o.chain.map((c) => c.pem)], pushed);
  setSdsSecret(b, p, 'ROOTCA', [root.pem], pushed);
  return leaf;
}

/**
 * A minimal X.509 reader (RFC 5280, DER) for what proxy analysis needs: serial, validity, subject and
 * issuer names, CA flag (basicConstraints) and SAN URIs/DNS names. Pure TypeScript (no crypto, no
 * signature checks). Used on PEM from Envoy SDS secrets (`inline_bytes`, base64) and ztunnel dumps.
 */
export interface CertInfo {
  /** Lowercase hex of the serial's minimal big-endian bytes (`0193a5…`), as istioctl prints it. */
  serial: string;
  /** RFC3339 UTC, second precision (`2023-05-16T01:32:52Z`). */
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  subject: string;
  issuer: string;
  uris: string[];
  dnsNames: string[];
  /** Lowercase hex of the subjectKeyIdentifier extension (2.5.29.14), when present. */
  subjectKeyId?: string;
  /** Lowercase hex of the authorityKeyIdentifier's keyIdentifier (2.5.29.35 `[0]`), when present. */
  authorityKeyId?: string;
}

export class X509Error extends Error {}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decode standard or URL-safe base64, ignoring whitespace. Throws on other characters. */
export function base64Decode(s: string): Uint8Array {
  const clean = s.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of clean) {
    const v = B64_INDEX.get(c);
    if (v === undefined) throw new X509Error(`invalid base64 character ${JSON.stringify(c)}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** The base64 bodies of every `CERTIFICATE` block in PEM text. */
function pemBodies(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!);
}

/** The DER bodies of every `CERTIFICATE` block in PEM text. @throws X509Error on a body that is not base64. */
export function pemCertificates(pem: string): Uint8Array[] {
  return pemBodies(pem).map(base64Decode);
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(b: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new X509Error('truncated DER');
  const tag = b[pos];
  let len = b[pos + 1];
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new X509Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i];
    p += n;
  }
  if (p + len > limit) throw new X509Error('DER value runs past its container');
  return { tag, start: p, end: p + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end; ) {
    const c = readTlv(b, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

function ascii(b: Uint8Array, t: Tlv): string {
  return new TextDecoder().decode(b.subarray(t.start, t.end));
}

function oid(b: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      if (parts.length === 0) parts.push(Math.min(2, Math.floor(v / 40)), v - Math.min(2, Math.floor(v / 40)) * 40);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

function time(b: Uint8Array, t: Tlv): string {
  const s = ascii(b, t);
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new X509Error(`unsupported certificate time ${JSON.stringify(s)}`);
  const year = t.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 + Number(m[1]) : 1900 + Number(m[1])) : Number(m[1]);
  return `${String(year).padStart(4, '0')}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z`;
}

const NAME_ATTRS: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };

function name(b: Uint8Array, t: Tlv): string {
  const parts: string[] = [];
  for (const rdn of children(b, t)) {
    for (const atv of children(b, rdn)) {
      const [type, value] = children(b, atv);
      if (!type || !value) continue;
      const key = NAME_ATTRS[oid(b, type)] ?? oid(b, type);
      parts.push(`${key}=${ascii(b, value)}`);
    }
  }
  return parts.join(',');
}

function hex(b: Uint8Array, t: Tlv): string {
  let out = '';
  for (let k = t.start; k < t.end; k++) out += b[k]!.toString(16).padStart(2, '0');
  return out;
}

/** Parse one DER certificate. Throws {@link X509Error} on malformed input. */
export function parseCertificate(der: Uint8Array): CertInfo {
  const cert = readTlv(der, 0, der.length);
  const [tbs] = children(der, cert);
  if (!tbs || tbs.tag !== 0x30) throw new X509Error('not an X.509 certificate');
  const f = children(der, tbs);
  let i = f[0]?.tag === 0xa0 ? 1 : 0;
  const serialTlv = f[i++];
  i++; // signature algorithm
  const issuerTlv = f[i++];
  const validity = f[i++];
  const subjectTlv = f[i++];
  if (!serialTlv || !validity || !issuerTlv || !subjectTlv) throw new X509Error('truncated TBSCertificate');
  let serial = '';
  for (let k = serialTlv.start; k < serialTlv.end; k++) serial += der[k].toString(16).padStart(2, '0');
  serial = serial.replace(/^(00)+/, '') || '00';
  const [nb, na] = children(der, validity);
  const info: CertInfo = {
    serial, notBefore: time(der, nb), notAfter: time(der, na), isCA: false,
    subject: name(der, subjectTlv), issuer: name(der, issuerTlv), uris: [], dnsNames: [],
  };
  const extWrap = f.slice(i).find((t) => t.tag === 0xa3);
  if (extWrap) {
    const [exts] = children(der, extWrap);
    for (const ext of exts ? children(der, exts) : []) {
      const parts = children(der, ext);
      const id = oid(der, parts[0]);
      const value = parts[parts.length - 1];
      const inner = readTlv(der, value.start, value.end);
      if (id === '2.5.29.19') {
        const bc = children(der, inner);
        info.isCA = bc[0]?.tag === 0x01 && der[bc[0].start] !== 0;
      } else if (id === '2.5.29.14' && inner.tag === 0x04) {
        info.subjectKeyId = hex(der, inner);
      } else if (id === '2.5.29.35') {
        const keyId = children(der, inner).find((c) => c.tag === 0x80);
        if (keyId) info.authorityKeyId = hex(der, keyId);
      } else if (id === '2.5.29.17') {
        for (const gn of children(der, inner)) {
          if (gn.tag === 0x86) info.uris.push(ascii(der, gn));
          else if (gn.tag === 0x82) info.dnsNames.push(ascii(der, gn));
        }
      }
    }
  }
  return info;
}

/** Parse every certificate in PEM text; malformed blocks are skipped and reported in `errors`. */
export function parsePemChain(pem: string): { certs: CertInfo[]; errors: string[] } {
  const certs: CertInfo[] = [];
  const errors: string[] = [];
  for (const body of pemBodies(pem)) {
    try {
      certs.push(parseCertificate(base64Decode(body)));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return { certs, errors };
}

/** The trust domain of a SPIFFE ID (`spiffe://cluster.local/ns/a/sa/b` → `cluster.local`). */
export function spiffeTrustDomain(uri: string): string | undefined {
  const m = /^spiffe:\/\/([^/]+)/.exec(uri);
  return m ? m[1] : undefined;
}

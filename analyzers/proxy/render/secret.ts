/**
 * `proxy-config secret`, as `istioctl proxy-config secret` prints it
 * (`istioctl/pkg/writer/compare/sds`): one row per SDS secret (warming first, then active), with the
 * first certificate's type (CA / Cert Chain), serial, validity window and whether it is valid at `now`.
 * Secrets whose validation context uses the SPIFFE cert validator get one row per trust domain and a
 * TRUST DOMAIN column. istioctl judges validity against the wall clock; we judge it against `now`, which
 * callers set to the bundle's capture time.
 */
import type { ConfigDump } from '../../parse/envoy/configdump.js';
import { arr, obj, str } from '../../parse/envoy/fields.js';
import { base64Decode, parsePemChain, spiffeTrustDomain, type CertInfo } from '../../parse/envoy/x509.js';
import { GoTabwriter } from '../go/tabwriter.js';

export interface SecretRow {
  name: string;
  /** `CA`, `Cert Chain`, or empty when there is no certificate. */
  type: string;
  /** ACTIVE | WARMING | UNINITIALIZED. */
  state: string;
  valid: boolean;
  serial: string;
  notAfter: string;
  notBefore: string;
  trustDomain?: string;
  cert?: CertInfo;
  jsonPath: string;
}

function dataSource(ds: unknown): string {
  const b = str(ds, 'inline_bytes');
  if (b) {
    try {
      return new TextDecoder().decode(base64Decode(b));
    } catch {
      return '';
    }
  }
  return str(ds, 'inline_string');
}

function row(name: string, state: string, pem: string, now: Date, jsonPath: string, trustDomain?: string): SecretRow {
  const r: SecretRow = { name, type: '', state, valid: false, serial: '', notAfter: '', notBefore: '', jsonPath, trustDomain };
  if (!pem) return r;
  const cert = parsePemChain(pem).certs[0];
  if (!cert) return r;
  const t = now.getTime();
  return {
    ...r, cert, type: cert.isCA ? 'CA' : 'Cert Chain', serial: cert.serial, notAfter: cert.notAfter, notBefore: cert.notBefore,
    valid: t > Date.parse(cert.notBefore) && t < Date.parse(cert.notAfter),
  };
}

/** Secret rows in istioctl's order. `now` decides VALID CERT (use the bundle's capture time). */
export function secretRows(dump: ConfigDump, now: Date): SecretRow[] {
  const rows: SecretRow[] = [];
  for (const s of dump.secrets()) {
    if (s.state === 'static') continue;
    const state = s.state === 'warming' ? 'WARMING' : s.versionInfo === 'uninitialized' ? 'UNINITIALIZED' : 'ACTIVE';
    const secret = s.value;
    const chain = dataSource(obj(obj(secret, 'tls_certificate'), 'certificate_chain'));
    const vc = obj(secret, 'validation_context');
    const ca = dataSource(obj(vc, 'trusted_ca'));
    const domains = arr(obj(obj(vc, 'custom_validator_config'), 'typed_config'), 'trust_domains');
    if (chain) {
      const r = row(s.name, state, chain, now, s.jsonPath);
      r.trustDomain = r.cert?.uris.map(spiffeTrustDomain).find((d) => d !== undefined);
      rows.push(r);
    } else if (ca) {
      rows.push(row(s.name, state, ca, now, s.jsonPath));
    } else if (domains.length) {
      domains.forEach((d) => rows.push(row(s.name, state, dataSource(obj(d, 'trust_bundle')), now, s.jsonPath, str(d, 'name'))));
    } else {
      rows.push(row(s.name, state, '', now, s.jsonPath));
    }
  }
  return rows;
}

/** The secret table. `withPrefix` names rows `secret/<name>` (`proxy-config all`). */
export function renderSecretSummary(dump: ConfigDump, now: Date, withPrefix = false): string {
  const active = dump.secrets().filter((s) => s.state !== 'static');
  if (active.length === 0) return 'No active or warming secrets found.\n';
  const rows = secretRows(dump, now);
  const withTd = rows.some((r) => r.trustDomain !== undefined && r.type === 'CA');
  const w = new GoTabwriter({ minwidth: 0, padding: 5 });
  w.line('RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE', ...(withTd ? ['TRUST DOMAIN'] : []));
  for (const r of rows) {
    const cells = [withPrefix ? `secret/${r.name}` : r.name, r.type, r.state, r.valid, r.serial, r.notAfter, r.notBefore];
    w.line(...cells, ...(withTd ? [r.trustDomain ?? ''] : []));
  }
  return w.flush();
}

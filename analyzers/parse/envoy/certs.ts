/**
 * Envoy admin `/certs` (`envoy.admin.v3.Certificates`; a bug-report's `proxies/<ns>/<pod>/certs`):
 * `{ "certificates": [ { "ca_cert": [CertificateDetails], "cert_chain": [CertificateDetails] } ] }`,
 * one entry per TLS context, so the same certificate repeats. CertificateDetails has `path`,
 * `serial_number` (hex), `subject_alt_names` (`{uri}` / `{dns}`), `days_until_expiration`, `valid_from`
 * and `expiration_time` (RFC3339). Duplicates are folded; each kept certificate names its first JSON path.
 */
import { arr, str } from './fields.js';

export interface EnvoyCert {
  kind: 'ca' | 'chain';
  serial: string;
  validFrom?: string;
  expiration?: string;
  sans: string[];
  path: string;
  jsonPath: string;
}

export class CertsError extends Error {}

/** Parse `/certs`. Throws {@link CertsError} when the text is not JSON. */
export function parseCerts(text: string): EnvoyCert[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CertsError(`not JSON: ${(e as Error).message}`);
  }
  const out: EnvoyCert[] = [];
  const seen = new Set<string>();
  arr(raw, 'certificates').forEach((c, i) => {
    for (const [key, kind] of [['ca_cert', 'ca'], ['cert_chain', 'chain']] as const) {
      arr(c, key).forEach((d, j) => {
        const serial = str(d, 'serial_number').toLowerCase();
        const id = `${kind}\u0000${serial}\u0000${str(d, 'valid_from')}`;
        if (seen.has(id)) return;
        seen.add(id);
        out.push({
          kind, serial, validFrom: str(d, 'valid_from') || undefined, expiration: str(d, 'expiration_time') || undefined,
          sans: arr(d, 'subject_alt_names').map((s) => str(s, 'uri') || str(s, 'dns') || str(s, 'ip_address')).filter((s) => s !== ''),
          path: str(d, 'path'), jsonPath: `$.certificates[${i}].${key}[${j}]`,
        });
      });
    }
  });
  return out;
}

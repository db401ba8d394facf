/**
 * samples/cert-expired (plugged-in root CA expired, workload certificates expired after rotation failed)
 * through the whole engine: the right root cause, evidence that really is at the cited file:line or JSON path
 * (certificates decoded and checked with node:crypto, not with the engine's own X.509 reader), its symptoms
 * kept as symptoms, and no private key anywhere in the bundle.
 */
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Evidence, Report } from '../../analyzers/report/schema.js';
import { reportProblems } from './report-shape.js';

const SAMPLE = 'samples/cert-expired';
const CAPTURED = '2026-04-11T07:02:00Z';
const ROOT_NOT_AFTER = '2026-04-11T06:00:00Z';
const read = (file: string) => readFileSync(join(SAMPLE, file), 'utf8');
const lineOf = (file: string, line: number) => read(file).split('\n')[line - 1];

/** Resolve `$.a[1].b["c"]` in parsed JSON. */
function atPath(doc: unknown, path: string): any {
  let v: any = doc;
  for (const m of path.slice(1).matchAll(/\.([A-Za-z_@][\w@]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) v = v?.[m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3]))];
  return v;
}

const pemBlocks = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const certTime = (x: X509Certificate, which: 'validFrom' | 'validTo') => new Date(x[which]).toISOString().replace('.000Z', 'Z');

/** The certificate an SDS secret in a dump holds (first of the chain), from its base64 PEM. */
function secretCerts(e: Evidence): { secret: any; certs: X509Certificate[] } {
  const secret = atPath(JSON.parse(read(e.file)), e.jsonPath!);
  const s = secret.secret;
  const b64 = s.tls_certificate?.certificate_chain?.inline_bytes ?? s.validation_context?.trusted_ca?.inline_bytes;
  return { secret, certs: pemBlocks(Buffer.from(b64, 'base64').toString('utf8')).map((p) => new X509Certificate(p)) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('samples/cert-expired', () => {
  let r: Report;
  beforeAll(async () => {
    r = await analyzePath(SAMPLE);
  });

  it('is a well-formed report, capture time from the newest log line of the folder', () => {
    expect(reportProblems(r)).toEqual([]);
    expect(r.bundle.format).toBe('istioctl-bug-report');
    expect(r.bundle.capturedAt).toBe(CAPTURED);
    expect(r.bundle.capturedAtSource).toBe('newest-log');
    expect(r.bundle.inventory.proxies).toHaveLength(4);
  });

  it('names workload-cert-expired first; every other cause is unlikely or far behind', () => {
    const [top, ...rest] = r.rootCauses;
    expect(top.id).toBe('workload-cert-expired');
    expect(top.confidence).toBeGreaterThanOrEqual(0.8);
    for (const c of rest) {
      expect(c.confidence < 0.5 || top.confidence - c.confidence >= 0.2, `${c.id} ${c.confidence}`).toBe(true);
    }
    // The TLS and connection failures the expiry causes name no cause of their own.
    for (const id of ['mtls-mode-conflict', 'root-cert-mismatch', 'upstream-connect-failure', 'istiod-unavailable']) {
      expect(r.rootCauses.find((x) => x.id === id)?.confidence ?? 0, id).toBeLessThan(0.5);
    }
    expect(top.found!.filter((c) => c.role === 'defining').map((c) => c.says)).toEqual([
      "a certificate in a proxy's dump (certs, SDS secrets) is expired or not yet valid",
      'logs say a certificate in use expired or is not yet valid (x509 … expired, CERTIFICATE_EXPIRED)',
    ]);
    expect(top.missing!.filter((c) => c.role === 'defining')).toEqual([]);
    expect(top.against).toEqual([]);
  });

  it('backs the cause with expired roots and workload certificates on every proxy, and the x509 expiry errors', () => {
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    const own = r.rootCauses[0].findingIds.map((id) => byId.get(id)!);
    const expired = own.filter((f) => f.code === 'MSH6010');
    expect(expired.filter((f) => f.message.startsWith('Root CA')).map((f) => f.resources[0].name).sort()).toEqual(r.bundle.inventory.proxies.map((p) => p.name).sort());
    expect(expired.filter((f) => f.message.startsWith('Workload'))).toHaveLength(4);
    // one per workload (frontend runs two replicas), naming every proxy that logged the x509 expiry
    const tls = own.filter((f) => f.code === 'SIG-TLS-002');
    expect(tls).toHaveLength(3);
    expect(tls.flatMap((f) => f.resources.filter((x) => x.kind === 'Pod').map((x) => x.name)).sort()).toEqual(r.bundle.inventory.proxies.map((p) => p.name).sort());
    // The failed requests are its supporting evidence (they carry the TLS verification error)…
    const supporting = new Set(r.rootCauses[0].found!.filter((c) => c.role === 'supporting').flatMap((c) => c.findingIds).map((id) => byId.get(id)!.code));
    for (const code of ['SIG-ACCESS-002', 'SIG-TLS-001']) expect(supporting).toContain(code);
    // …and the CA retries against an istiod whose root expired are its symptoms.
    const symptomCodes = new Set(r.rootCauses[0].symptoms.map((s) => byId.get(s.findingId)!.code));
    expect(symptomCodes).toContain('SIG-CA-001');
  });

  it('cites log lines that are really at the cited file and line', () => {
    let checked = 0;
    for (const f of r.findings) {
      for (const e of f.evidence) {
        if (!e.line || !e.excerpt || !e.file.includes('/proxies/')) continue;
        expect(lineOf(e.file, e.line), `${e.file}:${e.line}`).toContain(e.excerpt.replace(/…$/, '').slice(0, 60));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    const sig = r.findings.find((f) => f.code === 'SIG-TLS-002')!.evidence[0];
    expect(lineOf(sig.file, sig.line!)).toContain(`x509: certificate has expired or is not yet valid: current time`);
    expect(lineOf(sig.file, sig.line!)).toContain(`is after ${ROOT_NOT_AFTER}`);
    const uf = r.findings.find((f) => f.code === 'SIG-ACCESS-002')!.evidence[0];
    expect(lineOf(uf.file, uf.line!)).toMatch(/" 503 URX,UF upstream_reset_before_response_started\{remote_connection_failure\|TLS_error:\|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end\}/);
  });

  it('cites SDS secrets whose real certificates expired before capture, chained to the cited root', () => {
    const cited = r.findings.filter((f) => f.code === 'MSH6010').map((f) => f.evidence[0]);
    expect(cited).toHaveLength(8);
    for (const e of cited) {
      expect(e.file).toMatch(/^bug-report\/proxies\/shop\/[^/]+\/config_dump\?include_eds$/);
      const { secret, certs } = secretCerts(e);
      const [first] = certs;
      const [, serial, from, to] = /serial (\w+) (\S+) → (\S+)$/.exec(e.excerpt!)!;
      expect(first.serialNumber.toLowerCase()).toBe(serial);
      expect(certTime(first, 'validFrom')).toBe(from);
      expect(certTime(first, 'validTo')).toBe(to);
      expect(Date.parse(to)).toBeLessThan(Date.parse(CAPTURED));
      if (secret.name === 'ROOTCA') {
        expect(first.ca).toBe(true);
        expect(first.verify(first.publicKey)).toBe(true);
        expect(to).toBe(ROOT_NOT_AFTER);
      } else {
        expect(secret.name).toBe('default');
        expect(first.ca).toBe(false);
        expect(first.subjectAltName).toMatch(/^URI:spiffe:\/\/cluster\.local\/ns\/shop\/sa\/(frontend|cart|catalog)$/);
        const root = certs[1];
        expect(first.verify(root.publicKey)).toBe(true);
        expect(first.checkIssued(root)).toBe(true);
        expect(Buffer.from(secret.secret.tls_certificate.private_key.inline_bytes, 'base64').toString()).toBe('[redacted]');
      }
    }
  });

  it("agrees with Envoy's /certs for each proxy", () => {
    for (const p of r.bundle.inventory.proxies) {
      const dir = `bug-report/proxies/${p.namespace}/${p.name}`;
      const certs = JSON.parse(read(`${dir}/certs`)).certificates[0];
      const dump = JSON.parse(read(`${dir}/config_dump?include_eds`));
      const section = dump.configs.findIndex((c: any) => c['@type'].endsWith('SecretsConfigDump'));
      const index = dump.configs[section].dynamic_active_secrets.findIndex((s: any) => s.name === 'default');
      const [leaf] = secretCerts({ file: `${dir}/config_dump?include_eds`, jsonPath: `$.configs[${section}].dynamic_active_secrets[${index}]` }).certs;
      expect(certs.cert_chain[0].serial_number).toBe(leaf.serialNumber.toLowerCase());
      expect(certs.cert_chain[0].expiration_time).toBe(certTime(leaf, 'validTo'));
      expect(certs.ca_cert[0].expiration_time).toBe(ROOT_NOT_AFTER);
    }
  });

  it('puts the expiry before its symptoms on the timeline', () => {
    const first = (code: string) => {
      const ids = new Set(r.findings.filter((f) => f.code === code).map((f) => f.id));
      const item = r.timeline.find((t) => t.findingId && ids.has(t.findingId));
      expect(item, code).toBeDefined();
      return item!;
    };
    const expiry = first('SIG-TLS-002');
    const uf = first('SIG-ACCESS-002');
    const ca = first('SIG-CA-001');
    expect(expiry.role).toBe('root-cause');
    expect(uf.role).toBe('root-cause');
    expect(ca.role).toBe('symptom');
    expect(Date.parse(ROOT_NOT_AFTER)).toBeLessThan(Date.parse(expiry.time));
    expect(Date.parse(expiry.time)).toBeLessThan(Date.parse(uf.time));
    expect(Date.parse(uf.time)).toBeLessThan(Date.parse(ca.time));
  });

  it('ships no private key', () => {
    const all = filesUnder(SAMPLE);
    expect(all.length).toBeGreaterThan(20);
    for (const f of all) expect(readFileSync(f, 'utf8'), f).not.toMatch(/PRIVATE KEY/);
  });
});

/**
 * A bundle full of secrets (Secret data and stringData in YAML and JSON, the last-applied annotation, a
 * `--full-secrets` secrets file, service-account tokens, TLS keys; JWTs, bearer tokens, private keys and
 * passwords in log lines that signatures cite) gives no secret value in any output format, with or without
 * --redact, and the report says what it redacted.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../analyzers/report/schema.js';
import { baseEntries, expectSafe, tgz, Workspace } from './harness.js';

const ws = new Workspace();
afterAll(() => ws.cleanup());

const b64 = (s: string) => Buffer.from(s).toString('base64');
const DB_PASSWORD = 'Db-Pa55word-9f8e7d6c';
const STRING_DATA = 'stringdata-value-5b4a3c2d';
const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7kEYSECRETKEY';
const PEM_KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`;
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ik1FU0hMRU5TIn0.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNhOnNob3A6Y2FydCJ9.bWVzaGxlbnMtdGVzdC1zaWduYXR1cmUtdmFsdWU';
const BEARER = 'opaque-bearer-token-0123456789abcdef';
const LOG_PASSWORD = 'hunter2-in-a-log-line';
const POD_IP = '10.244.7.31';

/** Every value that must never be shown, raw or base64-encoded. */
const SECRETS = [DB_PASSWORD, STRING_DATA, KEY_BODY, JWT.split('.')[1]!, JWT.split('.')[2]!, BEARER, LOG_PASSWORD, b64(DB_PASSWORD), b64(STRING_DATA), b64(PEM_KEY), b64(JWT)];

const k8s = `apiVersion: v1
items:
- apiVersion: v1
  kind: Secret
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","data":{"password":"${b64(DB_PASSWORD)}"},"kind":"Secret","metadata":{"name":"db-credentials","namespace":"shop"},"stringData":{"extra":"${STRING_DATA}"}}'
    name: db-credentials
    namespace: shop
  data:
    password: ${b64(DB_PASSWORD)}
  stringData:
    extra: ${STRING_DATA}
  type: Opaque
- apiVersion: v1
  kind: Secret
  metadata:
    name: cart-tls
    namespace: shop
  data:
    tls.crt: ${b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')}
    tls.key: ${b64(PEM_KEY)}
  type: kubernetes.io/tls
- apiVersion: v1
  kind: Secret
  metadata:
    annotations:
      kubernetes.io/service-account.name: cart
    name: cart-token-x7k2p
    namespace: shop
  data:
    token: ${b64(JWT)}
  type: kubernetes.io/service-account-token
kind: List
`;

const fullSecrets = `apiVersion: v1
kind: Secret
metadata:
  name: istio-ca-secret
  namespace: istio-system
data:
  ca-key.pem: ${b64(PEM_KEY)}
  ca-cert.pem: ${b64('cert')}
type: istio.io/ca-root
`;

const jsonSecret = JSON.stringify({ apiVersion: 'v1', kind: 'SecretList', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'json-secret', namespace: 'shop' }, data: { password: b64(DB_PASSWORD) }, stringData: { token: JWT } }] });

const log = [
  `2026-03-10T11:51:00.000000Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 2s ago: 16, unauthenticated: token ${JWT} is invalid`,
  `2026-03-10T11:52:00.000000Z\twarn\tca\tca request failed, starting attempt 1 in 101ms: Authorization: Bearer ${BEARER} rejected`,
  `2026-03-10T11:53:00.000000Z\twarn\tca\tca request failed, starting attempt 2 in 202ms: ${PEM_KEY.replace(/\n/g, ' ')}`,
  `2026-03-10T11:54:00.000000Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 3s ago: 16, password=${LOG_PASSWORD} from ${POD_IP}`,
].join('\n') + '\n';

let bundle: string;
beforeAll(async () => {
  bundle = ws.file('secrets.tar.gz', await tgz([
    ...baseEntries(),
    { name: 'bug-report/cluster/k8s-resources', content: k8s },
    { name: 'bug-report/cluster/secrets', content: fullSecrets },
    { name: 'attachments/secrets.json', content: jsonSecret },
    { name: 'bug-report/proxies/shop/cart-1/istio-proxy.log', content: log },
  ]));
});

const CLI = fileURLToPath(new URL('../../bin/meshlens.mjs', import.meta.url));

describe('no secret value in any output', () => {
  it('the JSON report (and its text, Markdown and HTML renderings) holds none, and lists what was redacted and where', async () => {
    const r = await ws.run(bundle);
    const report = expectSafe(r, { secrets: SECRETS })!;
    // the lines were read and cited: their secrets were there to leak
    const cited = report.findings.flatMap((f) => f.evidence).filter((e) => e.file === 'bug-report/proxies/shop/cart-1/istio-proxy.log').map((e) => e.line);
    expect(new Set(cited)).toEqual(new Set([1, 2, 3, 4]));
    expect(report.redaction!.classes).toEqual(['secrets']);
    expect(report.redaction!.counts).toMatchObject({ jwt: expect.any(Number), 'bearer-token': expect.any(Number), 'private-key': expect.any(Number), credential: expect.any(Number), 'secret-data': 9 }); // 2 + 2 + 1 keys in k8s-resources, 2 in secrets, 2 in the JSON list
    expect(report.redaction!.entries).toContainEqual({ kind: 'jwt', path: expect.stringMatching(/^\$\.findings\[\d+\]\.evidence\[\d+\]\.excerpt$/), file: 'bug-report/proxies/shop/cart-1/istio-proxy.log', line: 1, count: 1 });
    expect(report.redaction!.entries).toContainEqual({ kind: 'secret-data', path: 'bundle (parser)', file: 'bug-report/cluster/k8s-resources', line: 3, count: 2 });
    expect(report.bundle.inventory.resources).toBeGreaterThanOrEqual(6); // the Secrets are there, by name
  });

  for (const format of ['json', 'md', 'html', 'text']) {
    for (const redact of [[], ['--redact'], ['--redact=ips,hosts']]) {
      it(`meshlens analyze -f ${format} ${redact.join(' ')}`, () => {
        const out = spawnSync(process.execPath, [CLI, 'analyze', bundle, '-f', format, ...redact], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
        expect(out.status, out.stderr).toBe(0);
        expect(out.stdout.length).toBeGreaterThan(1000);
        for (const s of SECRETS) {
          expect(out.stdout, s).not.toContain(s);
          expect(out.stderr, s).not.toContain(s);
        }
        if (redact[0] === '--redact=ips,hosts') expect(out.stdout).not.toContain(POD_IP);
        else expect(out.stdout).toContain(POD_IP); // IPs are only pseudonymised on request
        if (format === 'json') expect((JSON.parse(out.stdout) as Report).redaction!.classes).toEqual(redact[0] === '--redact=ips,hosts' ? ['secrets', 'ips', 'hosts'] : ['secrets']);
      });
    }
  }

  it('proxy-config never prints a private key either', () => {
    const dump = JSON.stringify({ configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump', dynamic_active_secrets: [{ name: 'default', secret: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name: 'default', tls_certificate: { private_key: { inline_bytes: b64(PEM_KEY) } } } }] }] });
    const file = ws.file('dump.json', dump);
    for (const [what, o] of [['all', 'json'], ['all', 'yaml'], ['secret', 'json'], ['secret', 'short']]) {
      const out = spawnSync(process.execPath, [CLI, 'proxy-config', what!, file, '--pod', '/dump', '-o', o!, '--now', '2026-03-10T12:00:00Z'], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout + out.stderr).not.toContain(b64(PEM_KEY));
      expect(out.stdout + out.stderr).not.toContain(KEY_BODY);
    }
    expect(readFileSync(file, 'utf8')).toContain(b64(PEM_KEY)); // the input did hold it
  });
});

/**
 * Linkerd inputs: `linkerd check` (JSON and text), `linkerd diagnostics proxy-metrics`, and the identity issuer and
 * trust anchors, judged at the capture time; then a whole bundle through the engine.
 *
 * Real outputs: the JSON shape is linkerd2 `cli/cmd/testdata/check_output_json.golden`; check descriptions, errors
 * and hints are linkerd's (PR linkerd/linkerd2#4924 for the identity category, the "Replacing expired certificates"
 * docs for `issuer certificate is not valid anymore. Expired on 2019-12-19T09:21:08Z`, linkerd/linkerd2#11668 for the
 * 60-day warning); `outbound_http_errors_total{error="failfast"}` and the `# POD` header are from linkerd2
 * `cli/cmd/diagnostics_proxy_metrics.go` and the proxy's metric names. Certificates: test/fixtures/linkerd (made
 * with python cryptography as `step certificate create` makes them: ECDSA P-256, SKI/AKI; public certs only).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { linkerdCheckJson, linkerdCheckText, linkerdProxyMetrics } from '../../analyzers/linkerd/outputs.js';
import { linkerdIdentityFindings } from '../../analyzers/linkerd/identity.js';
import { parseResourcesFromText } from '../../analyzers/parse/k8s/resources.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { reportProblems } from '../golden/report-shape.js';
import { gzip, tarBytes, tempDir } from '../ingest/fixtures.js';

const tmp = tempDir();
/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
afterAll(() => tmp.cleanup());

const CHECK_JSON = `{
  "success": false,
  "categories": [
    {
      "categoryName": "kubernetes-api",
      "checks": [
        {
          "description": "can initialize the client",
          "result": "success"
        }
      ]
    },
    {
      "categoryName": "linkerd-identity",
      "checks": [
        {
          "description": "certificate config is valid",
          "result": "success"
        },
        {
          "description": "trust anchors are within their validity period",
          "result": "success"
        },
        {
          "description": "issuer cert is within its validity period",
          "hint": "https://linkerd.io/2/checks/#l5d-identity-issuer-cert-is-time-valid",
          "error": "issuer certificate is not valid anymore. Expired on 2019-12-19T09:21:08Z",
          "result": "error"
        }
      ]
    },
    {
      "categoryName": "linkerd-control-plane-proxy",
      "checks": [
        {
          "description": "control plane proxies are healthy",
          "hint": "https://linkerd.io/2/checks/#l5d-cp-proxy-healthy",
          "error": "The \\"linkerd-destination-6b8b6b6c9d-xg7vk\\" pod is not running",
          "result": "warning"
        }
      ]
    }
  ]
}
`;

const CHECK_TEXT = `linkerd-identity
----------------
√ certificate config is valid
√ trust roots are using supported crypto algorithm
√ trust roots are within their validity period
√ trust roots are valid for at least 60 days
√ issuer cert is using supported crypto algorithm
× issuer cert is within its validity period
    issuer certificate is not valid anymore. Expired on 2019-12-19T09:21:08Z
    see https://linkerd.io/2/checks/#l5d-identity-issuer-cert-is-time-valid for hints
‼ issuer cert is valid for at least 60 days
    issuer certificate will expire on 2022-08-24T02:30:32Z
    see https://linkerd.io/2.12/checks/#l5d-identity-issuer-cert-not-expiring-soon for hints

Status check results are ×
`;

describe('linkerd check', () => {
  it('-o json: each failed check is a finding citing its line and JSON path; identity failures support linkerd-identity-failure', () => {
    const r = linkerdCheckJson(CHECK_JSON, 'case/linkerd-check.json');
    expect(r.warnings).toEqual([]);
    expect(r.findings.map((f) => [f.code, f.severity, f.rootCauses ?? []])).toEqual([['MSH8001', 'error', ['linkerd-identity-failure']], ['MSH8002', 'warning', []]]);
    expect(r.findings[0]).toMatchObject({
      message: 'linkerd check: "issuer cert is within its validity period" failed in linkerd-identity: issuer certificate is not valid anymore. Expired on 2019-12-19T09:21:08Z',
      evidence: [{ file: 'case/linkerd-check.json', line: CHECK_JSON.split('\n').findIndex((l) => l.includes('"issuer cert is within its validity period"')) + 1, jsonPath: '$.categories[1].checks[2]' }],
    });
  });

  it('text: × and ‼ checks with their message and hint', () => {
    const r = linkerdCheckText(CHECK_TEXT, 'check.txt');
    expect(r.findings.map((f) => [f.code, f.evidence[0]!.line, f.data?.error, f.data?.hint])).toEqual([
      ['MSH8001', 8, 'issuer certificate is not valid anymore. Expired on 2019-12-19T09:21:08Z', 'https://linkerd.io/2/checks/#l5d-identity-issuer-cert-is-time-valid'],
      ['MSH8002', 11, 'issuer certificate will expire on 2022-08-24T02:30:32Z', 'https://linkerd.io/2.12/checks/#l5d-identity-issuer-cert-not-expiring-soon'],
    ]);
    expect(r.findings.every((f) => f.rootCauses?.includes('linkerd-identity-failure'))).toBe(true);
  });

  it('a garbled JSON is a warning, not a crash', () => {
    expect(linkerdCheckJson('{"categories": [', 'x.json')).toMatchObject({ findings: [], warnings: [{ file: 'x.json', message: expect.stringMatching(/^linkerd check output is not valid JSON/) }] });
  });
});

const METRICS = `#
# POD web-5f86686c4d-58m5n (1 of 2)
#
# HELP identity_cert_expiration_timestamp_seconds Time when the this proxy's current mTLS identity certificate will expire (in seconds since the UNIX epoch).
# TYPE identity_cert_expiration_timestamp_seconds gauge
identity_cert_expiration_timestamp_seconds 1750291200
# HELP outbound_http_errors_total The total number of outbound HTTP requests that could not be processed due to a proxy error.
# TYPE outbound_http_errors_total counter
outbound_http_errors_total{error="failfast"} 7
outbound_http_errors_total{error="loadshed"} 0
#
# POD voting-6d7b5f69c-2xkqz (2 of 2)
#
control_identity_cert_expiration_timestamp_seconds 1750550400
control_identity_cert_refreshes_total{result="ok"} 12
control_identity_cert_refreshes_total{result="error"} 3
inbound_tcp_errors_total{error="tls detection timeout"} 2
`;

describe('linkerd diagnostics proxy-metrics', () => {
  it('per pod: an identity certificate expired at capture, refresh errors, request and connection errors', () => {
    const r = linkerdProxyMetrics(METRICS, 'metrics.txt', '2025-06-20T00:00:00Z');
    expect(r.findings.map((f) => [f.code, f.data?.pod, f.count, f.evidence[0]!.line])).toEqual([
      ['MSH8003', 'web-5f86686c4d-58m5n', 1, lineOf(METRICS, 'identity_cert_expiration_timestamp_seconds 1750291200')], // 2025-06-19T00:00:00Z, before the capture
      ['MSH8004', 'web-5f86686c4d-58m5n', 7, lineOf(METRICS, 'error="failfast"')],
      ['MSH8005', 'voting-6d7b5f69c-2xkqz', 3, lineOf(METRICS, 'result="error"')], // its certificate (2025-06-22) is still valid
      ['MSH8004', 'voting-6d7b5f69c-2xkqz', 2, lineOf(METRICS, 'tls detection timeout')],
    ]);
    expect(r.findings[0]!.message).toBe('The identity certificate of linkerd-proxy web-5f86686c4d-58m5n expired at 2025-06-19T00:00:00Z, before the capture (2025-06-20T00:00:00Z)');
    expect(r.findings[3]!.message).toBe('linkerd-proxy voting-6d7b5f69c-2xkqz counted 2 inbound TCP errors "tls detection timeout"');
  });

  it('without a capture time, expiry is not judged and a warning says so', () => {
    const r = linkerdProxyMetrics(METRICS, 'metrics.txt', undefined);
    expect(r.findings.some((f) => f.code === 'MSH8003')).toBe(false);
    expect(r.warnings).toEqual([{ file: 'metrics.txt', message: 'the bundle records no capture time: proxy identity certificate expiry was not judged' }]);
  });
});

const pem = (f: string) => readFileSync(`test/fixtures/linkerd/${f}`, 'utf8');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const indent = (s: string, n: number) => s.trimEnd().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
const KEY = 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUZha2VLZXlGb3JUZXN0cwotLS0tLUVORCBFQyBQUklWQVRFIEtFWS0tLS0tCg==';

function identityYaml(anchor: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: linkerd-identity-trust-roots
  namespace: linkerd
data:
  ca-bundle.crt: |
${indent(anchor, 4)}
---
apiVersion: v1
kind: Secret
metadata:
  name: linkerd-identity-issuer
  namespace: linkerd
type: kubernetes.io/tls
data:
  ca.crt: ${b64(pem('anchor.pem'))}
  tls.crt: ${b64(pem('issuer-expired.pem'))}
  tls.key: ${KEY}
`;
}

describe('identity issuer and trust anchors', () => {
  it('the issuer expired at capture; issued by the anchor (key ids match)', () => {
    const { resources } = parseResourcesFromText(identityYaml(pem('anchor.pem')), 'k8s.yaml');
    const secret = resources.find((r) => r.kind === 'Secret')!;
    expect((secret.obj.data as Record<string, string>)['tls.key']).toBe(''); // the key is never kept
    const f = linkerdIdentityFindings(resources, '2025-06-20T00:00:00Z');
    expect(f.map((x) => [x.code, x.severity, x.data?.role, x.data?.state])).toEqual([['MSH8006', 'critical', 'issuer', 'expired']]);
    expect(f[0]!.evidence[0]).toMatchObject({ file: 'k8s.yaml', line: lineOf(identityYaml(pem('anchor.pem')), 'kind: Secret') - 1, jsonPath: 'data.tls.crt' });
    expect(f[0]!.message).toBe('Linkerd issuer certificate "CN=identity.linkerd.cluster.local" (Secret linkerd/linkerd-identity-issuer tls.crt) is valid from 2024-06-01T00:00:00Z to 2025-06-01T00:00:00Z: expired at capture (2025-06-20T00:00:00Z)');
  });

  it('a trust anchor regenerated under the same name is not the issuer\'s: caught by key id', () => {
    const { resources } = parseResourcesFromText(identityYaml(pem('other-anchor.pem')), 'k8s.yaml');
    const f = linkerdIdentityFindings(resources, '2025-03-01T00:00:00Z'); // both certificates valid then
    expect(f.map((x) => x.code)).toEqual(['MSH8007']);
    expect(f[0]!.message).toMatch(/^The Linkerd issuer certificate "CN=identity\.linkerd\.cluster\.local" was issued by "CN=root\.linkerd\.cluster\.local, key [0-9a-f]{40}", which is none of the 1 trust anchor\(s\): "CN=root\.linkerd\.cluster\.local" \(key [0-9a-f]{40}\)$/);
  });

  it('anchors from linkerd-config (values: identityTrustAnchorsPEM) when there is no trust-roots ConfigMap; expiring within 60 days warns', () => {
    const yaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: linkerd-config
  namespace: linkerd
data:
  values: |
    identityTrustAnchorsPEM: |
${indent(pem('anchor.pem'), 6)}
    identityTrustDomain: cluster.local
`;
    const { resources } = parseResourcesFromText(yaml, 'cm.yaml');
    expect(linkerdIdentityFindings(resources, '2033-12-01T00:00:00Z').map((x) => [x.code, x.data?.role, x.data?.days])).toEqual([['MSH8008', 'trust anchor', 31]]);
  });
});

describe('a Linkerd bundle through the engine', () => {
  it('names linkerd-identity-failure from the check output, the metrics and the certificates, and never shows the key', async () => {
    const mtime = new Date('2025-06-20T00:00:00Z');
    const bundle = tmp.write('linkerd-case.tar.gz', gzip(await tarBytes([
      { name: 'case/linkerd-check.json', content: CHECK_JSON, mtime },
      { name: 'case/proxy-metrics.txt', content: METRICS, mtime },
      { name: 'case/linkerd-identity.yaml', content: identityYaml(pem('anchor.pem')), mtime },
    ])));
    const r = await analyzePath(bundle);
    expect(reportProblems(r)).toEqual([]);
    expect(r.bundle.files.map((f) => [f.path, f.role])).toEqual([['case/linkerd-check.json', 'linkerd-check-json'], ['case/proxy-metrics.txt', 'linkerd-proxy-metrics'], ['case/linkerd-identity.yaml', 'k8s-yaml']]);
    expect(r.findings.map((f) => f.code).sort()).toEqual(['MSH8001', 'MSH8002', 'MSH8003', 'MSH8004', 'MSH8004', 'MSH8005', 'MSH8006']);
    expect(r.rootCauses[0]?.id).toBe('linkerd-identity-failure');
    expect(JSON.stringify(r)).not.toContain(KEY);
  });
});

// `meshlens analyze` on a folder of lines pasted from three public issues (test/corpus/pasted-issues/README.md names
// them): an Envoy 1.x-era sidecar log, a `kubectl describe pod`, and `linkerd check` output. Each file must be named
// for what it is, through the whole engine (ingest, sniffing, event rows, signatures, report).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import type { Report } from '../../analyzers/report/schema.js';

const folder = fileURLToPath(new URL('./pasted-issues/', import.meta.url));
let report: Report;
beforeAll(async () => {
  report = await analyzePath(folder);
});

const codesFrom = (file: string) => [...new Set(report.findings.filter((f) => f.evidence.some((e) => e.file === file)).map((f) => f.code))].sort();

describe('a folder of pasted lines from three public issues', () => {
  it('reads every pasted file as a log (the README is not one)', () => {
    const byPath = new Map(report.bundle.files.map((f) => [f.path, f]));
    for (const f of ['envoy-istio-1.0.txt', 'describe-pod.txt', 'linkerd-check.txt']) expect(byPath.get(f)?.status).toBe('used');
    expect(byPath.get('README.md')).toMatchObject({ status: 'skipped', reason: 'unrecognised text file' });
  });

  it('names the Envoy 1.x-era lines: the sidecar cannot reach Pilot for xDS (saturnism/grpc-by-example-java#11)', () => {
    expect(codesFrom('envoy-istio-1.0.txt')).toEqual(['SIG-XDS-001', 'SIG-XDS-008']);
    // no pod is named in a paste: the message names the file instead
    expect(report.findings.find((f) => f.code === 'SIG-XDS-001')!.message).toContain('from an unnamed pod (envoy-istio-1.0.txt) to istiod');
  });

  it('names the kubectl describe rows as events: the sidecar readiness probe fails (istio/istio#33115)', () => {
    // The refused rows name the agent's port (SIG-XDS-012); the later 503 rows name no port and no container, so they
    // are the weaker SIG-K8S-007 (a meshed pod's readiness answered 503).
    expect(codesFrom('describe-pod.txt')).toEqual(['SIG-K8S-007', 'SIG-XDS-012']);
    const f = report.findings.find((x) => x.code === 'SIG-XDS-012')!;
    expect(f.data).toMatchObject({ port: 15021, count: 2 });
    expect(report.findings.find((x) => x.code === 'SIG-K8S-007')!.severity).toBe('warning');
  });

  it('names the linkerd check output: the trust root has expired (linkerd/linkerd2#3813)', () => {
    // A whole `linkerd check` output is a tool output (analyzers/linkerd): each failed check is a finding.
    expect(codesFrom('linkerd-check.txt')).toEqual(['MSH8001']);
    expect(report.findings.find((x) => x.code === 'MSH8001')!.message).toMatch(/trust roots are within their validity period/);
    expect(report.rootCauses[0]).toMatchObject({ id: 'linkerd-identity-failure' });
  });
});

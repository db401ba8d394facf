/** The `meshlens` CLI run in-process: formats, exit codes, progress and colour rules (DESIGN.md "CLI conventions"). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../analyzers/node/cli.js';
import type { Report } from '../../analyzers/report/schema.js';
import { schemaErrors } from '../schema/validate.js';

async function run(argv: string[], opts: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: opts.isTTY ?? false, env: opts.env ?? {} });
  return { code, stdout, stderr };
}

describe('meshlens analyze', () => {
  it('prints the root cause first in the text report, without colour when not a terminal', async () => {
    const { code, stdout, stderr } = await run(['analyze', 'samples/ca-overload']);
    expect(code).toBe(0);
    expect(stdout.indexOf('ROOT CAUSE')).toBeLessThan(stdout.indexOf('TIMELINE'));
    expect(stdout.indexOf('TIMELINE')).toBeLessThan(stdout.indexOf('FINDINGS'));
    expect(stdout).toMatch(/1\. external-ca-overload {2}confidence 0\.\d\d/);
    expect(stdout).toMatch(/bug-report\/proxies\/shop\/[\w-]+\/istio-proxy\.log:\d+/);
    expect(stdout).not.toContain('\x1b[');
    expect(stderr).toBe('');
  });

  it('draws progress and colour only on a terminal, and never colour with NO_COLOR', async () => {
    const tty = await run(['analyze', 'samples/ca-overload'], { isTTY: true });
    expect(tty.stdout).toContain('\x1b[1m');
    const noColor = await run(['analyze', 'samples/ca-overload'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\x1b[');
  });

  it('writes the canonical JSON report to --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'meshlens-cli-')), 'r.json');
    const { code, stdout } = await run(['analyze', 'samples/ca-overload', '--format', 'json', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.schemaVersion).toBe(1);
    expect(report.rootCauses[0].id).toBe('external-ca-overload');
  });

  it('renders Markdown with the root cause, timeline and findings sections', async () => {
    const { code, stdout } = await run(['analyze', 'samples/ca-overload', '-f', 'md']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# meshlens report: samples\/ca-overload/);
    expect(stdout).toContain('### external-ca-overload (confidence');
    expect(stdout).toContain('## Timeline');
    expect(stdout).toMatch(/\| `bug-report\/proxies\/shop\/[\w-]+\/istio-proxy\.log:\d+` \|/);
  });

  it('exits 1 when findings reach --fail-on, 0 when none do', async () => {
    expect((await run(['analyze', 'samples/ca-overload', '--fail-on', 'critical', '-f', 'json'])).code).toBe(1);
    expect((await run(['analyze', '../shared/corpus/troubleshoot/baseline.tar.gz', '--fail-on', 'error', '-f', 'json'])).code).toBe(0);
  });

  it('leaves out checks named by --disable and by --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-cli-'));
    writeFileSync(join(dir, 'checks.yaml'), 'disable: [SIG-CA-001]\n');
    const { stdout } = await run(['analyze', 'samples/ca-overload', '-f', 'json', '--disable', 'MSH5005,status/external-ca', '--config', join(dir, 'checks.yaml')]);
    expect(schemaErrors(JSON.parse(stdout))).toEqual([]);
    const codes = new Set((JSON.parse(stdout) as Report).findings.map((f) => f.code));
    expect(codes.has('SIG-CA-001')).toBe(false);
    expect(codes.has('MSH5005')).toBe(false);
    expect(codes.has('MSH5006')).toBe(false);
    expect(codes.has('SIG-CA-002')).toBe(true);
  });

  it('exits 2 with a clear message for a missing bundle or bad usage', async () => {
    const missing = await run(['analyze', 'no/such/bundle.tar.gz']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read no/such/bundle.tar.gz: ENOENT');
    expect((await run(['analyze'])).code).toBe(2);
    expect((await run(['analyze', 'samples/ca-overload', '--format', 'xml'])).stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json, md, html, sarif, pdf.");
    expect((await run(['analyze', 'samples/ca-overload', '--fail-on', 'bad'])).code).toBe(2);
    expect((await run(['frobnicate'])).stderr).toContain("meshlens: unknown command 'frobnicate'");
  });

  it('exits 2 when nothing in the input could be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-cli-'));
    const file = join(dir, 'bundle.tar.gz');
    writeFileSync(file, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    const { code, stderr } = await run(['analyze', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('could be read');
  });
});

describe('meshlens rules list', () => {
  it('lists every check with code, severity and description', async () => {
    const { code, stdout } = await run(['rules', 'list', '--format', 'json']);
    expect(code).toBe(0);
    const checks = JSON.parse(stdout) as Array<{ kind: string; id: string; code: string; severity: string; description: string }>;
    expect(new Set(checks.map((c) => c.kind))).toEqual(new Set(['analyzer', 'proxy', 'status', 'platform', 'output', 'signature']));
    expect(checks.find((c) => c.id === 'linkerd/issuer-anchor-mismatch')).toMatchObject({ kind: 'output', code: 'MSH8007', severity: 'critical' });
    expect(checks.find((c) => c.code === 'IST0101')).toBeDefined();
    expect(checks.find((c) => c.id === 'SIG-CA-001')?.severity).toBe('error');
    expect(checks.every((c) => c.description.length > 0)).toBe(true);
    const text = await run(['rules', 'list']);
    expect(text.stdout).toMatch(/MSH5004\s+error\s+status\/csr-failed\s+CertificateSigningRequests failed after approval/);
    expect(text.stdout).toMatch(/Platform checks \(outside the mesh\) \(9\)\n\s+MSH7001\s+error\s+platform\/scheduling\s+Pods cannot be scheduled/);
  });
});

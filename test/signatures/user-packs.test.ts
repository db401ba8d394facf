// User signature packs (`--signatures DIR`, `meshlens rules test PACK…`): loaded with the built-in schema, validated
// against the built-in packs, examples run through the real scanner, regexes bounded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks, loadUserPacks } from '../../analyzers/node/packs.js';
import { runRulesTest } from '../../analyzers/node/commands/rules.js';
import { main } from '../../analyzers/node/cli.js';
import { PackError } from '../../analyzers/signatures/pack.js';
import { compileEngine } from '../../analyzers/signatures/engine.js';
import { hitIds, scanLines } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'meshlens-packs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const builtin = loadBuiltinPacks();

// A team's own signature, written from a ticket's line (istio/istio#32742, a VM whose token is refused).
const TEAM_PACK = `
- id: SIG-ACME-001
  component: istio-proxy
  severity: error
  description: The VM's token was refused by istiod
  match:
    any: ['request authenticate failure']
    regex: 'create certificate: rpc error: code = Unauthenticated desc = request authenticate failure'
  groupBy: [pod]
  message: '{{count}} refused certificate requests in {{pod}}'
  rootCauses: [root-cert-mismatch]
  remediation: Re-create the VM's token with istioctl x workload entry configure.
  examples:
    match: ["2021-05-09T10:05:11.887025Z     warn    sds     failed to warm certificate: failed to generate workload certificate: create certificate: rpc error: code = Unauthenticated desc = request authenticate failure"]
    noMatch: ["2023-08-16T01:57:15.334324Z\\tinfo\\tEnvoy proxy is ready"]
`;

function pack(name: string, text: string): string {
  const d = mkdtempSync(join(dir, 'p-'));
  writeFileSync(join(d, name), text);
  return d;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out, err };
}

describe('loadUserPacks', () => {
  it('loads a directory of packs; a signature\'s docs point at its file; its examples run with the built-ins', () => {
    const d = pack('acme.yaml', TEAM_PACK);
    const user = loadUserPacks(d, builtin);
    expect(user.map((s) => s.id)).toEqual(['SIG-ACME-001']);
    expect(user[0]!.docs).toBe(`${join(d, 'acme.yaml')}#sig-acme-001`);
    const engine = compileEngine([...builtin, ...user]);
    expect(hitIds(scanLines(engine, [user[0]!.examples.match[0] as string], 'istio-proxy')).has('SIG-ACME-001')).toBe(true);
  });

  it('names every problem: an id a built-in pack defines, a bad regex, an unknown root cause, and the file', () => {
    const bad = TEAM_PACK
      .replace('SIG-ACME-001', 'SIG-CA-001')
      .replace("regex: 'create certificate", "regex: '(create certificate")
      .replace('[root-cert-mismatch]', '[cosmic-rays]');
    const d = pack('bad.yaml', bad + TEAM_PACK.replace('SIG-ACME-001', 'SIG-ACME-002'));
    let error: unknown;
    try {
      loadUserPacks(d, builtin);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackError);
    const problems = (error as PackError).problems.join('\n');
    expect(problems).toContain('bad.yaml: SIG-CA-001: match.regex is not a valid regex');
    expect(problems).toContain('SIG-CA-001: rootCauses: "cosmic-rays" is not in the root-cause catalogue');
    const clash = pack('clash.yaml', TEAM_PACK.replace('SIG-ACME-001', 'SIG-CA-001'));
    expect(() => loadUserPacks(clash, builtin)).toThrow(/SIG-CA-001: id already defined in the built-in pack ca\.yaml/);
    // A pack that is invalid for another reason still has its clashes named.
    const both = pack('both.yaml', TEAM_PACK.replace('SIG-ACME-001', 'SIG-CA-001').replace('root-cert-mismatch', 'no-such-cause'));
    const all = (() => { try { loadUserPacks(both, builtin); return []; } catch (e) { return (e as PackError).problems; } })();
    expect(all.some((p) => p.includes('no-such-cause')) && all.some((p) => p.includes('SIG-CA-001: id already defined in the built-in pack ca.yaml'))).toBe(true);
  });

  it('refuses two user packs that define the same id, and an empty or missing directory', () => {
    const d = pack('a.yaml', TEAM_PACK);
    writeFileSync(join(d, 'b.yaml'), TEAM_PACK);
    expect(() => loadUserPacks(d, builtin)).toThrow(/b\.yaml: SIG-ACME-001: id already defined in .*a\.yaml/);
    expect(() => loadUserPacks(mkdtempSync(join(dir, 'empty-')), builtin)).toThrow(/no \.yaml signature pack/);
    expect(() => loadUserPacks(join(dir, 'nope'), builtin)).toThrow(/cannot read: ENOENT/);
  });

  it('bounds user regexes: a catastrophic pattern on a long line returns at once', () => {
    const slow = TEAM_PACK.replace("regex: 'create certificate: rpc error: code = Unauthenticated desc = request authenticate failure'", () => "regex: '(a+)+$'")
      .replace("any: ['request authenticate failure']", "any: ['aaaa']")
      .replace(/match: \[.*\]\n/, 'match: ["aaaaaaaaaa"]\n');
    const user = loadUserPacks(pack('slow.yaml', slow), builtin);
    const engine = compileEngine([...builtin, ...user]);
    const started = performance.now();
    scanLines(engine, [`${'a'.repeat(5000)}b`], 'istio-proxy');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('meshlens rules test', () => {
  it('prints PASS per signature and exits 0', () => {
    const r = io();
    expect(runRulesTest([pack('acme.yaml', TEAM_PACK)], r.io)).toBe(0);
    expect(r.out.join('')).toMatch(/^PASS {2}SIG-ACME-001 {2}2 example\(s\) {2}.*acme\.yaml\n1 signature\(s\): 1 passed, 0 failed\n$/);
  });

  it('prints FAIL with the reason and exits 1 when an example does not match', () => {
    const r = io();
    const wrong = TEAM_PACK.replace('match: ["2021-05-09T10:05:11.887025Z     warn    sds     failed to warm certificate: failed to generate workload certificate: create certificate: rpc error: code = Unauthenticated desc = request authenticate failure"]', 'match: ["2021-05-09T10:05:11.887025Z     warn    sds     request authenticate failure"]');
    expect(runRulesTest([pack('acme.yaml', wrong)], r.io)).toBe(1);
    expect(r.out.join('')).toContain('FAIL  SIG-ACME-001');
    expect(r.out.join('')).toContain('match 1: does not match: 2021-05-09T10:05:11.887025Z     warn    sds     request authenticate failure');
  });

  it('exits 2 and lists the problems when a pack does not load', () => {
    const r = io();
    expect(runRulesTest([pack('acme.yaml', TEAM_PACK.replace('severity: error', 'severity: dire'))], r.io)).toBe(2);
    expect(r.err.join('')).toContain('SIG-ACME-001: severity must be one of critical, error, warning, info');
  });
});

describe('through the meshlens command line', () => {
  const cli = async (argv: string[]) => {
    const r = io();
    const code = await main(argv, { stdout: (s) => { r.out.push(s); }, stderr: (s) => { r.err.push(s); }, isTTY: false, env: {} });
    return { code, out: r.out.join(''), err: r.err.join('') };
  };

  it('`rules test PACK` runs the examples; `analyze --signatures DIR` reports the user signature on a pasted line', async () => {
    const d = pack('acme.yaml', TEAM_PACK);
    const t = await cli(['rules', 'test', d]);
    expect([t.code, t.out]).toEqual([0, expect.stringMatching(/^PASS {2}SIG-ACME-001/)]);
    const ticket = mkdtempSync(join(dir, 'ticket-'));
    writeFileSync(join(ticket, 'vm.log'), '2021-05-09T10:05:11.887025Z     warn    sds     failed to warm certificate: failed to generate workload certificate: create certificate: rpc error: code = Unauthenticated desc = request authenticate failure\n');
    const a = await cli(['analyze', ticket, '--signatures', d, '-o', 'json']);
    expect(a.code).toBe(0);
    expect((JSON.parse(a.out) as { findings: Array<{ code: string }> }).findings.map((f) => f.code)).toContain('SIG-ACME-001');
  });

  it('an invalid pack given to --signatures exits 2 and names the problem', async () => {
    const a = await cli(['analyze', 'samples/ca-overload', '--signatures', pack('acme.yaml', TEAM_PACK.replace('severity: error', 'severity: dire'))]);
    expect(a.code).toBe(2);
    expect(a.err).toContain('invalid signature pack');
    expect(a.err).toContain('SIG-ACME-001: severity must be one of critical, error, warning, info');
  });
});

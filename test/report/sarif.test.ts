/**
 * --format sarif: validated against the official SARIF 2.1.0 schema (vendored in test/fixtures/sarif with its
 * source), results at the bundle's real file:line, rules from the check catalogue, --fail-on and --redact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import formatsPlugin from 'ajv-formats';
import { analyze } from '../../analyzers/node/commands/analyze.js';
import { allChecks } from '../../analyzers/checks.js';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { bundleUri, sarifLevel } from '../../analyzers/report/sarif.js';

const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
// both packages are CommonJS: the default import is module.exports, the class and the plugin are its .default
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
formatsPlugin.default(ajv);
const validate = ajv.compile(schema);

async function run(bundle: string, extra: Record<string, unknown> = {}): Promise<{ code: number; sarif: any; out: string }> {
  let out = '';
  const code = await analyze(bundle, { format: 'sarif', ...extra } as any, { stdout: (s) => { out += s; }, stderr: () => {} });
  return { code, sarif: JSON.parse(out), out };
}

describe('SARIF of samples/ca-overload', () => {
  let s: any;
  let code: number;
  beforeAll(async () => {
    ({ code, sarif: s } = await run('samples/ca-overload'));
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(s) ? [] : validate.errors).toEqual([]);
    expect(s.version).toBe('2.1.0');
    expect(code).toBe(0);
  });

  it('carries the whole catalogue as rules, one per code, with levels from severities', () => {
    const rules = s.runs[0].tool.driver.rules;
    const catalogue = allChecks(loadBuiltinPacks());
    expect(rules.map((r: any) => r.id).sort()).toEqual([...new Set(catalogue.map((c) => c.code))].sort());
    const ist0101 = rules.find((r: any) => r.id === 'IST0101');
    expect(ist0101.defaultConfiguration.level).toBe('error');
    expect(rules.find((r: any) => r.id === 'SIG-CA-001').properties.tags).toContain('external-ca-overload');
  });

  it('puts each result at a bundle file and a line that exists, log evidence at the very line', () => {
    const results = s.runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    let checked = 0;
    for (const r of results) {
      expect(s.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      for (const l of r.locations) {
        const uri: string = l.physicalLocation.artifactLocation.uri;
        expect(uri.startsWith('/')).toBe(false);
        const line = l.physicalLocation.region?.startLine;
        if (!line) continue;
        const lines = readFileSync(join('samples/ca-overload', decodeURIComponent(uri)), 'utf8').split('\n');
        expect(line).toBeLessThanOrEqual(lines.length);
        if (uri.endsWith('.log') && l.message) expect(lines[line - 1]).toContain(l.message.text.slice(0, 40));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    const abort = results.find((r: any) => r.ruleId === 'SIG-CA-002');
    expect(abort.level).toBe('error');
    // the stable finding id (analyzers/model/ids.ts stableId), unique per result
    expect(abort.partialFingerprints['meshlensFindingId/v1']).toMatch(/^f-[0-9a-f]{8}$/);
    expect(new Set(results.map((r: any) => r.partialFingerprints['meshlensFindingId/v1'])).size).toBe(results.length);
  });

  it('--fail-on error still exits 1 with sarif', async () => {
    expect((await run('samples/ca-overload', { failOn: 'error' })).code).toBe(1);
  });
});

describe('SARIF of the real September bug-report', () => {
  it('validates, encodes `config_dump?include_eds` paths, and --redact=ips,hosts leaves no address', async () => {
    const { sarif, out } = await run('../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz', { redact: ['ips,hosts'] });
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(out).not.toMatch(/\b10\.\d+\.\d+\.\d+\b/);
    expect(out).not.toContain('"uri": "bug-report/proxies/default/details-v1-5f4d584748-ztplf/config_dump?');
    expect(sarif.runs[0].properties.redaction.classes).toEqual(['secrets', 'ips', 'hosts']);
  });
});

describe('sarif helpers', () => {
  it.each([['critical', 'error'], ['error', 'error'], ['warning', 'warning'], ['info', 'note']] as const)('%s → %s', (sev, level) => {
    expect(sarifLevel(sev)).toBe(level);
  });
  it('percent-encodes each path segment and keeps the slashes', () => {
    expect(bundleUri('bug-report/proxies/shop/p-1/config_dump?include_eds')).toBe('bug-report/proxies/shop/p-1/config_dump%3Finclude_eds');
  });
});

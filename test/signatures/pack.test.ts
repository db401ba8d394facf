import { describe, expect, it } from 'vitest';
import { PackError, parsePack, validatePackSet } from '../../analyzers/signatures/pack.js';

// A minimal valid entry (the line is corpus #19); each test breaks one thing.
const VALID = `
- id: SIG-TEST-001
  component: istio-proxy
  severity: error
  description: CA request failed
  match:
    any: ['ca request failed']
    regex: 'starting attempt (?<attempt>\\d+)'
  groupBy: [pod]
  message: '{{count}} failures in {{pod}} (attempt {{attempt}}, max {{attemptMax}})'
  rootCauses: [external-ca-overload]
  remediation: Check the CA.
  examples:
    match: ["2025-09-09T08:42:04.279081Z\\twarn\\tca\\tca request failed, starting attempt 1 in 99.763308ms"]
    noMatch: ["2023-08-16T01:57:15.334324Z\\tinfo\\tEnvoy proxy is ready"]
`;

function problems(yaml: string, file = 'test.yaml'): string[] {
  try {
    parsePack(yaml, file);
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    expect((e as PackError).message).toContain(file);
    return (e as PackError).problems;
  }
  throw new Error('the pack was accepted');
}

describe('parsePack', () => {
  it('accepts a valid entry and compiles it', () => {
    const [d] = parsePack(VALID, 'packs/test.yaml');
    expect(d).toMatchObject({ id: 'SIG-TEST-001', pack: 'test', component: 'istio-proxy', appliesTo: ['istio-proxy', 'unknown'], contextOnly: false, docs: 'docs/signatures/test.md#sig-test-001' });
    expect(d!.match.regex).toBeInstanceOf(RegExp);
  });

  it('rejects an unknown key, naming the file and the id', () => {
    const p = problems(VALID.replace('  severity: error', '  severity: error\n  sevrity: error'));
    expect(p).toEqual(['SIG-TEST-001: unknown key "sevrity"']);
  });

  it('rejects a regex that does not compile', () => {
    expect(problems(VALID.replace("regex: 'starting attempt (?<attempt>\\d+)'", "regex: 'starting (attempt'"))[0]).toMatch(/^SIG-TEST-001: match.regex is not a valid regex/);
  });

  it('rejects a root cause that is not in the catalogue', () => {
    expect(problems(VALID.replace('rootCauses: [external-ca-overload]', 'rootCauses: [ca-is-sad]'))).toEqual([
      'SIG-TEST-001: rootCauses: "ca-is-sad" is not in the root-cause catalogue (docs/root-causes.md)',
    ]);
  });

  it('rejects missing examples', () => {
    const noExamples = VALID.slice(0, VALID.indexOf('  examples:'));
    expect(problems(noExamples)).toEqual(['SIG-TEST-001: examples must be a mapping with match and noMatch lists']);
    expect(problems(VALID.replace(/ {4}noMatch: .*\n/, ''))).toEqual(['SIG-TEST-001: examples.noMatch needs at least one example']);
  });

  it('rejects a placeholder nothing fills and a groupBy key nothing provides', () => {
    expect(problems(VALID.replace('(attempt {{attempt}}', '(attempt {{attemtp}}'))).toEqual(['SIG-TEST-001: message: nothing fills {{attemtp}}']);
    expect(problems(VALID.replace('groupBy: [pod]', 'groupBy: [pod, cluster]'))[0]).toMatch(/^SIG-TEST-001: groupBy: "cluster" is neither a built-in key/);
  });

  it('rejects prefilter literals that cannot match JSON-escaped bytes', () => {
    expect(problems(VALID.replace("any: ['ca request failed']", `any: ['ca "request"']`))[0]).toMatch(/^SIG-TEST-001: match.any: literal "ca \\"request\\"" must be 2–200 printable characters without control characters/);
  });

  it('rejects bad ids, components and severities', () => {
    const p = problems(VALID.replace('SIG-TEST-001', 'SIG-TEST-1').replace('component: istio-proxy', 'component: sidecar').replace('severity: error', 'severity: fatal'));
    expect(p).toEqual([
      'SIG-TEST-1: id must look like SIG-<AREA>-NNN',
      expect.stringMatching(/^SIG-TEST-1: component must be one of istio-proxy, envoy-access/),
      'SIG-TEST-1: severity must be one of critical, error, warning, info',
    ]);
  });

  it('requires benign sequences when a signature declares benignIfFollowedBy', () => {
    const y = VALID.replace('  groupBy: [pod]', "  benignIfFollowedBy: { any: ['connected to upstream XDS server'], withinLines: 5 }\n  groupBy: [pod]");
    expect(problems(y)).toEqual(['SIG-TEST-001: benignIfFollowedBy/benignIfPrecededBy need examples.benignSequences showing a benign sequence']);
  });

  it('requires event examples to be mappings when the signature matches event fields', () => {
    const y = VALID.replace('component: istio-proxy', 'component: k8s-event').replace("    any: ['ca request failed']", "    event: { reasons: [BackOff] }");
    expect(problems(y)).toEqual([
      'SIG-TEST-001: examples.match[0] must be a mapping (reason, message, object…) because the signature matches event fields',
      'SIG-TEST-001: examples.noMatch[0] must be a mapping (reason, message, object…) because the signature matches event fields',
    ]);
  });

  it('rejects duplicate ids in a pack and across packs', () => {
    expect(problems(VALID + VALID)).toEqual(['SIG-TEST-001: duplicate id']);
    const a = parsePack(VALID, 'a.yaml');
    const b = parsePack(VALID, 'b.yaml');
    expect(() => validatePackSet([...a, ...b])).toThrow('SIG-TEST-001: defined in both a.yaml and b.yaml');
  });

  it('reports YAML syntax errors and a non-list top level', () => {
    expect(problems('- id: [unclosed')[0]).toMatch(/^not valid YAML: /);
    expect(problems('id: SIG-TEST-001')).toEqual(['the top level must be a list of signatures']);
  });
});

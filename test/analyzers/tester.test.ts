/** The table tester refuses bad tables and reports mismatches, as ESLint's RuleTester does. */
import { describe, expect, it } from 'vitest';
import { defineAnalyzer } from '../../analyzers/rules/define.js';
import { checkTable, compareReports, runCase } from '../../analyzers/rules/tester.js';
import { pod, yaml } from './fixtures.js';

const podNames = defineAnalyzer({
  meta: {
    id: 'test/pod-names', code: 'MSH1999', category: 'config', severity: 'info', description: 'Reports every pod name for the tester tests',
    inputs: ['Pod'], messages: { named: 'Pod {{name}}', broken: 'Pod {{name}} in {{missing}}' }, docs: 'docs/analyzers/test/pod-names.md',
  },
  analyze(ctx) {
    for (const p of ctx.list('Pod')) ctx.report({ messageId: p.name === 'bad' ? 'broken' : 'named', resource: p, data: { name: p.name } });
  },
});

const sneaky = defineAnalyzer({
  meta: { ...podNames.meta, id: 'test/sneaky' },
  analyze(ctx) {
    ctx.list('Service');
  },
});

describe('analyzer table tester', () => {
  it('refuses an invalid case with no error', () => {
    expect(() => checkTable({ valid: [], invalid: [{ name: 'x', yaml: 'a: 1', errors: [] }] })).toThrow(/lists no error/);
  });

  it('refuses duplicate case names and duplicate inputs', () => {
    expect(() => checkTable({ valid: [{ name: 'x', yaml: 'a: 1' }, { name: 'x', yaml: 'a: 2' }], invalid: [] })).toThrow(/duplicate case name/);
    expect(() => checkTable({ valid: [{ name: 'x', yaml: 'a: 1' }, { name: 'y', yaml: 'a: 1\n' }], invalid: [] })).toThrow(/duplicate case input/);
  });

  it('refuses a message with an unfilled placeholder', () => {
    expect(() => runCase(podNames, { name: 'p', yaml: yaml(pod('default', 'bad')) })).toThrow(/unfilled placeholder/);
  });

  it('returns messageId, data and resource of each report', () => {
    const reports = runCase(podNames, { name: 'p', yaml: yaml(pod('default', 'cart')) });
    expect(reports.map(({ messageId, data, resource }) => ({ messageId, data, resource }))).toEqual([{ messageId: 'named', data: { name: 'cart' }, resource: 'Pod default/cart' }]);
    expect(reports[0].finding.evidence[0]).toMatchObject({ file: 'p.yaml', line: 1 });
  });

  it('compares reports as a multiset, data exactly', () => {
    const reports = runCase(podNames, { name: 'p', yaml: yaml(pod('default', 'a'), pod('default', 'b')) });
    expect(compareReports(reports, [{ messageId: 'named', data: { name: 'b' } }, { messageId: 'named', resource: 'Pod default/a' }])).toBeUndefined();
    expect(compareReports(reports, [{ messageId: 'named', data: { name: 'a' } }])).toMatch(/unexpected reports/);
    expect(compareReports(reports, [{ messageId: 'named', data: { name: 'a', extra: 1 } }, { messageId: 'named' }])).toMatch(/expected/);
  });

  it('fails a case whose analyzer reads a kind it did not declare', () => {
    expect(() => runCase(sneaky, { name: 'p', yaml: yaml(pod('default', 'a')) })).toThrow(/reads Service, which it does not declare/);
  });

  it('refuses input that does not parse', () => {
    expect(() => runCase(podNames, { name: 'p', yaml: 'kind: [' })).toThrow(/did not parse/);
  });
});

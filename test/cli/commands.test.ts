/**
 * Every command and subcommand of the CLI: --help (flags, defaults, examples, exit 0), a bogus flag (one-line
 * error, the command's usage, exit 2, no stack trace), --version, completion scripts, kubectl/istioctl spellings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCommands, buildProgram, main, VERSION_TEXT } from '../../analyzers/node/cli.js';
import type { Command } from 'commander';
import type { Report } from '../../analyzers/report/schema.js';
import { schemaErrors } from '../schema/validate.js';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false, env: {} });
  return { code, stdout, stderr };
}

const path = (c: Command): string[] => (c.parent ? [...path(c.parent), c.name()] : []);
const program = buildProgram({ io: { stdout: () => {}, stderr: () => {} }, exit: () => {}, program: () => program });
const commands = allCommands(program).filter((c) => c.name() !== 'help').map((c) => ({ name: ['meshlens', ...path(c)].join(' '), argv: path(c), leaf: c.commands.length === 0, cmd: c }));

describe('every command', () => {
  it('the tree has the commands we document', () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining([
      'meshlens', 'meshlens analyze', 'meshlens serve', 'meshlens proxy-config', 'meshlens proxy-config cluster', 'meshlens proxy-config listener',
      'meshlens proxy-config route', 'meshlens proxy-config endpoint', 'meshlens proxy-config secret', 'meshlens proxy-config bootstrap',
      'meshlens proxy-config ecds', 'meshlens proxy-config all', 'meshlens proxy-status', 'meshlens rules', 'meshlens rules list', 'meshlens completion',
    ]));
  });

  it.each(commands)('$name --help: usage, every flag described, examples, exit 0', async ({ name, argv, leaf, cmd }) => {
    const r = await run([...argv, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`Usage: ${name}`);
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const o of cmd.options) {
      expect(r.stdout).toContain(o.long!);
      expect(o.description.length).toBeGreaterThan(5);
      if (o.defaultValue !== undefined) expect(flat).toContain(`default: ${JSON.stringify(o.defaultValue)})`);
      if (o.argChoices) expect(flat).toContain(`choices: ${o.argChoices.map((c) => JSON.stringify(c)).join(', ')}`);
    }
    if (leaf) expect(r.stdout).toMatch(/\nExamples:\n {2}\$ .*meshlens /);
    else expect(r.stdout).toMatch(/\nCommands:\n/);
  });

  it.each(commands.filter((c) => c.argv.length > 0))('$name --bogus: one-line error, the usage, exit 2', async ({ name, argv }) => {
    const r = await run([...argv, '--bogus-flag']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`${name}: unknown option '--bogus-flag'`);
    expect(lines[1]).toMatch(new RegExp(`^Usage: ${name.replace(/ /g, ' ')}(\\|\\S+)? \\[options\\]`));
    expect(lines[2]).toBe(`Run "${name} --help" for its flags and examples.`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('help <command> is the same as <command> --help', async () => {
    expect((await run(['help', 'analyze'])).stdout).toBe((await run(['analyze', '--help'])).stdout);
  });

  it('no arguments: the overview on stderr, exit 2; a group without its subcommand: its help, exit 2', async () => {
    const none = await run([]);
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toMatch(/^Usage: meshlens \[options\] \[command\]/);
    expect(none.stderr).toContain('Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage error or unreadable input.');
    const group = await run(['proxy-config']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('cluster|clusters [options] <bundle>');
  });

  it('bad values say what is allowed', async () => {
    expect((await run(['analyze', 'x', '--max-size', 'lots'])).stderr).toMatch(/^meshlens analyze: option '--max-size <size>' argument 'lots' is invalid\. want a size like 500M or 20G\n/);
    expect((await run(['proxy-config', 'cluster', 'x', '--port', '99999'])).stderr).toMatch(/^meshlens proxy-config cluster: option '--port <port>' argument '99999' is invalid\. want a port number/);
    expect((await run(['proxy-config', 'secret', 'x', '--now', 'yesterday'])).stderr).toMatch(/want an RFC3339 time/);
    expect((await run(['serve', 'x', '--port', '-1'])).code).toBe(2);
    const extra = await run(['analyze', 'a', 'b']);
    expect([extra.code, extra.stderr.split('\n')[0]]).toEqual([2, "meshlens analyze: too many arguments for 'analyze'. Expected 1 argument but got 2."]);
  });
});

describe('--version', () => {
  it('prints the package version and the report schema version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    for (const flag of ['--version', '-v']) expect(await run([flag])).toEqual({ code: 0, stdout: `meshlens ${version} (report schemaVersion 1)\n`, stderr: '' });
    expect(VERSION_TEXT).toBe(`meshlens ${version} (report schemaVersion 1)`);
  });
});

describe('kubectl/istioctl spellings', () => {
  it('-o/--output is --format on analyze and rules list', async () => {
    const a = await run(['analyze', 'samples/subset-mismatch', '-o', 'json']);
    expect((JSON.parse(a.stdout) as Report).schemaVersion).toBe(1);
    const b = await run(['analyze', 'samples/subset-mismatch', '--output=md']);
    expect(b.stdout).toMatch(/^# meshlens report/);
    expect((await run(['analyze', 'samples/subset-mismatch', '-f', 'json', '-o', 'md'])).stderr).toMatch(/--output md and --format json disagree/);
    expect(JSON.parse((await run(['rules', 'list', '-o', 'json'])).stdout).length).toBeGreaterThan(50);
  });

  it('-n/--namespace narrows analyze to what touches the namespace, and says so', async () => {
    const all = JSON.parse((await run(['analyze', 'samples/ca-overload', '-o', 'json'])).stdout) as Report;
    const sys = JSON.parse((await run(['analyze', 'samples/ca-overload', '-o', 'json', '-n', 'istio-system'])).stdout) as Report;
    const none = JSON.parse((await run(['analyze', 'samples/ca-overload', '-o', 'json', '--namespace', 'no-such-ns'])).stdout) as Report;
    for (const r of [all, sys, none]) expect(schemaErrors(r)).toEqual([]);
    expect(sys.filter).toEqual({ namespace: 'istio-system' });
    expect(all.filter).toBeUndefined();
    expect(sys.findings.length).toBeGreaterThan(0);
    expect(sys.findings.length).toBeLessThan(all.findings.length);
    // every kept finding touches istio-system, or defines a kept root cause
    const cited = new Set(sys.rootCauses.flatMap((rc) => rc.findingIds));
    for (const rc of sys.rootCauses) for (const s of rc.symptoms) expect(sys.findings.some((f) => f.id === s.findingId)).toBe(true);
    for (const f of sys.findings) expect(f.resources.some((r) => r.namespace === 'istio-system') || cited.has(f.id)).toBe(true);
    expect(sys.findings.filter((f) => !f.resources.some((r) => r.namespace === 'istio-system')).length).toBeGreaterThan(0); // context kept
    expect(sys.rootCauses[0]?.id).toBe('external-ca-overload'); // istiod's failed readiness is one of its symptoms
    for (const t of sys.timeline) expect(t.resource?.namespace === 'istio-system' || (t.findingId !== undefined && sys.findings.some((f) => f.id === t.findingId))).toBe(true);
    expect([none.findings, none.rootCauses, none.timeline]).toEqual([[], [], []]);
  });

  it('proxy-config takes --pod as NS/NAME, NAME.NS, or NAME with -n, and the kind aliases', async () => {
    const BR = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
    const a = await run(['proxy-config', 'cluster', BR, '--pod', 'default/productpage-v1-564d4686f-7kdqf']);
    const b = await run(['proxy-config', 'clusters', BR, '--pod', 'productpage-v1-564d4686f-7kdqf.default']);
    const c = await run(['pc', 'c', BR, '--pod', 'productpage-v1-564d4686f-7kdqf', '-n', 'default']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^SERVICE FQDN +PORT +SUBSET +DIRECTION +TYPE +DESTINATION RULE\n/);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const clash = await run(['proxy-config', 'cluster', BR, '--pod', 'default/productpage-v1-564d4686f-7kdqf', '-n', 'shop']);
    expect([clash.code, clash.stderr.split('\n')[0]]).toEqual([2, 'meshlens proxy-config cluster: --pod default/productpage-v1-564d4686f-7kdqf and --namespace shop disagree']);
  });
});

describe('meshlens completion', () => {
  const shells = ['bash', 'zsh', 'fish'] as const;
  it.each(shells)('%s: a script naming every command, flag and flag value', async (shell) => {
    const r = await run(['completion', shell]);
    expect(r.code).toBe(0);
    for (const c of commands.filter((x) => x.argv.length)) expect(r.stdout).toContain(c.argv.at(-1));
    for (const flag of ['format', 'fail-on', 'redact', 'max-size', 'namespace', 'pod', 'fqdn', 'port']) expect(r.stdout).toContain(flag);
    for (const value of ['json', 'critical', 'outbound', 'yaml']) expect(r.stdout).toContain(value);
  });

  // bash is on every machine; zsh and fish are checked where they are installed (apt-get install zsh fish)
  const installed = (sh: string) => spawnSync('sh', ['-c', `command -v ${sh}`]).status === 0;
  it.each(shells.filter(installed))('%s: the script parses in that shell (%s -n)', async (shell) => {
    const file = join(mkdtempSync(join(tmpdir(), 'meshlens-completion-')), `meshlens.${shell}`);
    writeFileSync(file, (await run(['completion', shell])).stdout);
    const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('bash: completes commands, subcommands, flags and flag values', async () => {
    const script = (await run(['completion', 'bash'])).stdout;
    const complete = (words: string[]): string[] => {
      const r = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _meshlens; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(complete(['meshlens', 'pro'])).toEqual(['proxy-config', 'proxy-status']);
    expect(complete(['meshlens', 'proxy-config', 'li'])).toEqual(['listener', 'listeners']);
    expect(complete(['meshlens', 'analyze', '--fa'])).toEqual(['--fail-on']);
    expect(complete(['meshlens', 'analyze', '--format', ''])).toEqual(['text', 'json', 'md', 'html', 'sarif', 'pdf']);
    expect(complete(['meshlens', 'pc', 'c', 'x', '--direction', ''])).toEqual(['inbound', 'outbound']);
  });
});

/**
 * Platform findings in the report: their own list beside `findings`, documented one page per check, listed by
 * `rules list`, and turned off by `--disable` like any check. On the May 2023 bug-report (the GKE Warden denials).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../analyzers/checks.js';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { PLATFORM_CHECKS } from '../../analyzers/platform/index.js';

const MAY = '../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz';

describe('platform checks', () => {
  it.each(Object.values(PLATFORM_CHECKS).map((c) => [c.id, c.code] as const))('%s (%s) has a docs page titled with its id, listed in docs/platform.md', (id, code) => {
    const page = `docs/checks/${id.replace('/', '-')}.md`;
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${id}`);
    expect(readFileSync('docs/platform.md', 'utf8')).toContain(`| \`${id}\` | ${code} |`);
  });

  it('uses MSH7xxx codes once each, and rules list shows them as platform checks', () => {
    const codes = Object.values(PLATFORM_CHECKS).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^MSH7\d{3}$/.test(c))).toBe(true);
    const listed = allChecks([]).filter((c) => c.kind === 'platform').map((c) => c.code);
    expect(listed).toEqual(codes);
  });

  it('go to report.platform, not report.findings, and --disable turns them off', async () => {
    const r = await analyzePath(MAY);
    expect(r.platform?.map((f) => f.code)).toEqual(['MSH7009']);
    expect(r.findings.some((f) => f.code.startsWith('MSH7'))).toBe(false);
    // SIG-K8S-005 leaves the same events to the platform check: nothing is counted twice
    expect(r.findings.filter((f) => f.code === 'SIG-K8S-005')).toEqual([]);
    const off = await analyzePath(MAY, { disable: ['platform/admission-denied'] });
    expect(off.platform).toEqual([]);
  }, 60_000);
});

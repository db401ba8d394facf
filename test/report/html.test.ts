/** The HTML report is one self-contained file: escaped values, no script, no remote loads. */
import { describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { renderHtml } from '../../analyzers/report/html.js';
import { redactReport } from '../../analyzers/report/redact.js';

describe('renderHtml', () => {
  it('renders the sample incident with its root cause, evidence and findings', async () => {
    const report = await analyzePath('samples/ca-overload');
    const html = renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`(${report.rootCauses[0]!.id}, confidence`);
    expect(html).toContain(`<h2>Findings (${report.findings.length})</h2>`);
    expect(html).toMatch(/<code>bug-report\/proxies\/shop\/[\w-]+\/istio-proxy\.log:\d+<\/code>/);
  });

  it('escapes every value from the bundle and loads nothing', async () => {
    const report = await analyzePath('samples/ca-overload');
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const f = report.findings[0]!;
    const tampered = {
      ...report,
      bundle: { ...report.bundle, source: hostile, warnings: [{ file: hostile, message: hostile }] },
      findings: [{ ...f, message: hostile, evidence: [{ ...f.evidence[0]!, excerpt: hostile }] }, ...report.findings.slice(1)],
    };
    const html = renderHtml(redactReport(tampered));
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toMatch(/<[^>]*\s(?:src|href|action|srcset|on[a-z]+)=/i); // no tag loads or runs anything
    expect(html).not.toMatch(/<(?:link|iframe|object|embed|base|form|meta http-equiv="refresh")\b|@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('lists what was redacted', async () => {
    const report = await analyzePath('samples/ca-overload', { redact: ['ips'] });
    const html = renderHtml(report);
    expect(report.redaction?.counts.ip).toBeGreaterThan(0);
    expect(html).toContain('<h2>Redacted</h2><p>Classes: secrets, ips;');
  });
});

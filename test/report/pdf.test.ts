/**
 * --format pdf: the HTML report printed by headless Chromium (/usr/bin/chromium here, as in the e2e tests;
 * CHROMIUM_PATH elsewhere). The PDF's own text (pdftotext, poppler-utils) must hold the root cause and the evidence.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../analyzers/node/commands/analyze.js';
import { withPrintStyle } from '../../analyzers/node/pdf.js';

const tmp = mkdtempSync(join(tmpdir(), 'meshlens-pdf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('--format pdf', () => {
  it.skipIf(!existsSync(browser))('prints the ca-overload report: a PDF whose text names the cause and cites file:line (needs Chromium)', async () => {
    const out = join(tmp, 'ca.pdf');
    let err = '';
    const code = await analyze('samples/ca-overload', { format: 'pdf', out } as any, { stdout: () => {}, stderr: (s) => { err += s; }, env: { CHROMIUM_PATH: browser } });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(text.includes('External CA overwhelmed by a burst of CSRs')).toBe(true);
    // a long path wraps inside its table cell (pdftotext reads other cells between its two halves)
    expect(text.includes('bug-report/proxies/shop/cart-c41afeb3a-bj4vg/istio-')).toBe(true);
    expect(text.includes('proxy.log:26')).toBe(true);
    expect(text.includes('2026-03-15T10:21:31.966013Z warn Aborting proxy')).toBe(true);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Page size:\s+841\.\d+ x 59\d\.\d+ pts \(A4\)/);
  }, 120_000);

  it('without a browser says how to get one, in one line, and exits 2', async () => {
    let err = '';
    const code = await analyze('samples/mtls-conflict', { format: 'pdf', out: join(tmp, 'x.pdf') } as any, { stdout: () => {}, stderr: (s) => { err += s; }, env: { CHROMIUM_PATH: join(tmp, 'no-such-browser') } });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('apt-get install chromium');
    expect(existsSync(join(tmp, 'x.pdf'))).toBe(false);
  });

  it('needs --out (a PDF is binary)', async () => {
    await expect(analyze('samples/mtls-conflict', { format: 'pdf' } as any, { stdout: () => {}, stderr: () => {} })).rejects.toThrow('give --out FILE.pdf');
  });

  it('adds the print stylesheet inside the head', () => {
    expect(withPrintStyle('<html><head><title>x</title></head><body></body></html>')).toMatch(/<style media="print">@page\{size:A4 landscape\}[^<]*<\/style><\/head>/);
  });
});

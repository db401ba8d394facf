import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_PATH_CHARS, normalizeEntryPath } from '../../analyzers/ingest/paths.js';

describe('normalizeEntryPath', () => {
  it.each([
    ['bug-report/cluster/events', 'bug-report/cluster/events'],
    ['./bug-report/cluster/events', 'bug-report/cluster/events'],
    ['bug-report//cluster/./events/', 'bug-report/cluster/events'],
    ['.\\bug-report\\proxies\\default\\p\\istio-proxy.log', 'bug-report/proxies/default/p/istio-proxy.log'],
    ['bug-report/proxies/ns/pod/config_dump?include_eds', 'bug-report/proxies/ns/pod/config_dump?include_eds'],
    ['a/...b/c', 'a/...b/c'],
  ])('normalizes %j', (raw, path) => {
    expect(normalizeEntryPath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    ['', 'empty path'],
    ['./', 'empty path'],
    ['/etc/passwd', 'absolute path'],
    ['\\\\server\\share\\x', 'absolute path'],
    ['C:\\Windows\\win.ini', 'absolute path (drive letter)'],
    ['c:relative', 'absolute path (drive letter)'],
    ['.\\c:', 'absolute path (drive letter)'],
    ['./C:/Windows/x', 'absolute path (drive letter)'],
    ['../../etc/passwd', 'path escapes the bundle with ".."'],
    ['bug-report/../../x', 'path escapes the bundle with ".."'],
    ['a/b/..', 'path escapes the bundle with ".."'],
    ['a\\..\\..\\b', 'path escapes the bundle with ".."'],
    ['bug-report/evil\u0000.log', 'path contains a NUL or control character'],
    ['line\nbreak', 'path contains a NUL or control character'],
  ])('rejects %j', (raw, reason) => {
    expect(normalizeEntryPath(raw)).toEqual({ ok: false, reason });
  });

  it('rejects over-long paths', () => {
    expect(normalizeEntryPath('a/'.repeat(MAX_PATH_CHARS))).toEqual({ ok: false, reason: `path longer than ${MAX_PATH_CHARS} characters` });
  });

  it('never yields an absolute, escaping or non-canonical path, and is idempotent', () => {
    const seg = fc.constantFrom('a', 'b', '.', '..', '', 'c:', 'x y', '\\', '/', '\u0000');
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 12 }).map((s) => s.join('')), (raw) => {
        const r = normalizeEntryPath(raw);
        if (!r.ok) return;
        const segs = r.path.split('/');
        expect(r.path.startsWith('/')).toBe(false);
        expect(segs).not.toContain('..');
        expect(segs).not.toContain('.');
        expect(segs).not.toContain('');
        expect(r.path).not.toMatch(/[\\\u0000]/);
        expect(normalizeEntryPath(r.path)).toEqual(r);
      }),
      { numRuns: 5000 },
    );
  });
});

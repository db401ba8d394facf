import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { normalizeBundlePath, openBundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { readFileSync } from 'node:fs';

async function makeTgz(entries: Array<{ name: string; body?: string; type?: 'file' | 'symlink'; linkname?: string }>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-tgz-'));
  const file = join(dir, 'bundle.tar.gz');
  const p = pack();
  for (const e of entries) p.entry({ name: e.name, type: e.type ?? 'file', linkname: e.linkname }, e.body ?? '');
  p.finalize();
  await pipeline(p, createGzip(), createWriteStream(file));
  return file;
}

describe('bundle store', () => {
  it('normalizes paths and refuses ones that escape', () => {
    expect(normalizeBundlePath('./bug-report//cluster/crs')).toBe('bug-report/cluster/crs');
    expect(normalizeBundlePath('/abs/x.log')).toBe('abs/x.log');
    expect(normalizeBundlePath('a\\b\\c')).toBe('a/b/c');
    expect(normalizeBundlePath('a/../../etc/passwd')).toBeUndefined();
    expect(normalizeBundlePath('a/\0b')).toBeUndefined();
  });

  it('spools a tar.gz into its own temp dir, skipping unsafe paths and links, and removes it on dispose', async () => {
    const tgz = await makeTgz([
      { name: 'bug-report/versions', body: 'client version: 1.20.0\n' },
      { name: '../../escape.txt', body: 'x' },
      { name: 'bug-report/link', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'bug-report/proxies/ns/pod-1/istio-proxy.log', body: 'line 1\nline 2\n' },
    ]);
    const store = await openBundleStore(tgz);
    expect(store.container).toBe('tar.gz');
    expect([...store.files.keys()].sort()).toEqual(['bug-report/proxies/ns/pod-1/istio-proxy.log', 'bug-report/versions']);
    const f = store.files.get('bug-report/versions')!;
    expect(readFileSync(f.diskPath, 'utf8')).toBe('client version: 1.20.0\n');
    expect(f.diskPath.startsWith(tmpdir())).toBe(true);
    expect(store.warnings.map((w) => w.message).join('\n')).toMatch(/unsafe entry path[\s\S]*symlink entry skipped/);
    await store.dispose();
    expect(existsSync(f.diskPath)).toBe(false);
  });

  it('reads a directory in place and never follows its symlinks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-dir-'));
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'a.log'), 'x\n');
    symlinkSync('/etc', join(dir, 'etc-link'));
    const store = await openBundleStore(dir);
    expect([...store.files.keys()]).toEqual(['logs/a.log']);
    expect(store.files.get('logs/a.log')!.diskPath).toBe(join(dir, 'logs', 'a.log'));
    expect(store.warnings[0]).toMatchObject({ file: 'etc-link' });
  });

  it('stops when cancelled', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(openBundleStore('../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz', { signal: ctl.signal })).rejects.toThrow(/cancelled/);
  });
});

describe('bundle store: zip', () => {
  it('spools a zip (and a tar.gz inside it) under the paths the report cites, and removes it on dispose', async () => {
    const { zipBytes } = await import('../ingest/zip.js');
    const { tarBytes, gzip } = await import('../ingest/fixtures.js');
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-zip-'));
    const inner = gzip(await tarBytes([{ name: 'bug-report/proxies/ns/pod-1/istio-proxy.log', content: 'line 1\nline 2\n' }]));
    const file = join(dir, 'case.zip');
    writeFileSync(file, zipBytes([{ name: 'notes.txt', content: 'hello\n' }, { name: '../evil.txt', content: 'x' }, { name: 'case/bug-report.tar.gz', content: inner }]));
    const store = await openBundleStore(file);
    expect(store.container).toBe('zip');
    expect([...store.files.keys()]).toEqual(['notes.txt', 'case/bug-report.tar.gz/bug-report/proxies/ns/pod-1/istio-proxy.log']);
    const log = store.files.get('case/bug-report.tar.gz/bug-report/proxies/ns/pod-1/istio-proxy.log')!;
    expect(readFileSync(log.diskPath, 'utf8')).toBe('line 1\nline 2\n');
    expect(store.warnings).toContainEqual({ file: '../evil.txt', message: 'unsafe entry path (.., NUL or empty): skipped' });
    await store.dispose();
    expect(existsSync(log.diskPath)).toBe(false);
  });
});

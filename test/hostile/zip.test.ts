/**
 * Hostile zips and nested archives: traversal and absolute names, symlinks, lying sizes, a deflate bomb, an
 * overlap bomb (central entries sharing one local header), unsupported methods and encryption, a bomb and a flood
 * inside a nested archive (the bounds are counted once for the whole bundle), and a nested archive over the size
 * limit. Every case also holds the harness's invariants (exit code, no crash, RSS, nothing written, TMPDIR empty).
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { zipBytes, type ZipEntrySpec } from '../ingest/zip.js';
import { baseEntries, escapeName, expectSafe, fileRecord, tgz, ustarHeader, Workspace } from './harness.js';

const ws = new Workspace();
afterAll(() => ws.cleanup());

const base = (): ZipEntrySpec[] => baseEntries().map((e) => ({ name: e.name, content: e.content as string }));

describe('zip bundles', () => {
  it('../, absolute and drive-letter names are skipped, never written anywhere', async () => {
    const up = escapeName('zip-dotdot');
    const abs = join(tmpdir(), escapeName('zip-abs'));
    const entries: ZipEntrySpec[] = [...base(), { name: `../../${up}`, content: 'pwned' }, { name: `bug-report/../../../${up}-2`, content: 'pwned' }, { name: abs, content: 'pwned' }, { name: 'C:\\Windows\\evil.log', content: 'pwned' }, { name: 'D:evil.log', content: 'pwned' }];
    const report = expectSafe(await ws.run(ws.file('paths.zip', zipBytes(entries))))!;
    expect(report.bundle.files.filter((f) => /^unsafe path/.test(f.reason ?? '')).map((f) => f.reason)).toEqual([
      'unsafe path (path escapes the bundle with ".."): not read',
      'unsafe path (path escapes the bundle with ".."): not read',
      'unsafe path (absolute path): not read',
      'unsafe path (absolute path (drive letter)): not read',
      'unsafe path (absolute path (drive letter)): not read',
    ]);
    for (const e of base()) expect(fileRecord(report, e.name)?.status).toBe('used');
    for (const p of [abs, join(ws.dir, up), join(dirname(ws.dir), up), join(dirname(ws.dir), `${up}-2`)]) expect(existsSync(p), p).toBe(false);
  });

  it('a symlink entry is listed with its target and never followed', async () => {
    const report = expectSafe(await ws.run(ws.file('link.zip', zipBytes([...base(), { name: 'bug-report/proxies/shop/evil-1/istio-proxy.log', content: '/etc/passwd', mode: 0o120777 }]))), { secrets: ['root:x:0:0'] })!;
    expect(fileRecord(report, 'bug-report/proxies/shop/evil-1/istio-proxy.log')).toMatchObject({ status: 'skipped', reason: 'symlink to /etc/passwd: not followed' });
  });

  it('an entry whose data inflates past its declared size is cut there, and named', async () => {
    const report = expectSafe(await ws.run(ws.file('liar.zip', zipBytes([...base(), { name: 'bug-report/proxies/shop/liar-1/istio-proxy.log', content: 'x'.repeat(1 << 20), declaredSize: 100 }]))))!;
    expect(fileRecord(report, 'bug-report/proxies/shop/liar-1/istio-proxy.log')).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/too many bytes in the stream/) });
  });

  it('encrypted entries and unsupported compression methods are unreadable, with the reason; the rest is read', async () => {
    const report = expectSafe(await ws.run(ws.file('methods.zip', zipBytes([...base(), { name: 'locked.log', content: 'x\n', encrypted: true }, { name: 'bzip2.log', content: 'BZh91AY&SY', method: 12 }]))))!;
    expect(fileRecord(report, 'locked.log')).toMatchObject({ status: 'unreadable', reason: 'read failed: encrypted (password-protected) zip entry: not read' });
    expect(fileRecord(report, 'bzip2.log')).toMatchObject({ status: 'unreadable', reason: 'read failed: zip compression method 12 (bzip2) is not supported: only stored and deflate' });
    for (const e of base()) expect(fileRecord(report, e.name)?.status).toBe('used');
  });

  it('a deflate bomb stops at its ratio, naming the file', async () => {
    const zeros = Buffer.alloc(300 << 20);
    const report = expectSafe(await ws.run(ws.file('bomb.zip', zipBytes([...base(), { name: 'bug-report/proxies/shop/bomb-1/istio-proxy.log', content: zeros }, { name: 'after.log', content: 'x\n' }]))), { withinMs: 30_000, message: /bomb-1\/istio-proxy\.log: decompression bomb: 25\d\.\d MiB came out of 0\.\d MiB of zip/ })!;
    expect(fileRecord(report, 'after.log')).toBeUndefined();
  });

  it('an overlap bomb (200 central entries sharing one local header) is stopped by the ratio against the file size', async () => {
    const entries: ZipEntrySpec[] = [...base(), { name: 'bug-report/proxies/shop/o-0/istio-proxy.log', content: Buffer.alloc(16 << 20) }];
    for (let i = 1; i < 200; i++) entries.push({ name: `bug-report/proxies/shop/o-${i}/istio-proxy.log`, sameDataAs: 3 });
    const zip = zipBytes(entries);
    expect(zip.length).toBeLessThan(1 << 20); // 3.2 GiB of content in under 1 MiB
    const report = expectSafe(await ws.run(ws.file('overlap.zip', zip)), { withinMs: 30_000, message: /decompression bomb: 256\.0 MiB came out of 0\.\d MiB of zip/ })!;
    expect(report.stats.bytesRead).toBeLessThan(300 * 1024 ** 2);
  });

  it('a zip that is not one (a cut central directory) is named, exit 2', async () => {
    const zip = zipBytes(base());
    expectSafe(await ws.run(ws.file('cut.zip', zip.subarray(0, zip.length - 30))), { unreadable: true, message: /could be read: zip not readable: End of central directory record signature not found/ });
  });
});

describe('nested archives: one level, bounds counted once', () => {
  it('a zip holding a tar.gz and a gzip\'d log: both read, under their paths', async () => {
    const inner = await tgz(baseEntries());
    const log = gzipSync('2026-03-10T11:55:00.000000Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 30s ago: 14, connection error\n');
    const report = expectSafe(await ws.run(ws.file('case.zip', zipBytes([{ name: 'case-123/bug-report.tar.gz', content: inner }, { name: 'case-123/logs/istio-proxy.log.gz', content: log }]))))!;
    expect(fileRecord(report, 'case-123/bug-report.tar.gz')).toMatchObject({ status: 'used', role: 'nested-archive' });
    for (const e of baseEntries()) expect(fileRecord(report, `case-123/bug-report.tar.gz/${e.name}`)?.status).toBe('used');
    expect(fileRecord(report, 'case-123/logs/istio-proxy.log')).toMatchObject({ status: 'used', role: 'log' });
    expect(report.bundle.format).toBe('istioctl-bug-report');
    expect(report.bundle.capturedAt).toBe('2026-03-10T12:00:00Z'); // the inner tar's mtimes
  });

  it('a gzip bomb inside a nested tar.gz stops at its own ratio', async () => {
    const parts = [gzipSync(ustarHeader('bug-report/proxies/shop/bomb-1/istio-proxy.log', 2 * 1024 ** 3))];
    const zeros = gzipSync(Buffer.alloc(64 << 20), { level: constants.Z_BEST_COMPRESSION });
    for (let i = 0; i < 32; i++) parts.push(zeros);
    parts.push(gzipSync(Buffer.alloc(1024)));
    const report = expectSafe(await ws.run(ws.file('nested-bomb.zip', zipBytes([...base(), { name: 'attached/bomb.tar.gz', content: Buffer.concat(parts), method: 0 }]))), { withinMs: 30_000, message: /attached\/bomb\.tar\.gz\/bug-report\/proxies\/shop\/bomb-1\/istio-proxy\.log: decompression bomb: .* of gzip/ })!;
    for (const e of base()) expect(fileRecord(report, e.name)?.status).toBe('used');
  });

  it('the entry limit counts the nested entries too', async () => {
    const inner: Array<{ name: string; content: string }> = [];
    for (let i = 0; i < 30; i++) inner.push({ name: `f${i}.log`, content: `2026-03-10T11:00:00Z info ${i}\n` });
    const report = expectSafe(await ws.run(ws.file('flood.zip', zipBytes([...base(), { name: 'more.tar.gz', content: await tgz(inner) }])), ['--max-size', '16G'], {}), {})!;
    expect(report.bundle.files).toHaveLength(3 + 1 + 30);
  });

  it('a nested archive bigger than --max-size is not spooled past it', async () => {
    const big = await tgz([{ name: 'x.log', content: Buffer.alloc(4 << 20, 0x61) }]);
    const report = expectSafe(await ws.run(ws.file('spool.zip', zipBytes([...base(), { name: 'big.tar.gz', content: big, method: 0 }])), ['--max-size', '6K']), { message: /nested archives over the total size limit of 6144 bytes at big\.tar\.gz/ })!;
    expect(fileRecord(report, 'big.tar.gz')).toMatchObject({ status: 'unreadable' });
  });
});

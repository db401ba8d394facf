/** Hostile containers: broken gzip and tar, unsafe paths, links, devices, bombs, floods, and things that are not bundles. */
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEntries, escapeName, expectSafe, fileRecord, tar, tgz, ustarHeader, Workspace, type Entry } from './harness.js';

const ws = new Workspace();
afterAll(() => ws.cleanup());

/** A log big enough that a cut lands inside it (lines differ, so gzip cannot squeeze it to nothing). */
function bigLog(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`2026-03-10T11:${String(10 + (i % 50)).padStart(2, '0')}:00.${String(i % 1e6).padStart(6, '0')}Z\tinfo\tads\tPush ${i * 7919} for node:cart-${i % 97}.shop-${(i * 31) % 1000}`);
  return out.join('\n') + '\n';
}
const BIG = 'bug-report/proxies/shop/big-1/istio-proxy.log';

describe('broken containers', () => {
  it('truncated gzip: the entries before the cut are read, the one it broke in is unreadable', async () => {
    const gz = await tgz([...baseEntries(), { name: BIG, content: bigLog(40_000) }]);
    const r = await ws.run(ws.file('truncated.tar.gz', gz.subarray(0, Math.floor(gz.length * 0.7))));
    const report = expectSafe(r, { message: /truncated gzip stream/ })!;
    expect(fileRecord(report, BIG)).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/truncated gzip stream/) });
    expect(report.bundle.warnings.find((w) => /truncated/.test(w.message))?.file).toBe(BIG);
    for (const e of baseEntries()) expect(fileRecord(report, e.name)?.status).toBe('used');
  });

  it('truncated gzip inside the only file: nothing readable, exit 2 naming the file', async () => {
    const gz = await tgz([{ name: BIG, content: bigLog(40_000) }]);
    const r = await ws.run(ws.file('cut-first.tar.gz', gz.subarray(0, gz.length >> 1)));
    expectSafe(r, { unreadable: true, message: new RegExp(`\\(${BIG.replace(/[.?]/g, '\\$&')}: read failed: truncated gzip stream`) });
  });

  it('corrupt first tar header: exit 2 with the tar error', async () => {
    const t = await tar(baseEntries());
    t[150] ^= 0x11; // checksum field of the first header
    const r = await ws.run(ws.file('corrupt-first.tar.gz', gzipSync(t)));
    expectSafe(r, { unreadable: true, message: /tar\.gz read stopped: .*[Ii]nvalid tar header/ });
  });

  it('bad checksum in the third header: the first two entries are kept, the rest is not read', async () => {
    const entries = [...baseEntries(), { name: 'bug-report/cluster/crs', content: 'apiVersion: v1\nitems: []\nkind: List\n' }];
    const t = await tar(entries);
    const sizes = entries.map((e) => 512 + Math.ceil(Buffer.byteLength(e.content as string) / 512) * 512);
    t[sizes[0]! + sizes[1]! + 150] ^= 0x11;
    const r = await ws.run(ws.file('bad-checksum.tar', t));
    const report = expectSafe(r, { message: /bug-report\/cluster\/events: tar read stopped after bug-report\/cluster\/events: .*[Ii]nvalid tar header/ })!;
    expect(report.bundle.files.map((f) => [f.path, f.status])).toEqual([['bug-report/cluster/k8s-resources', 'used'], ['bug-report/cluster/events', 'used']]);
  });

  it('trailing garbage after the end of the archive is ignored', async () => {
    const t = Buffer.concat([await tar(baseEntries()), Buffer.from('garbage after the end-of-archive blocks'.repeat(40))]);
    const report = expectSafe(await ws.run(ws.file('trailing.tar.gz', gzipSync(t))))!;
    expect(report.bundle.files.filter((f) => f.status === 'used')).toHaveLength(3);
  });
});

describe('entries that point elsewhere', () => {
  it('../ and absolute paths are skipped, never written anywhere', async () => {
    const up = escapeName('dotdot');
    const abs = join(tmpdir(), escapeName('abs'));
    const entries: Entry[] = [
      ...baseEntries(),
      { name: `../../${up}`, content: 'pwned' },
      { name: `bug-report/../../${up}-2`, content: 'pwned' },
      { name: `./a/../../../${up}-3`, content: 'pwned' },
      { name: abs, content: 'pwned' },
      { name: 'C:\\Windows\\evil.log', content: 'pwned' },
      { name: '\\\\server\\share\\evil.log', content: 'pwned' },
    ];
    const r = await ws.run(ws.file('paths.tar.gz', await tgz(entries)));
    const report = expectSafe(r)!;
    const skipped = report.bundle.files.filter((f) => /^unsafe path/.test(f.reason ?? ''));
    expect(skipped.map((f) => f.reason)).toEqual([
      'unsafe path (path escapes the bundle with ".."): not read',
      'unsafe path (path escapes the bundle with ".."): not read',
      'unsafe path (path escapes the bundle with ".."): not read',
      'unsafe path (absolute path): not read',
      'unsafe path (absolute path (drive letter)): not read',
      'unsafe path (absolute path): not read',
    ]);
    for (const p of [abs, join(ws.dir, up), join(dirname(ws.dir), up), join(ws.dir, `${up}-2`), join(dirname(ws.dir), `${up}-2`), join(ws.dir, `${up}-3`), join(dirname(ws.dir), `${up}-3`)]) expect(existsSync(p), p).toBe(false);
  });

  it('symlinks and hard links are listed with their target and never followed', async () => {
    const entries: Entry[] = [
      ...baseEntries(),
      { name: 'bug-report/proxies/shop/evil-1/istio-proxy.log', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'bug-report/cluster/crs', type: 'symlink', linkname: '../../../../etc/shadow' },
      { name: 'bug-report/cluster/pods', type: 'link', linkname: '/etc/passwd' },
      { name: 'bug-report/cluster/nodes', type: 'link', linkname: 'bug-report/cluster/k8s-resources' },
    ];
    const r = await ws.run(ws.file('links.tar.gz', await tgz(entries)));
    const report = expectSafe(r, { secrets: ['root:x:0:0', 'root:*:', 'daemon:x:1'] })!;
    expect(fileRecord(report, 'bug-report/proxies/shop/evil-1/istio-proxy.log')).toMatchObject({ status: 'skipped', reason: 'symlink to /etc/passwd: not followed' });
    expect(fileRecord(report, 'bug-report/cluster/crs')).toMatchObject({ status: 'skipped', reason: 'symlink to ../../../../etc/shadow: not followed' });
    expect(fileRecord(report, 'bug-report/cluster/pods')).toMatchObject({ status: 'skipped', reason: 'hard link to /etc/passwd: not followed' });
    expect(fileRecord(report, 'bug-report/cluster/nodes')).toMatchObject({ status: 'skipped', reason: 'hard link to bug-report/cluster/k8s-resources: not followed' });
  });

  it('character and block devices and FIFOs are never opened', async () => {
    const entries: Entry[] = [
      ...baseEntries(),
      { name: 'bug-report/proxies/shop/dev-1/istio-proxy.log', type: 'character-device' },
      { name: 'bug-report/cluster/k8s-cluster-resources', type: 'block-device' },
      { name: 'bug-report/cni/node-1/cni.log', type: 'fifo' },
    ];
    const report = expectSafe(await ws.run(ws.file('devices.tar.gz', await tgz(entries))))!;
    for (const p of ['bug-report/proxies/shop/dev-1/istio-proxy.log', 'bug-report/cluster/k8s-cluster-resources', 'bug-report/cni/node-1/cni.log']) {
      expect(fileRecord(report, p)).toMatchObject({ status: 'skipped', reason: 'device, FIFO or other special file: not read' });
    }
  });

  it('names with terminal escapes, markup and 5,000 characters are shown inert', async () => {
    const entries: Entry[] = [
      ...baseEntries(),
      { name: 'bug-report/proxies/shop/\u001b[31mred\u001b[0m\n/istio-proxy.log', content: 'x\n' },
      { name: 'bug-report/proxies/shop/<img src=x onerror=alert(1)>/istio-proxy.log', content: 'x\n' },
      { name: `bug-report/${'d/'.repeat(2500)}deep.log`, content: 'x\n' },
    ];
    const r = await ws.run(ws.file('names.tar.gz', await tgz(entries)));
    const report = expectSafe(r)!;
    expect(report.bundle.files.find((f) => f.path.includes('red'))).toMatchObject({ path: 'bug-report/proxies/shop/\\x1b[31mred\\x1b[0m\\x0a/istio-proxy.log', reason: 'unsafe path (path contains a NUL or control character): not read' });
    const long = report.bundle.files.find((f) => f.reason === 'unsafe path (path longer than 4096 characters): not read');
    expect(long?.path).toBe(`bug-report/${'d/'.repeat(2500)}deep.log`.slice(0, 1024));
    for (const out of r.outputs) expect(out).not.toContain('\u001b');
    expect(r.outputs[3]).not.toContain('<img');
  });
});

describe('bombs and floods', () => {
  /**
   * A tar.gz whose entries `names` expand to `gib` GiB of zeros each: gzip members of 64 MiB of zeros, repeated
   * (~1,030×), after the entries of `before` (a tar without its end blocks, as its own gzip member).
   */
  async function bomb(names: readonly string[], gib: number, before: Entry[] = []): Promise<Buffer> {
    const chunk = 64 << 20;
    const zeros = gzipSync(Buffer.alloc(chunk), { level: constants.Z_BEST_COMPRESSION });
    const parts: Buffer[] = [];
    if (before.length) {
      const t = await tar(before);
      parts.push(gzipSync(t.subarray(0, t.length - 1024)));
    }
    for (const name of names) {
      parts.push(gzipSync(ustarHeader(name, gib * 1024 ** 3)));
      for (let i = 0; i < (gib * 1024 ** 3) / chunk; i++) parts.push(zeros);
    }
    parts.push(gzipSync(Buffer.alloc(1024)));
    return Buffer.concat(parts);
  }

  it('a 10 GB-expanding gzip bomb stops at its ratio, in seconds, with a message naming the file', async () => {
    const names = ['bug-report/proxies/shop/bomb-1/istio-proxy.log', 'bug-report/proxies/shop/bomb-2/istio-proxy.log'];
    const file = ws.file('bomb.tar.gz', await bomb(names, 5));
    const r = await ws.run(file);
    const report = expectSafe(r, { withinMs: 30_000, message: /bomb-1\/istio-proxy\.log: decompression bomb: 25\d\.\d MiB came out of 0\.\d MiB of gzip \(\d+×, over the 200× limit\)/ })!;
    expect(fileRecord(report, names[0]!)).toMatchObject({ status: 'used', reason: expect.stringMatching(/^partly read: decompression bomb/) });
    expect(fileRecord(report, names[1]!)).toBeUndefined();
    expect(report.stats.bytesRead).toBeLessThan(300 * 1024 ** 2);
  });

  it('a bomb hidden in a file no check reads (a core dump) is stopped too', async () => {
    const file = ws.file('core-bomb.tar.gz', await bomb(['bug-report/proxies/shop/cart-1/cores/core.1'], 10, baseEntries()));
    const r = await ws.run(file);
    const report = expectSafe(r, { withinMs: 30_000, message: /decompression bomb: .* reading stopped in bug-report\/proxies\/shop\/cart-1\/cores\/core\.1/ })!;
    for (const e of baseEntries()) expect(fileRecord(report, e.name)?.status).toBe('used');
  });

  it('--max-size cuts a bundle at the chosen size and says where', async () => {
    const entries = [...baseEntries(), { name: BIG, content: bigLog(40_000) }, { name: 'bug-report/proxies/shop/after-1/istio-proxy.log', content: 'x\n' }];
    const r = await ws.run(ws.file('capped.tar.gz', await tgz(entries)), ['--max-size', '1M']);
    const report = expectSafe(r, { message: /total size limit of 1048576 bytes reached in bug-report\/proxies\/shop\/big-1\/istio-proxy\.log/ })!;
    expect(fileRecord(report, BIG)?.reason).toMatch(/^partly read: total size limit/);
    expect(fileRecord(report, 'bug-report/proxies/shop/after-1/istio-proxy.log')).toBeUndefined();
  });

  it('100,000 tiny files are all accounted for, in bounded time and memory', async () => {
    const entries: Entry[] = [...baseEntries()];
    for (let i = 0; i < 100_000; i++) entries.push({ name: `bug-report/proxies/ns-${i % 50}/p-${i % 2000}/f${i}.log`, content: `2026-03-10T11:00:00.000000Z\tinfo\tx ${i}\n` });
    const r = await ws.run(ws.file('many.tar.gz', await tgz(entries)));
    const report = expectSafe(r, { withinMs: 90_000, rssMB: 450 })!; // 100,003 file records and log summaries live until the report is written
    expect(report.bundle.files).toHaveLength(100_003);
  }, 120_000);
});

describe('not a bundle', () => {
  it('an empty archive: exit 2, it holds no files', async () => {
    expectSafe(await ws.run(ws.file('empty.tar.gz', gzipSync(await tar([])))), { unreadable: true, message: /it holds no files \(an empty archive\)/ });
  });

  it('a zero-byte file: exit 2, empty file', async () => {
    expectSafe(await ws.run(ws.file('zero.tar.gz', '')), { unreadable: true, message: /\(zero.tar.gz: empty file\)$/m });
  });

  it('a zip cut before its central directory, renamed .tar.gz: read as a zip (by content), exit 2 naming the damage', async () => {
    const zip = Buffer.from('504b0304140000000800a1b2c3d4000000000000000000000000090000006275672d7265706f72742f', 'hex');
    expectSafe(await ws.run(ws.file('zip.tar.gz', zip)), { unreadable: true, message: /could be read: zip not readable: End of central directory record signature not found\. Either not a zip file, or file is truncated$/m });
  });

  it('a PNG renamed .tar.gz: exit 2, says it is an image', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.alloc(64, 0xaa)]);
    expectSafe(await ws.run(ws.file('png.tar.gz', png)), { unreadable: true, message: /a PNG image/ });
  });

  it('a nested archive inside a bundle is read to one level; one inside that is listed, not unpacked', async () => {
    const deepest = await tgz(baseEntries());
    const inner = await tgz([...baseEntries(), { name: 'deeper/again.tar.gz', content: deepest }]);
    const report = expectSafe(await ws.run(ws.file('nested.tar.gz', await tgz([...baseEntries(), { name: 'attachments/more.tar.gz', content: inner }]))))!;
    expect(fileRecord(report, 'attachments/more.tar.gz')).toMatchObject({ status: 'used', role: 'nested-archive' });
    for (const e of baseEntries()) expect(fileRecord(report, `attachments/more.tar.gz/${e.name}`)?.status).toBe('used');
    expect(fileRecord(report, 'attachments/more.tar.gz/deeper/again.tar.gz')).toMatchObject({ status: 'skipped', reason: 'gzip data nested two levels deep: archives are read to one level, not this one' });
  });

  it('a directory with unreadable files and folders: what can be read is, each failure is named', async () => {
    const dir = ws.folder('unreadable');
    for (const e of baseEntries()) {
      mkdirSync(join(dir, dirname(e.name)), { recursive: true });
      writeFileSync(join(dir, e.name), e.content as string);
    }
    const locked = join(dir, 'bug-report/proxies/shop/locked-1/istio-proxy.log');
    mkdirSync(dirname(locked), { recursive: true });
    writeFileSync(locked, 'secret\n');
    chmodSync(locked, 0o000);
    const lockedDir = join(dir, 'bug-report/istio/istio-system/istiod-1');
    mkdirSync(join(lockedDir, 'debug'), { recursive: true });
    chmodSync(lockedDir, 0o000);
    symlinkSync('/etc/passwd', join(dir, 'bug-report/cluster/crs'));
    // root reads anything: run as nobody then, with the tree world-readable except what is locked
    const asRoot = process.getuid?.() === 0;
    if (asRoot) for (let p = dir; p.startsWith(ws.dir); p = dirname(p)) chmodSync(p, 0o755);
    if (asRoot) for (const sub of ['bug-report', 'bug-report/cluster', 'bug-report/proxies', 'bug-report/proxies/shop', 'bug-report/proxies/shop/cart-1', 'bug-report/proxies/shop/locked-1', 'bug-report/istio', 'bug-report/istio/istio-system']) chmodSync(join(dir, sub), 0o755);
    const r = await ws.run(dir, [], asRoot ? { uid: 65534 } : {});
    const report = expectSafe(r, { secrets: ['root:x:0:0'] })!;
    expect(fileRecord(report, 'bug-report/proxies/shop/locked-1/istio-proxy.log')).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/EACCES/) });
    expect(report.bundle.warnings).toContainEqual({ file: 'bug-report/istio/istio-system/istiod-1', message: expect.stringMatching(/^directory not readable: EACCES/) });
    expect(fileRecord(report, 'bug-report/cluster/crs')).toMatchObject({ status: 'skipped', reason: 'symlink to /etc/passwd: not followed' });
    expect(fileRecord(report, 'bug-report/cluster/k8s-resources')?.status).toBe('used');
  });
});

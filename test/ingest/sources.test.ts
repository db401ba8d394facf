import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openBundleSource } from '../../analyzers/node/sources/index.js';
import type { BundleSource } from '../../analyzers/ingest/source.js';
import { gzip, tarBytes, tempDir } from './fixtures.js';
import { SEP } from '../parse/k8s/corpus.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function collect(src: BundleSource, read = true) {
  const out: Array<{ path: string; type: string; size: number; mtimeMs?: number; linkTarget?: string; text?: string }> = [];
  for await (const { entry, body } of src.items()) {
    let text: string | undefined;
    if (read) {
      const parts: Uint8Array[] = [];
      for await (const c of body) parts.push(c);
      text = Buffer.concat(parts).toString();
    }
    out.push({ ...entry, ...(read ? { text } : {}) });
  }
  return out;
}

describe('openBundleSource picks the container by content, not by name', () => {
  it('tar.gz named .json, tar named .gz, gzip file named .tar.gz, directory, plain file', async () => {
    const tar = await tarBytes([{ name: 'bug-report/versions', content: 'CLI version:\n' }]);
    expect((await openBundleSource(tmp.write('report.json', gzip(tar)))).container).toBe('tar.gz');
    expect((await openBundleSource(tmp.write('bundle.gz', tar))).container).toBe('tar');
    const gzLog = await openBundleSource(tmp.write('app.tar.gz', gzip(Buffer.from('2024-03-01T10:00:00Z info hello\n'))));
    expect(gzLog.container).toBe('file');
    expect(await collect(gzLog)).toEqual([{ path: 'app.tar', type: 'file', size: 0, text: '2024-03-01T10:00:00Z info hello\n' }]);
    expect((await openBundleSource(tmp.dir)).container).toBe('directory');
    const plain = await openBundleSource(tmp.write('notes.tar', 'just text, no tar header'));
    expect(plain.container).toBe('file');
    expect(await collect(plain)).toEqual([{ path: 'notes.tar', type: 'file', size: 24, text: 'just text, no tar header' }]);
  });

  it('throws when the path itself does not exist', async () => {
    await expect(openBundleSource(join(tmp.dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('tar sources', () => {
  it('reports every entry type with its header mtime, raw path and link target, never following links', async () => {
    const mtime = new Date('2023-09-06T09:16:27Z');
    const tar = await tarBytes([
      { name: 'b/', type: 'directory', mtime },
      { name: 'b/ok.log', content: 'line\n', mtime },
      { name: '../../etc/passwd', content: 'root:x:0:0\n', mtime },
      { name: 'b/link', type: 'symlink', linkname: '/etc/shadow', mtime },
      { name: 'b/hard', type: 'link', linkname: 'b/ok.log', mtime },
      { name: 'b/fifo', type: 'fifo', mtime },
    ]);
    const items = await collect(await openBundleSource(tmp.write('types.tar', tar)));
    expect(items).toEqual([
      { path: 'b/', type: 'directory', size: 0, mtimeMs: mtime.getTime(), text: '' },
      { path: 'b/ok.log', type: 'file', size: 5, mtimeMs: mtime.getTime(), text: 'line\n' },
      { path: '../../etc/passwd', type: 'file', size: 11, mtimeMs: mtime.getTime(), text: 'root:x:0:0\n' },
      { path: 'b/link', type: 'symlink', size: 0, mtimeMs: mtime.getTime(), linkTarget: '/etc/shadow', text: '' },
      { path: 'b/hard', type: 'link', size: 0, mtimeMs: mtime.getTime(), linkTarget: 'b/ok.log', text: '' },
      { path: 'b/fifo', type: 'other', size: 0, mtimeMs: mtime.getTime(), text: '' },
    ]);
  });

  it('drains bodies the consumer does not read', async () => {
    const src = await openBundleSource(SEP);
    expect(await collect(src, false)).toHaveLength(203);
    expect(src.warnings()).toEqual([]);
  });

  it('keeps the entries before a truncated gzip stream, with a warning', async () => {
    const bytes = readFileSync(SEP);
    const src = await openBundleSource(tmp.write('cut.tar.gz', bytes.subarray(0, Math.floor(bytes.length * 0.4))));
    const seen: string[] = [];
    let failed: string | undefined;
    for await (const { entry, body } of src.items()) {
      seen.push(entry.path);
      try {
        for await (const _ of body) void _;
      } catch {
        failed = entry.path;
      }
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.length).toBeLessThan(203);
    expect(failed).toBe(seen[seen.length - 1]);
    expect(src.warnings()).toEqual([{ file: failed, message: `tar.gz read stopped after ${failed}: truncated gzip stream (unexpected end of file); the entries before were kept`, effect: 'unreadable' }]);
  });

  it('stops at a corrupt tar header, keeping what came before', async () => {
    const tar = await tarBytes([{ name: 'a.txt', content: 'a' }, { name: 'b.txt', content: 'b' }]);
    tar.fill(0x41, 1024 + 148, 1024 + 156); // second header's checksum
    const src = await openBundleSource(tmp.write('corrupt.tar', tar));
    expect((await collect(src)).map((i) => i.path)).toEqual(['a.txt']);
    expect(src.warnings()).toEqual([{ file: 'a.txt', message: 'tar read stopped after a.txt: Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?; the entries before were kept' }]);
  });

  it('bounds the number of entries and the decompressed bytes, naming the file where it stopped', async () => {
    const few = await openBundleSource(SEP, { maxEntries: 3 });
    const items = await collect(few, false);
    expect(items).toHaveLength(3);
    expect(few.warnings()).toEqual([{ file: 'bug-report/cluster/crs', message: 'entry limit of 3 reached at bug-report/cluster/crs: this and later entries were not read' }]);
    expect(execFileSync('tar', ['-tzf', SEP]).toString().split('\n')[3]).toBe('bug-report/cluster/crs');

    const small = await openBundleSource(SEP, { maxTotalBytes: 100_000 });
    const read = await collect(small);
    const total = read.reduce((n, i) => n + (i.text ? Buffer.byteLength(i.text) : 0), 0);
    expect(total).toBe(100_000);
    const w = small.warnings();
    expect(w).toHaveLength(1);
    expect(w[0].file).toBe(read[read.length - 1].path);
    expect(w[0].message).toBe(`total size limit of 100000 bytes reached in ${w[0].file}: it was cut there and later entries were not read`);
    expect(w[0].effect).toBe('partial');
  });
});

describe('directory sources', () => {
  it('walks in name order, reports symlinks without following them, and sets no mtime', async () => {
    const root = join(tmp.dir, 'tree');
    mkdirSync(join(root, 'bug-report/cluster'), { recursive: true });
    tmp.write('tree/bug-report/cluster/events', 'No resources found\n');
    tmp.write('tree/bug-report/versions', 'CLI version:\n');
    symlinkSync('/etc/passwd', join(root, 'bug-report/escape'));
    symlinkSync('cluster', join(root, 'bug-report/loop'));
    execFileSync('mkfifo', [join(root, 'bug-report/pipe')]);
    const items = await collect(await openBundleSource(root));
    expect(items).toEqual([
      { path: 'bug-report/cluster/events', type: 'file', size: 19, text: 'No resources found\n' },
      { path: 'bug-report/escape', type: 'symlink', size: 11, linkTarget: '/etc/passwd', text: '' },
      { path: 'bug-report/loop', type: 'symlink', size: 7, linkTarget: 'cluster', text: '' },
      { path: 'bug-report/pipe', type: 'other', size: 0, text: '' },
      { path: 'bug-report/versions', type: 'file', size: 13, text: 'CLI version:\n' },
    ]);
  });
});

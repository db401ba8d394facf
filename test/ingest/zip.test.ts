/**
 * zip bundles and nested archives at the source level, and the golden: a zip of the real Sep 2023 bug-report
 * (built here from the corpus tar.gz, entry by entry, with each tar mtime as the entry's UTC time) gives the same
 * report as the tar.gz: every file, proxy, log line, event and finding.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { openBundleSource } from '../../analyzers/node/sources/index.js';
import type { BundleItem } from '../../analyzers/ingest/source.js';
import type { Report } from '../../analyzers/report/schema.js';
import { reportProblems } from '../golden/report-shape.js';
import { gzip, tarBytes, tempDir } from './fixtures.js';
import { zipBytes, type ZipEntrySpec } from './zip.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function collect(items: AsyncIterable<BundleItem>): Promise<Array<{ path: string; type: string; text: string; mtimeMs?: number; linkTarget?: string }>> {
  const out = [];
  for await (const { entry, body } of items) {
    const parts: Uint8Array[] = [];
    try {
      for await (const c of body) parts.push(c);
    } catch (e) {
      parts.push(new TextEncoder().encode(`ERROR ${(e as Error).message}`));
    }
    out.push({ path: entry.path, type: entry.type, text: Buffer.concat(parts).toString('utf8'), ...(entry.mtimeMs !== undefined ? { mtimeMs: entry.mtimeMs } : {}), ...(entry.linkTarget ? { linkTarget: entry.linkTarget } : {}) });
  }
  return out;
}

describe('zip source', () => {
  it('is chosen by content, whatever the name; names, types, links and trusted times come from the central directory', async () => {
    const utc = new Date('2024-05-01T08:30:00Z');
    const src = await openBundleSource(tmp.write('bundle.bin', zipBytes([
      { name: 'bug-report/', method: 0 },
      { name: 'bug-report/cluster/events', content: 'NAMESPACE   LAST SEEN\n', utcMtime: utc },
      { name: 'bug-report/stored.log', content: 'plain\n', method: 0 },
      { name: 'bug-report/link', content: '../../etc/passwd', mode: 0o120777 },
      { name: 'bug-report/fifo', content: '', mode: 0o010644 },
      { name: 'bug-report/ünïcode.log', content: 'x\n' },
    ])));
    expect(src.container).toBe('zip');
    expect(await collect(src.items())).toEqual([
      { path: 'bug-report/', type: 'directory', text: '' },
      { path: 'bug-report/cluster/events', type: 'file', text: 'NAMESPACE   LAST SEEN\n', mtimeMs: utc.getTime() },
      { path: 'bug-report/stored.log', type: 'file', text: 'plain\n' }, // a DOS time has no zone: not trusted
      { path: 'bug-report/link', type: 'symlink', text: '', linkTarget: '../../etc/passwd' },
      { path: 'bug-report/fifo', type: 'other', text: '' },
      { path: 'bug-report/ünïcode.log', type: 'file', text: 'x\n' },
    ]);
    expect(src.warnings()).toEqual([]);
  });

  it('nested archives (tar, tar.gz, zip, gzip\'d file) are expanded one level under their path; deeper ones are left as files', async () => {
    const innerTar = await tarBytes([{ name: 'a.log', content: 'in tar\n' }]);
    const innerZip = zipBytes([{ name: 'b.log', content: 'in zip\n' }, { name: 'deeper.zip', content: zipBytes([{ name: 'c.log', content: 'no\n' }]) }]);
    const outer = await tarBytes([
      { name: 'case/x.tar', content: innerTar },
      { name: 'case/y.tgz', content: gzip(innerTar) },
      { name: 'case/z.zip', content: innerZip },
      { name: 'case/app.log.gz', content: gzip(Buffer.from('gz line\n')) },
      { name: 'case/evil.tar', content: await tarBytes([{ name: '/etc/passwd', content: 'x' }, { name: '../up.log', content: 'x' }]) },
    ]);
    const got = await collect((await openBundleSource(tmp.write('outer.tar', outer))).items());
    expect(got.map((e) => [e.path, e.type, e.text.startsWith('PK') ? 'PK…' : e.text])).toEqual([
      ['case/x.tar', 'archive', ''],
      ['case/x.tar/a.log', 'file', 'in tar\n'],
      ['case/y.tgz', 'archive', ''],
      ['case/y.tgz/a.log', 'file', 'in tar\n'],
      ['case/z.zip', 'archive', ''],
      ['case/z.zip/b.log', 'file', 'in zip\n'],
      ['case/z.zip/deeper.zip', 'file', 'PK…'],
      ['case/app.log.gz', 'archive', ''],
      ['case/app.log', 'file', 'gz line\n'],
      ['case/evil.tar', 'archive', ''],
      ['/etc/passwd', 'file', 'x'], // raw, so that the loader rejects it as absolute (prefixing would hide it)
      ['../up.log', 'file', 'x'],
    ]);
    expect(got.find((e) => e.path === 'case/x.tar/a.log')?.mtimeMs).toBe(Date.parse('2024-03-01T10:00:00Z'));
  });

  it('a folder holding archives expands them in place (no spool), sharing the entry budget', async () => {
    const dir = tempDir();
    dir.write('one.log', 'x\n');
    dir.write('two.zip', zipBytes([{ name: 'a.log', content: 'a\n' }, { name: 'b.log', content: 'b\n' }]));
    const src = await openBundleSource(dir.dir, { maxEntries: 3 });
    expect((await collect(src.items())).map((e) => e.path)).toEqual(['one.log', 'two.zip', 'two.zip/a.log']);
    expect(src.warnings()).toEqual([{ file: 'two.zip/b.log', message: 'entry limit of 3 reached at two.zip/b.log: this and later entries were not read' }]);
    dir.cleanup();
  });
});

const SEP = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';

/** The corpus tar.gz as a zip: every entry, deflated, with its tar mtime as an Info-ZIP UTC time (or none). */
async function zipOfTar(tgzPath: string, utc: boolean): Promise<Buffer> {
  const extract = tarStream.extract();
  createReadStream(tgzPath).pipe(createGunzip()).pipe(extract);
  const entries: ZipEntrySpec[] = [];
  for await (const e of extract) {
    const parts: Buffer[] = [];
    for await (const c of e) parts.push(c as Buffer);
    const name = e.header.type === 'directory' ? `${e.header.name.replace(/\/$/, '')}/` : e.header.name;
    entries.push({ name, content: Buffer.concat(parts), ...(utc && e.header.mtime ? { utcMtime: e.header.mtime } : {}) });
  }
  return zipBytes(entries);
}

describe('golden: a zip of a real bug-report reads as the tar.gz does', () => {
  let fromTar: Report;
  let fromZip: Report;
  let dosOnly: Report;
  beforeAll(async () => {
    fromTar = await analyzePath(SEP);
    fromZip = await analyzePath(tmp.write('bug-report.zip', await zipOfTar(SEP, true)));
    dosOnly = await analyzePath(tmp.write('bug-report-dos.zip', await zipOfTar(SEP, false)));
  }, 120_000);

  it('is a well-formed report (schema and references)', () => {
    expect(reportProblems(fromZip)).toEqual([]);
    expect(reportProblems(dosOnly)).toEqual([]);
  });

  it('every file, proxy, log line and event', () => {
    expect(fromZip.bundle.format).toBe('istioctl-bug-report');
    expect(fromZip.bundle.formatVersion).toBe('≤1.20');
    expect(fromZip.bundle.files.map((f) => [f.path, f.status, f.role])).toEqual(fromTar.bundle.files.map((f) => [f.path, f.status, f.role]));
    expect(fromZip.bundle.files).toHaveLength(203);
    expect(fromZip.bundle.inventory).toEqual(fromTar.bundle.inventory);
    expect(fromZip.bundle.inventory.proxies).toHaveLength(17);
    expect(fromZip.bundle.inventory.events).toBe(fromTar.bundle.inventory.events);
    expect(fromZip.bundle.inventory.events).toBeGreaterThan(0);
    expect(fromZip.stats.linesScanned).toBe(46143);
  });

  it('the same capture time (UTC entry times), findings, root causes and timeline', () => {
    expect([fromZip.bundle.capturedAt, fromZip.bundle.capturedAtSource]).toEqual(['2023-09-06T09:16:27Z', 'archive-mtime']);
    expect(fromZip.findings.map((f) => f.id)).toEqual(fromTar.findings.map((f) => f.id));
    expect(fromZip.rootCauses).toEqual(fromTar.rootCauses);
    expect(fromZip.timeline).toEqual(fromTar.timeline);
  });

  it('without UTC times (a DOS-only zip), the capture time falls back to the newest log line', () => {
    expect(dosOnly.bundle.capturedAtSource).toBe('newest-log');
    expect(Date.parse(dosOnly.bundle.capturedAt!)).toBeLessThanOrEqual(Date.parse('2023-09-06T09:16:27Z'));
    expect(dosOnly.bundle.inventory).toEqual(fromTar.bundle.inventory);
  });
});

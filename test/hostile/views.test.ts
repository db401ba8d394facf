/**
 * Hostile bundles behind the app's views (the BundleSession that `meshlens serve` and the Electron engine run):
 * spooled copies stay in the store's own temp dir and go with it, raw excerpts and log rows show no secret,
 * a catastrophic user regex is bounded; and the engine's entry limit, configured, stops a flood with a message.
 */
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePath } from '../../analyzers/node/analyze.js';
import { openBundleStore } from '../../analyzers/node/serve/bundle-store.js';
import { BundleSession } from '../../analyzers/node/serve/session.js';
import { baseEntries, escapeName, tgz, Workspace } from './harness.js';

const ws = new Workspace();
afterAll(() => ws.cleanup());

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDpjYXJ0In0.c2lnbmF0dXJlLWZvci10aGUtdmlldy10ZXN0';
const LOG = 'bug-report/proxies/shop/cart-1/istio-proxy.log';

describe('the app views', () => {
  it('spool only into the store\'s own temp dir, whatever the entry paths, and remove it on close', async () => {
    const up = escapeName('store');
    const abs = join(tmpdir(), escapeName('store-abs'));
    const bundle = ws.file('store.tar.gz', await tgz([...baseEntries(), { name: `../../${up}`, content: 'x' }, { name: abs, content: 'x' }, { name: 'bug-report/../../../x', content: 'x' }, { name: 'bug-report/cluster/crs', type: 'symlink', linkname: '/etc/passwd' }]));
    const store = await openBundleStore(bundle);
    const spool = dirname([...store.files.values()][0]!.diskPath);
    expect(spool.startsWith(tmpdir())).toBe(true);
    for (const f of store.files.values()) expect(dirname(f.diskPath)).toBe(spool);
    expect(readdirSync(spool).every((n) => /^\d+$/.test(n))).toBe(true);
    for (const name of baseEntries().map((e) => e.name)) expect(store.files.has(name)).toBe(true);
    for (const name of store.files.keys()) expect(name).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|\0/);
    expect(store.files.has('bug-report/cluster/crs')).toBe(false); // the symlink is not spooled
    for (const p of [join(ws.dir, up), join(dirname(ws.dir), up), abs]) expect(existsSync(p), p).toBe(false);
    await store.dispose();
    expect(existsSync(spool)).toBe(false);
  });

  it('show no secret in excerpts or log rows, and keep a catastrophic regex bounded', async () => {
    setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks'); // as serve and the Electron engine do
    const log = `2026-03-10T11:51:00.000000Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 2s ago: 16, token ${JWT} rejected\n${'a'.repeat(5000)}!\n${'A'.repeat(5000)}!\n`;
    const bundle = ws.file('views.tar.gz', await tgz([...baseEntries(), { name: LOG, content: log }]));
    const session = new BundleSession(analyzePath);
    await session.open(bundle);
    try {
      expect(session.status().state).toBe('ready');
      expect(JSON.stringify(session.report())).not.toContain(JWT.split('.')[1]);
      const ex = await session.excerpt(LOG, 1, 2);
      expect(ex.lines[0]).toContain('token [redacted:jwt] rejected');
      const rows = (await session.queryLogs({ text: 'rejected', offset: 0, limit: 10 })).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.text).toContain('[redacted:jwt]');
      expect(rows[0]!.matches).toBeUndefined();
      for (const text of ['(a+)+$', '(A+)+$']) { // smart case: case-insensitive, then case-sensitive
        const t0 = performance.now();
        const page = await session.queryLogs({ text, regex: true, offset: 0, limit: 10 });
        expect(performance.now() - t0).toBeLessThan(15_000);
        expect(page.error).toBeUndefined();
        expect(page.total).toBe(0);
      }
      expect((await session.queryLogs({ text: 'a+!$', regex: true, offset: 0, limit: 10 })).rows.map((r) => r.line)).toEqual([2, 3]);
    } finally {
      await session.close();
    }
  });
});

describe('configured bounds', () => {
  it('an entry limit stops reading with a message naming the entry, and the report keeps what was read', async () => {
    const entries = [...baseEntries(), ...Array.from({ length: 200 }, (_, i) => ({ name: `bug-report/proxies/ns/p${i}/istio-proxy.log`, content: `line ${i}\n` }))];
    const report = await analyzePath(ws.file('entries.tar.gz', await tgz(entries)), { limits: { maxEntries: 50 } });
    expect(report.bundle.files).toHaveLength(50);
    expect(report.bundle.warnings).toContainEqual({ file: 'bug-report/proxies/ns/p47/istio-proxy.log', message: 'entry limit of 50 reached at bug-report/proxies/ns/p47/istio-proxy.log: this and later entries were not read' });
  });
});

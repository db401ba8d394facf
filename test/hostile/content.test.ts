/** Hostile content inside a well-formed archive: encodings, line endings, NULs, huge lines, YAML/JSON bombs, bad times, broken tables and dumps. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEntries, expectSafe, fileRecord, tgz, Workspace, type Entry } from './harness.js';

const ws = new Workspace();
afterAll(() => ws.cleanup());

const LOG = 'bug-report/proxies/shop/x-1/istio-proxy.log';
const XDS_LINE = '2026-03-10T11:55:00.000000Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 40s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.10:15012: connect: connection refused"';

/** Evidence lines of signature hits in `file`. */
function hitLines(report: NonNullable<ReturnType<typeof expectSafe>>, file: string): number[] {
  return report.findings.flatMap((f) => f.evidence.filter((e) => e.file === file).map((e) => e.line!)).sort((a, b) => a - b);
}

async function run(name: string, entries: Entry[], args: string[] = []) {
  return ws.run(ws.file(`${name}.tar.gz`, await tgz(entries)), args);
}

describe('encodings and line endings', () => {
  it('invalid UTF-8 is read as replacement characters, and the lines after it still match at the right line', async () => {
    const bad = Buffer.concat([Buffer.from('2026-03-10T11:50:00.000000Z\tinfo\tx bad \xff\xfe bytes \xc3\x28 here\n', 'latin1'), Buffer.from([0xed, 0xa0, 0x80, 0x0a]), Buffer.from(`${XDS_LINE}\n`)]);
    const report = expectSafe(await run('utf8', [...baseEntries(), { name: LOG, content: bad }]))!;
    expect(hitLines(report, LOG)).toEqual([3]);
    expect(report.bundle.inventory.proxies.find((p) => p.name === 'x-1')?.logLines).toBe(3);
  });

  it('UTF-16: a loose log is skipped saying so; a bug-report log in UTF-16 is read without harm', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${XDS_LINE}\r\n`, 'utf16le')]);
    const report = expectSafe(await run('utf16', [...baseEntries(), { name: 'attachments/app.log', content: utf16 }, { name: LOG, content: utf16 }]))!;
    expect(fileRecord(report, 'attachments/app.log')).toMatchObject({ status: 'skipped', reason: 'UTF-16 text: not read (convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8)' });
    expect(fileRecord(report, LOG)?.status).toBe('used');
  });

  it('CRLF logs and YAML: lines split right, no \\r in excerpts, objects parsed', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const entries = baseEntries().map((e) => ({ ...e, content: crlf(e.content as string) }));
    const report = expectSafe(await run('crlf', [...entries, { name: LOG, content: crlf(`first\n${XDS_LINE}\nlast\n`) }]))!;
    expect(hitLines(report, LOG)).toEqual([2]);
    const ev = report.findings.flatMap((f) => f.evidence).find((e) => e.file === LOG)!;
    expect(ev.excerpt).toMatch(/^2026-03-10T11:55:00.000000Z\twarning\tenvoy config /);
    expect(ev.excerpt).not.toContain('\r');
    expect(report.bundle.inventory.resources).toBe(2);
  });

  it('NUL bytes: a log line with NULs is still scanned, a YAML object with one is skipped with its line', async () => {
    const yaml = 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: n\0ul\n    namespace: shop\nkind: List\n';
    const report = expectSafe(await run('nul', [...baseEntries(), { name: 'bug-report/cluster/crs', content: yaml }, { name: LOG, content: `a\0b\n${XDS_LINE.replace('since', 'si\0nce')}\n${XDS_LINE}\n` }]), { message: /bug-report\/cluster\/crs: line 3: YAML List item not parsed: null byte is not allowed/ })!;
    expect(hitLines(report, LOG)).toContain(3);
  });

  it('a 200 MB line without a newline is cut and noted, not buffered', async () => {
    const huge = Buffer.alloc(200 * 1024 * 1024, 0x61);
    const report = expectSafe(await run('longline', [...baseEntries(), { name: LOG, content: Buffer.concat([huge, Buffer.from(`\n${XDS_LINE}\n`)]) }]), { message: /x-1\/istio-proxy\.log: 1 line\(s\) longer than 65536 bytes were cut to their first 65536 bytes/ })!;
    expect(hitLines(report, LOG)).toEqual([2]);
    expect(report.stats.bytesRead).toBeGreaterThan(200 * 1024 * 1024);
  }, 90_000);
});

describe('YAML and JSON bombs', () => {
  const lol = (levels: number, width: number) => {
    const names = 'abcdefghijklmnopqrstuvwxyz'.slice(0, levels).split('');
    const lines = [`    ${names[0]}: &${names[0]} [${Array(width).fill('"lol"').join(',')}]`];
    for (let i = 1; i < names.length; i++) lines.push(`    ${names[i]}: &${names[i]} [${Array(width).fill(`*${names[i - 1]}`).join(',')}]`);
    return `apiVersion: v1\nitems:\n- apiVersion: networking.istio.io/v1\n  kind: VirtualService\n  metadata:\n    name: lol\n    namespace: shop\n  spec:\n    hosts: [lol]\n    lols:\n${lines.map((l) => `  ${l}`).join('\n')}\nkind: List\n`;
  };

  it('billion laughs under the alias cap (9 levels, 72 aliases) is parsed as shared references, in bounded time and memory', async () => {
    const report = expectSafe(await run('lol9', [...baseEntries(), { name: 'bug-report/cluster/crs', content: lol(9, 9) }]), { withinMs: 30_000 })!;
    expect(report.bundle.inventory.resources).toBe(3);
  });

  it('billion laughs over the alias cap (12 levels × 10) is skipped with a warning naming the item', async () => {
    expectSafe(await run('lol12', [...baseEntries(), { name: 'bug-report/cluster/crs', content: lol(12, 10) }]), { withinMs: 30_000, message: /bug-report\/cluster\/crs: line 3: YAML List item not parsed: .*alias/ });
  });

  it('10,000-deep JSON and YAML are skipped with a warning; a 10,000-deep config_dump is survived', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const report = expectSafe(await run('deep', [
      ...baseEntries(),
      { name: 'bug-report/cluster/k8s-cluster-resources', content: deep },
      { name: 'bug-report/cluster/crs', content: `- ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` },
      { name: 'bug-report/proxies/shop/x-1/config_dump?include_eds', content: `{"configs":[${deep}]}` },
    ]), { message: /k8s-cluster-resources: line 1: nesting deeper than 100; skipped/ })!;
    expect(report.bundle.warnings).toContainEqual({ file: 'bug-report/cluster/crs', message: expect.stringMatching(/^line 1: YAML List item not parsed: nesting exceeded maxDepth \(100\)/) });
    expect(fileRecord(report, 'bug-report/proxies/shop/x-1/config_dump?include_eds')?.status).toBe('used');
  });

  it('a single 9 MB YAML object is skipped as too big, the rest of the List is kept', async () => {
    const big = `apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n    namespace: shop\n  data:\n    blob: ${'x'.repeat(9 * 1024 * 1024)}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: small\n    namespace: shop\nkind: List\n`;
    const report = expectSafe(await run('bigobject', [...baseEntries(), { name: 'bug-report/cluster/crs', content: big }]), { message: /bug-report\/cluster\/crs: line 3: object of 943\d{4} characters exceeds the 8388608-character limit; skipped/ })!;
    expect(report.bundle.inventory.resources).toBe(3);
  });

  it('duplicate keys: YAML keeps the last value with a warning at the object line, JSON keeps the last value', async () => {
    const yaml = 'apiVersion: v1\nitems:\n- apiVersion: networking.istio.io/v1\n  kind: VirtualService\n  metadata:\n    name: first\n    name: reviews\n    namespace: shop\n  spec:\n    hosts: [a]\n    hosts: [reviews]\nkind: List\n';
    const json = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"one","name":"two","namespace":"shop"}}';
    const report = expectSafe(await run('dupkeys', [...baseEntries(), { name: 'bug-report/cluster/crs', content: yaml }, { name: 'attachments/cm.json', content: json }]), { message: /bug-report\/cluster\/crs: line 3: duplicated mapping key .*: kept the last value/ })!;
    expect(report.bundle.inventory.resources).toBe(4);
    expect(report.bundle.files.find((f) => f.path === 'attachments/cm.json')?.status).toBe('used');
  });
});

describe('times', () => {
  const lines = [
    '2999-01-01T00:00:00.000000Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 1s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp: connect: connection refused"',
    '1970-01-01T00:00:00.000000Z\twarn\tca\tca request failed, starting attempt 1 in 101ms',
    '[2026-03-10 06:00:00.123][15][warning][config] [external/envoy/source/common/config/grpc_stream.h:201] gRPC config stream closed: 14, no healthy upstream',
    '{"level":"warn","time":"2026-03-10T06:00:01.000000Z","scope":"ca","msg":"ca request failed, starting attempt 2 in 202ms"}',
    'E0310 06:00:00.000000       1 reflector.go:138] failed to list',
    '1741586400 epoch seconds are not a timestamp we read',
  ].join('\n') + '\n';

  it('future, 1970 and mixed formats: the capture time stays the archive time, the odd times are flagged', async () => {
    const report = expectSafe(await run('times', [...baseEntries(), { name: LOG, content: lines }]))!;
    expect(report.bundle).toMatchObject({ capturedAt: '2026-03-10T12:00:00Z', capturedAtSource: 'archive-mtime' });
    expect(report.bundle.warnings).toEqual(expect.arrayContaining([
      { file: LOG, message: 'log times run to 2999-01-01T00:00:00.000000Z, after the capture time 2026-03-10T12:00:00Z: a wrong clock or a forged line; they did not set the capture time' },
      { file: LOG, message: 'log times start at 1970-01-01T00:00:00.000000Z, before 2010: a reset clock; those lines are kept but their times are not trustworthy' },
    ]));
    // 1970 and 2026 are decades apart: two episodes, each citing its own line.
    const ca = report.findings.filter((f) => f.code === 'SIG-CA-001');
    expect(ca.flatMap((f) => f.evidence.map((e) => e.line)).sort()).toEqual([2, 4]);
  });

  it('in a folder (no archive times) a log line in the year 2999 does not become the capture time', async () => {
    const dir = ws.folder('future-dir');
    const write = (p: string, s: string) => {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), s);
    };
    write(LOG, lines);
    write('bug-report/proxies/shop/y-1/istio-proxy.log', '2026-03-10T11:58:00.000000Z\tinfo\tads\tready\n');
    const report = expectSafe(await ws.run(dir))!;
    expect(report.bundle).toMatchObject({ capturedAt: '2026-03-10T11:58:00Z', capturedAtSource: 'newest-log' });
    expect(report.bundle.warnings.map((w) => w.message)).toContain('log times run to 2999-01-01T00:00:00.000000Z, after the capture time 2026-03-10T11:58:00Z: a wrong clock or a forged line; they did not set the capture time');
  });
});

describe('broken tables and dumps', () => {
  it('an events table with missing and ragged columns and an absurd age keeps the rows it can read', async () => {
    const table = 'LAST SEEN      TYPE      REASON      MESSAGE\n99999999999y   Warning   BackOff     Back-off restarting failed container istio-proxy in pod cart-1_shop(1234)\nWarning\n-5m   Normal    Pulled\n   \nno columns at all and very long ' + 'x'.repeat(5000) + '\nNAMESPACE LAST SEEN\n';
    const report = expectSafe(await run('events', [...baseEntries().filter((e) => !e.name.endsWith('events')), { name: 'bug-report/cluster/events', content: table }]))!;
    expect(fileRecord(report, 'bug-report/cluster/events')?.status).toBe('used');
    const backoff = report.findings.find((f) => f.code === 'SIG-K8S-001')!;
    expect(backoff.evidence[0]).toMatchObject({ file: 'bug-report/cluster/events', line: 2 });
    expect(backoff.evidence[0]!.time).toBeUndefined(); // 99999999999y before the capture is no date
  });

  it('a config_dump with unknown types, wrong shapes and garbage PEM is survived; its private key is never shown', async () => {
    const key = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCSUPERSECRETKEYMATERIAL';
    const dump = {
      configs: [
        { '@type': 'type.googleapis.com/envoy.admin.v9.FutureConfigDump', x: 1 }, 42, null, 'str', { noType: true },
        { '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamic_active_clusters: [null, 1, { cluster: 'x' }, { cluster: { name: 5 } }] },
        { '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', dynamic_listeners: 'not a list' },
        { '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump', dynamic_active_secrets: [{ name: 'default', secret: { tls_certificate: {
          certificate_chain: { inline_bytes: Buffer.from('-----BEGIN CERTIFICATE-----\n!!!garbage!!!\n-----END CERTIFICATE-----\n').toString('base64') },
          private_key: { inline_bytes: Buffer.from(`-----BEGIN PRIVATE KEY-----\n${key}\n-----END PRIVATE KEY-----\n`).toString('base64') },
        } } }, { name: 'ROOTCA', secret: { validation_context: { trusted_ca: { inline_bytes: '%%% not base64 %%%' } } } }] },
      ],
    };
    const certs = '{"certificates":[{"ca_cert":[{"path":"<inline>","serial_number":"zz","days_until_expiration":"NaN","valid_from":"garbage","expiration_time":"also garbage"}],"cert_chain":"not-an-array"}]}';
    const report = expectSafe(await run('dump', [...baseEntries(), { name: 'bug-report/proxies/shop/cart-1/config_dump?include_eds', content: JSON.stringify(dump) }, { name: 'bug-report/proxies/shop/cart-1/certs', content: certs }]), { secrets: [key, 'SUPERSECRET'] })!;
    expect(report.bundle.inventory.proxies.find((p) => p.name === 'cart-1')).toMatchObject({ configDump: true, log: true });
  });

  it('markup in log lines reaches the HTML report as text', async () => {
    const line = '2026-03-10T11:55:00.000000Z\twarning\tenvoy config x\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 40s ago: 14, <script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
    const r = await run('markup', [...baseEntries(), { name: LOG, content: `${line}\n` }]);
    expectSafe(r);
    expect(r.outputs[3]).not.toMatch(/<script|<img/);
    expect(r.outputs[3]).toContain('&#60;script&#62;alert(document.cookie)&#60;/script&#62;');
  });
});

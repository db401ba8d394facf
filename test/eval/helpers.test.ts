// The injection helpers against the real corpus archives (../shared/corpus/istio-bug-reports/).
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { X509Certificate } from 'node:crypto';
import { Archive } from '../../eval/lib/archive.js';
import { KList } from '../../eval/lib/klist.js';
import { listItemYaml } from '../../eval/lib/goyaml.js';
import { EventsTable } from '../../eval/lib/events.js';
import { humanDuration } from '../../eval/lib/time.js';
import { mergeIntoLog } from '../../eval/lib/logs.js';
import { Bundle } from '../../eval/lib/bundle.js';
import { CORPUS_FILES } from '../../eval/corpus.js';
import { ALL_VARIANTS } from '../../eval/variants.js';
import { failedCreates, rollout } from '../../eval/lib/workload.js';
import { secretRow } from '../../eval/lib/secrets.js';
import { sdsPems, setSdsSecret } from '../../eval/lib/certs.js';
import { adsClosed, proxyPods } from '../../eval/lib/xds.js';
import { goFloat, lineTime, publishRoot, replaceIstiod, writeIstiodRun } from '../../eval/lib/istiod.js';

let sep: Archive;
let may: Archive;
beforeAll(async () => {
  sep = await Archive.read(CORPUS_FILES.sep2023);
  may = await Archive.read(CORPUS_FILES.may2023);
});

describe('Archive', () => {
  it('writes back the same entries, order, modes and mtimes (the tar stream is byte-identical)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshlens-eval-test-'));
    try {
      const out = join(dir, 'copy.tar.gz');
      await may.clone().write(out);
      const back = await Archive.read(out);
      expect(back.entries.map((e) => [e.name, e.mode, e.uid, e.uname, e.mtime.getTime(), e.body.length])).toEqual(may.entries.map((e) => [e.name, e.mode, e.uid, e.uname, e.mtime.getTime(), e.body.length]));
      expect(back.capturedAt.toISOString()).toBe('2023-05-12T18:47:31.000Z');
      const { gunzipSync } = await import('node:zlib');
      const { readFileSync } = await import('node:fs');
      expect(Buffer.compare(gunzipSync(readFileSync(out)), gunzipSync(readFileSync(CORPUS_FILES.may2023)))).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('kubectl-style YAML', () => {
  it('re-prints at least 95 % of the real List items byte for byte', () => {
    for (const [a, rel] of [[sep, 'cluster/k8s-resources'], [sep, 'cluster/crs'], [may, 'cluster/k8s-resources'], [may, 'cluster/crs']] as const) {
      const text = a.text(rel);
      const kl = KList.parse(text);
      expect(kl.toString()).toBe(text);
      let same = 0;
      for (let i = 0; i < kl.length; i++) if (listItemYaml(kl.obj(i)) === kl.itemText(i)) same++;
      expect(same / kl.length).toBeGreaterThan(0.95);
    }
  });

  it('quotes what YAML 1.1 would read as another type, like go-yaml', () => {
    const out = listItemYaml({ kind: 'X', metadata: { name: 'a', resourceVersion: '123', creationTimestamp: '2023-09-06T09:00:00Z', labels: { on: 'yes', v: '0.3.2' } } });
    expect(out).toContain('resourceVersion: "123"');
    expect(out).toContain('creationTimestamp: "2023-09-06T09:00:00Z"');
    expect(out).toContain('"on": "yes"');
    expect(out).toContain('v: 0.3.2');
    expect(parse(out.replace(/^- /, '  ').split('\n').map((l) => l.slice(2)).join('\n'))).toEqual({ kind: 'X', metadata: { name: 'a', resourceVersion: '123', creationTimestamp: '2023-09-06T09:00:00Z', labels: { on: 'yes', v: '0.3.2' } } });
  });
});

describe('events table', () => {
  it('round-trips both real tables and keeps every row to the header columns after adding one', () => {
    for (const a of [sep, may]) {
      const text = a.text('cluster/events');
      const t = EventsTable.parse(text);
      expect(t.toString()).toBe(text);
      t.add({ namespace: 'default', type: 'Warning', reason: 'BackOff', object: { kind: 'Pod', apiVersion: 'v1', name: 'details-v1-abcde', fieldPath: 'spec.containers{details}' }, source: { component: 'kubelet', host: 'xp.worker2' }, message: 'Back-off restarting failed container details in pod details-v1-abcde_default(uid)', firstTimestamp: new Date(a.capturedAt.getTime() - 22 * 60_000), lastTimestamp: new Date(a.capturedAt.getTime() - 30_000), count: 94 }, 'details-v1-abcde.1781', a.capturedAt);
      const lines = t.toString().trimEnd().split('\n');
      const header = lines[0]!;
      const starts = [...['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE', 'COUNT'].map((c) => header.indexOf(c)), header.lastIndexOf('NAME')];
      for (const l of lines.slice(1)) for (const s of starts) expect(l[s - 1]).toBe(' ');
      const row = lines.find((l) => l.includes('details-v1-abcde.1781'))!;
      expect(row).toMatch(/^default\s+30s\s+Warning\s+BackOff\s+pod\/details-v1-abcde\s+spec\.containers\{details\}\s+kubelet, xp\.worker2\s+Back-off.*\s+22m\s+94\s+details-v1-abcde\.1781$/);
    }
  });

  it('prints ages like apimachinery HumanDuration', () => {
    expect([5_000, 150_000, 444_000, 47 * 60_000, 5 * 3600_000 + 7 * 60_000, 26 * 3600_000, 3 * 86400_000 + 3600_000, 28 * 86400_000].map(humanDuration)).toEqual(['5s', '2m30s', '7m24s', '47m', '5h7m', '26h', '3d1h', '28d']);
  });
});

describe('log merge', () => {
  it('inserts by time into the current part of a log that holds the previous container log', () => {
    const log = '========= Previous log present (appended at the end) =========\n\n2023-09-06T09:00:00.000001Z\tinfo\ta\n2023-09-06T09:10:00.000001Z\tinfo\tb\n========= Previous log =========\n2023-07-31T05:00:00.000000Z\tinfo\told\n';
    const out = mergeIntoLog(log, [{ at: new Date('2023-09-06T09:05:00Z'), text: 'NEW1' }, { at: new Date('2023-09-06T09:15:00Z'), text: 'NEW2' }]);
    expect(out.split('\n')).toEqual(['========= Previous log present (appended at the end) =========', '', '2023-09-06T09:00:00.000001Z\tinfo\ta', 'NEW1', '2023-09-06T09:10:00.000001Z\tinfo\tb', 'NEW2', '========= Previous log =========', '2023-07-31T05:00:00.000000Z\tinfo\told', '']);
  });
});

describe('variants', () => {
  it('names are unique and every fault names a catalogue cause', async () => {
    const names = ALL_VARIANTS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    const { readFile } = await import('node:fs/promises');
    const catalogue = await readFile(new URL('../../../shared/ROOT-CAUSES.md', import.meta.url), 'utf8');
    for (const v of ALL_VARIANTS) if (v.cause) expect(catalogue).toContain('`' + v.cause + '`');
    expect(ALL_VARIANTS.filter((v) => v.cause === null).map((v) => v.archive).sort()).toEqual(['may2023', 'sep2023']);
  });

  it('a rollout variant keeps the archive valid: same entries except the replaced pods, Lists still parse, events keep the columns', async () => {
    const v = ALL_VARIANTS.find((x) => x.name === 'sidecar-not-injected/sep-test-label-removed')!;
    const b = new Bundle(sep.clone(), 'sep2023', v.name);
    v.build(b);
    const out = b.finish();
    const before = new Set(sep.list());
    const after = new Set(out.list());
    const removed = [...before].filter((x) => !after.has(x));
    const added = [...after].filter((x) => !before.has(x));
    expect(added).toEqual([]); // the new pods have no sidecar, so no proxy folder
    expect(removed.every((r) => /^proxies\/test\/(sleep|httpbin)-/.test(r))).toBe(true);
    expect(removed.length).toBeGreaterThan(0);
    const k8s = parse(out.text('cluster/k8s-resources'));
    const pods = k8s.items.filter((i: any) => i.kind === 'Pod' && i.metadata.namespace === 'test');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.spec.containers.map((c: any) => c.name)).not.toContain('istio-proxy');
    expect(k8s.items.find((i: any) => i.kind === 'Namespace' && i.metadata.name === 'test').metadata.labels['istio-injection']).toBeUndefined();
    expect(EventsTable.parse(out.text('cluster/events')).length).toBeGreaterThan(EventsTable.parse(sep.text('cluster/events')).length);
    expect(out.capturedAt.getTime()).toBe(sep.capturedAt.getTime());
    expect(out.text('bug-report.log')).not.toContain(removed[0]!.split('/')[2]!);
  });

  it('an ambient variant installs ztunnel per node, rolls istio-cni into ambient mode and moves test to ambient, with ztunnel logs in its 2023 format', () => {
    const v = ALL_VARIANTS.find((x) => x.name === 'ambient-dataplane-failure/sep-ztunnel-oomkilled')!;
    const b = new Bundle(sep.clone(), 'sep2023', v.name);
    v.build(b);
    const out = b.finish();
    const k8s = parse(out.text('cluster/k8s-resources'));
    const pods = (ns: string, prefix: string): any[] => k8s.items.filter((i: any) => i.kind === 'Pod' && i.metadata.namespace === ns && i.metadata.name.startsWith(prefix));
    const cni = pods('kube-system', 'istio-cni-node-');
    const zt = pods('istio-system', 'ztunnel-');
    expect(cni).toHaveLength(3);
    expect(zt.map((p) => p.spec.nodeName).sort()).toEqual(cni.map((p) => p.spec.nodeName).sort());
    for (const p of cni) expect(sep.has(`cni/${p.metadata.name}/cni.log`)).toBe(false);
    for (const p of cni) expect(out.text(`cni/${p.metadata.name}/cni.log`)).toContain('FLAG: --ambient-enabled="true"');
    expect(out.list((r) => r.startsWith('cni/') && r.endsWith('cni.log'))).toHaveLength(3);
    const ns = k8s.items.find((i: any) => i.kind === 'Namespace' && i.metadata.name === 'test');
    expect(ns.metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(ns.metadata.labels['istio-injection']).toBeUndefined();
    for (const p of k8s.items.filter((i: any) => i.kind === 'Pod' && i.metadata.namespace === 'test')) {
      expect(p.spec.containers.map((c: any) => c.name)).not.toContain('istio-proxy');
      expect(p.metadata.annotations['ambient.istio.io/redirection']).toBe('enabled');
    }
    const oom = zt.filter((p) => p.status.containerStatuses[0].lastState.terminated?.reason === 'OOMKilled');
    expect(oom).toHaveLength(1);
    expect(oom[0].status.containerStatuses[0].lastState.terminated.exitCode).toBe(137);
    expect(oom[0].status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    for (const p of zt) {
      const log = out.text(`proxies/istio-system/${p.metadata.name}/istio-proxy.log`);
      // tracing-subscriber's default format, as a 2023 ztunnel printed it (real line in corpus log-lines/NOTES.md)
      for (const l of log.split('\n').filter((x) => /^\d{4}-/.test(x))) expect(l).toMatch(/^2023-09-06T\d\d:\d\d:\d\d\.\d{6}Z +(INFO|WARN|ERROR) (\S+\{[^}]*\}: )?ztunnel(::\w+)*: /);
    }
    expect(out.text(`proxies/istio-system/${oom[0].metadata.name}/istio-proxy.log`)).toMatch(/^========= Previous log present \(appended at the end\) =========\n\n/);
    expect(EventsTable.parse(out.text('cluster/events')).length).toBeGreaterThan(EventsTable.parse(sep.text('cluster/events')).length);
    expect(out.capturedAt.getTime()).toBe(sep.capturedAt.getTime());
  });

  it('the istio-csr variant adds CertificateRequests with real PKCS#10 requests for the restarted pods, crash-looping sidecars, and no private key anywhere', () => {
    const v = ALL_VARIANTS.find((x) => x.name === 'external-ca-overload/sep-istio-csr-vault-rate-limited')!;
    const b = new Bundle(sep.clone(), 'sep2023', v.name);
    v.build(b);
    const out = b.finish();
    const crs = parse(out.text('cluster/crs'));
    const requests = crs.items.filter((i: any) => i.kind === 'CertificateRequest');
    expect(requests).toHaveLength(41);
    const k8s = parse(out.text('cluster/k8s-resources'));
    for (const cr of requests) {
      const pem = Buffer.from(cr.spec.request, 'base64').toString();
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/);
      expect(cr.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['Approved=True', 'Ready=False']);
      const [, ns, sa] = /^spiffe:\/\/cluster\.local\/ns\/([^/]+)\/sa\/(.+)$/.exec(cr.metadata.annotations['istio.cert-manager.io/identities'])!;
      expect(k8s.items.some((p: any) => p.kind === 'Pod' && p.metadata.namespace === ns && p.spec.serviceAccountName === sa)).toBe(true);
    }
    const looping = k8s.items.filter((p: any) => p.kind === 'Pod' && p.status?.containerStatuses?.some((c: any) => c.name === 'istio-proxy' && c.state.waiting?.reason === 'CrashLoopBackOff'));
    expect(looping.length).toBeGreaterThanOrEqual(5);
    for (const p of looping) expect(out.text(`proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`)).toContain('\twarn\tAborting proxy');
    for (const e of out.entries) expect(e.body.toString('latin1')).not.toMatch(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
  });

  it('the stale-certificate variant leaves an expired, well-formed leaf for details in /certs and SDS, the real root untouched, and failing handshakes only while access logs are on', () => {
    const v = ALL_VARIANTS.find((x) => x.name === 'workload-cert-expired/sep-details-stale-sds-cert')!;
    const b = new Bundle(sep.clone(), 'sep2023', v.name);
    v.build(b);
    const out = b.finish();
    const dir = out.list((r) => /^proxies\/default\/details-v1-[^/]+\/certs$/.test(r))[0]!.replace(/certs$/, '');
    const certs = JSON.parse(out.text(dir + 'certs'));
    const orig = JSON.parse(sep.text(dir + 'certs'));
    expect(certs.certificates).toHaveLength(orig.certificates.length);
    for (const c of certs.certificates) {
      expect(c.cert_chain[0]).toMatchObject({ days_until_expiration: '0', valid_from: '2023-09-05T02:09:06Z', expiration_time: '2023-09-06T02:11:06Z' });
      expect(c.ca_cert).toEqual(orig.certificates[0].ca_cert);
    }
    const dump = JSON.parse(out.text(dir + 'config_dump?include_eds'));
    const secrets = dump.configs.find((c: any) => c['@type'].endsWith('SecretsConfigDump')).dynamic_active_secrets;
    const pems = Buffer.from(secrets[0].secret.tls_certificate.certificate_chain.inline_bytes, 'base64').toString().match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)!;
    const leaf = new X509Certificate(pems[0]!);
    expect(leaf.serialNumber.toLowerCase()).toBe(certs.certificates[0].cert_chain[0].serial_number);
    expect(new Date(leaf.validTo).getTime()).toBeLessThan(out.capturedAt.getTime());
    expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/default/sa/bookinfo-details');
    expect(leaf.issuer).toBe('O=cluster.local');
    expect(new X509Certificate(pems[1]!).serialNumber.toLowerCase()).toBe('b4e590a571e33571e4a4fd792de23f29');
    expect(secrets[0].secret.tls_certificate.private_key.inline_bytes).toBe(Buffer.from('[redacted]').toString('base64'));
    const pp = out.list((r) => /proxies\/default\/productpage-v1-[^/]+\/istio-proxy\.log$/.test(r))[0]!;
    const failing = out.text(pp).split('\n').filter((l) => l.includes('CERTIFICATE_VERIFY_FAILED'));
    expect(failing.length).toBeGreaterThan(100);
    const telemetry = parse(out.text('cluster/crs')).items.find((i: any) => i.kind === 'Telemetry');
    for (const l of failing) {
      expect(l).toMatch(/^\[2023-09-06T\S+\] "GET \/details\/0 HTTP\/1\.1" 503 UF,URX upstream_reset_before_response_started\{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED\} - "TLS_error:_268435581:/);
      expect(Date.parse(l.slice(1, 25))).toBeGreaterThan(Date.parse(telemetry.metadata.creationTimestamp));
    }
    for (const e of out.entries) expect(e.body.toString('latin1')).not.toMatch(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
  });

  it('builds every variant deterministically (same seed, same bytes)', () => {
    for (const v of ALL_VARIANTS.filter((x) => x.cause !== null).slice(0, 2)) {
      const a = new Bundle((v.archive === 'sep2023' ? sep : may).clone(), v.archive, v.name);
      const c = new Bundle((v.archive === 'sep2023' ? sep : may).clone(), v.archive, v.name);
      v.build(a);
      v.build(c);
      expect(a.finish().entries.map((e) => e.body.toString('base64').length)).toEqual(c.finish().entries.map((e) => e.body.toString('base64').length));
      expect(a.archive.text('cluster/events')).toBe(c.archive.text('cluster/events'));
    }
  });
});

describe('controller and table helpers', () => {
  it('FailedCreate with a pod name in each message: separate events, then one combined event; ReplicaFailure carries the latest error', () => {
    const b = new Bundle(sep.clone(), 'sep2023', 'test/failed-creates-psa');
    const r = rollout(b, 'test', 'httpbin', { at: b.ago(20 * 60_000), create: false, replaceOld: false, change: () => {} });
    const n = failedCreates(b, r, b.ago(20 * 60_000), b.capture, (pod) => `pods "${pod}" is forbidden: violates PodSecurity "restricted:latest": x`);
    const events = b.k8s.all('Event', 'test').filter((e) => e.reason === 'FailedCreate');
    const combined = events.filter((e) => (e.message as string).startsWith('(combined from similar events): Error creating: pods "'));
    expect(n).toBeGreaterThan(10);
    expect(combined).toHaveLength(1);
    expect(events.length - combined.length).toBe(9);
    expect(events.reduce((s, e) => s + (e.count as number), 0)).toBe(n);
    const rs = b.k8s.get('ReplicaSet', 'test', r.newRs.metadata.name);
    expect(rs.status.conditions[0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(combined[0]!.message).toBe(`(combined from similar events): Error creating: ${rs.status.conditions[0].message}`);
  });

  it('FailedCreate with the same message every time: one event whose count is the attempts made before the table was printed', () => {
    const b = new Bundle(sep.clone(), 'sep2023', 'test/failed-creates-webhook');
    const r = rollout(b, 'default', 'ratings-v1', { at: b.ago(10 * 60_000), create: false, replaceOld: false, change: () => {} });
    const n = failedCreates(b, r, b.ago(10 * 60_000), b.eventsPrintedAt, () => 'Internal error occurred: failed calling webhook "w": context deadline exceeded', 10_000);
    const events = b.k8s.all('Event', 'default').filter((e) => e.reason === 'FailedCreate');
    expect(events).toHaveLength(1);
    expect(events[0]!.count).toBe(n);
    expect(Date.parse(events[0]!.lastTimestamp as string)).toBeLessThanOrEqual(b.eventsPrintedAt.getTime());
  });

  it('adds a secrets row under the real table header columns, in namespace order', () => {
    const b = new Bundle(sep.clone(), 'sep2023', 'test/secret-row');
    secretRow(b, 'istio-system', 'cacerts', 'Opaque', 4, '2d');
    const lines = b.archive.text('cluster/secrets').trimEnd().split('\n');
    const header = lines[0]!;
    const row = lines.find((l) => l.includes(' cacerts '))!;
    for (const col of ['NAME', 'TYPE', 'DATA', 'AGE']) {
      const at = header.search(new RegExp(`(?<= )${col}( |$)`));
      expect(row[at - 1]).toBe(' ');
      expect(row[at]).not.toBe(' ');
    }
    const namespaces = lines.slice(1).map((l) => l.split(/ +/)[0]!);
    expect([...namespaces].sort()).toEqual(namespaces);
  });

  it('replaces the SDS ROOTCA bundle of a real config dump in place (no newline after the last PEM, as the agent writes it), leaving the default chain alone', () => {
    const b = new Bundle(sep.clone(), 'sep2023', 'test/sds-rootca');
    const p = b.k8s.all('Pod', 'default').find((x) => x.metadata.name.startsWith('details-v1-'))!;
    const [leafPem] = sdsPems(b, p, 'default');
    const chainBefore = sdsPems(b, p, 'default');
    setSdsSecret(b, p, 'ROOTCA', [leafPem!], new Date('2023-09-06T08:00:00.123Z'));
    const dump = JSON.parse(b.archive.text(`proxies/default/${p.metadata.name}/config_dump?include_eds`));
    const secrets = dump.configs.find((c: any) => c['@type'].endsWith('SecretsConfigDump')).dynamic_active_secrets;
    const root = secrets.find((s: any) => s.name === 'ROOTCA');
    expect(Buffer.from(root.secret.validation_context.trusted_ca.inline_bytes, 'base64').toString()).toBe(leafPem!.replace(/\n$/, ''));
    expect(root.last_updated).toBe('2023-09-06T08:00:00.123Z');
    expect(sdsPems(b, p, 'default')).toEqual(chainBefore);
  });

  it('writes an xDS stream failure only once it has lasted more than 30 s (Envoy logs earlier closes at debug)', () => {
    const b = new Bundle(sep.clone(), 'sep2023', 'test/ads-closed');
    const p = proxyPods(b)[0]!;
    const from = b.ago(10 * 60_000);
    expect(adsClosed(b, p, from, 'x', new Date(from.getTime() + 29_000))).toBe(0);
    const n = adsClosed(b, p, from, 'connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.1:15012: connect: connection refused"', new Date(from.getTime() + 5 * 60_000));
    expect(n).toBeGreaterThan(3);
    const lines = b.finish().text(`proxies/${p.metadata.namespace}/${p.metadata.name}/istio-proxy.log`).split('\n').filter((l) => l.includes('connection refused') && lineTime(l)! > from);
    expect(lines).toHaveLength(n);
    for (const l of lines) expect(Number(/closed since (\d+)s ago/.exec(l)![1])).toBeGreaterThanOrEqual(30);
  });

  it('prints Prometheus floats as Go does', () => {
    expect([goFloat(2003383303), goFloat(38), goFloat(0.151195219), goFloat(0)]).toEqual(['2.003383303e+09', '38', '0.151195219', '0']);
  });

  it('an istiod restart moves the bug-report folder to the new pod: start-up re-timed, one connection per proxy numbered from 1, the root published', () => {
    const b = new Bundle(sep.clone(), 'sep2023', 'test/istiod-restart');
    const r = replaceIstiod(b, b.ago(40 * 60_000), 'deleted');
    publishRoot(b, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    writeIstiodRun(b, r, { caSetup: (block) => block, rotator: true, reconnect: () => new Date(r.stopped.getTime() + 10_000), citadel: { rootNotAfter: new Date('2033-09-06T08:00:00Z'), csrs: 0 } });
    const out = b.finish();
    const newDir = `istio/istio-system/${r.newPod.metadata.name}`;
    expect(out.list((f) => f.startsWith(r.oldDir + '/'))).toEqual([]);
    expect(out.list((f) => f.startsWith(newDir + '/')).map((f) => f.slice(newDir.length))).toEqual(sep.list((f) => f.startsWith(r.oldDir + '/')).map((f) => f.slice(r.oldDir.length)));
    const log = out.text(`${newDir}/discovery.log`).split('\n');
    expect(lineTime(log[0]!)!.getTime()).toBe(Math.round(r.started.getTime() / 1000) * 1000 + (lineTime(sep.text(`${r.oldDir}/discovery.log`).split('\n')[0]!)!.getTime() % 1000));
    const times = log.map(lineTime).filter((t): t is Date => t !== undefined).map((t) => t.getTime());
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]! - 1)).toBe(true);
    expect(Math.max(...times)).toBeLessThanOrEqual(out.capturedAt.getTime());
    const ids = log.map((l) => /ADS: new connection for node:(\S+)-(\d+)$/.exec(l)).filter(Boolean).map((m) => Number(m![2]));
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    const proxies = proxyPods(b).map((p) => `${p.metadata.name}.${p.metadata.namespace}`);
    const synced = (JSON.parse(out.text(`${newDir}/debug/syncz`)) as Array<{ proxy: string }>).map((s) => s.proxy).sort();
    expect(synced).toEqual([...proxies].sort());
    for (const n of proxies) expect(log.some((l) => l.includes(`ADS: new connection for node:${n}-`))).toBe(true);
    expect(out.text(`${newDir}/metrics`)).toMatch(/^citadel_server_root_cert_expiry_timestamp 2\.009\d*e\+09$/m);
    const k8s = KList.parse(out.text('cluster/k8s-resources'));
    for (const cm of k8s.all('ConfigMap').filter((c) => c.metadata.name === 'istio-ca-root-cert')) expect(cm.data['root-cert.pem']).toContain('AAAA');
    expect(k8s.all('Pod', 'istio-system').map((p) => p.metadata.name)).toContain(r.newPod.metadata.name);
    expect(out.text('cluster/describe-pods')).toContain(`Name:             ${r.newPod.metadata.name}`);
  });

  it('an analyze message lands in the analyze file and in bug-report.log\'s Analysis Report; a long secret name widens its column for every row', () => {
    const b = new Bundle(may.clone(), 'may2023', 'test/analyze-and-secrets');
    const msg = 'Error [IST0101] (Gateway default/bookinfo-gateway) Referenced credentialName not found: "bookinfo-credential"';
    b.analyze([msg]);
    expect(b.archive.text('analyze/allNamespaces/allNamespaces').split('\n')[0]).toBe(msg);
    const log = b.archive.text('bug-report.log').split('\n');
    const at = log.indexOf('Analysis Report:');
    expect(log[at + 2]).toMatch(new RegExp(`^2023-05-12T18:47:31\\.\\d{6}Z\\tinfo\\t${msg.replace(/[[\]().]/g, '\\$&')}$`));
    expect(log.slice(at + 3, at + 9)).toEqual(may.text('analyze/allNamespaces/allNamespaces').trimEnd().split('\n'));
    secretRow(b, 'default', 'bookinfo-credential', 'kubernetes.io/tls', 2, '38m');
    const rows = b.archive.text('cluster/secrets').trimEnd().split('\n');
    const typeAt = rows[0]!.indexOf('TYPE');
    expect(typeAt).toBeGreaterThan('NAMESPACE        bookinfo-credential'.length);
    for (const r of rows) expect(r[typeAt - 1]).toBe(' ');
    expect(rows.map((r) => r.split(/ +/)[1])).toContain('bookinfo-credential');
  });
});

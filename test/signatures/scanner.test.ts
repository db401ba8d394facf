import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { compileEngine, createLogScanner, type SignatureEngine } from '../../analyzers/signatures/engine.js';
import { GroupStore, MAX_GROUPS_PER_SIGNATURE } from '../../analyzers/signatures/groups.js';
import { corpusLine } from '../parse/logs/corpus.js';
import { TemplateMiner } from '../../analyzers/mining/miner.js';
import { hitIds, scanLines } from './run.js';

let engine: SignatureEngine;
beforeAll(() => {
  engine = compileEngine(loadBuiltinPacks());
});

const CA_FAIL = corpusLine(19); // 2025-09-09T08:42:04.279081Z warn ca ca request failed, starting attempt 1 …

describe('log sink', () => {
  it('only runs signatures that apply to the file\'s component', () => {
    expect(hitIds(scanLines(engine, [CA_FAIL], 'istio-proxy')).has('SIG-CA-001')).toBe(true);
    expect(hitIds(scanLines(engine, [CA_FAIL], 'istiod')).has('SIG-CA-001')).toBe(false);
    expect(hitIds(scanLines(engine, [CA_FAIL], 'unknown')).has('SIG-CA-001')).toBe(true);
  });

  it('matches through wrappers: docker json-file (corpus #98) and a stern prefix (corpus #38)', () => {
    expect([...hitIds(scanLines(engine, [corpusLine(98)], 'istio-proxy'))]).toEqual(['SIG-TLS-003']);
    expect([...hitIds(scanLines(engine, [corpusLine(38)], 'istio-proxy'))]).toEqual(['SIG-ACCESS-004']);
  });

  it('looks at an access line only when a response flag stands as a field, not inside a word (PUT, DCE)', () => {
    const ok = '[2025-06-01T15:37:04.814Z] "PUT /DCE/put HTTP/1.1" 200 - via_upstream - "-" 0 621 94 63 "-" "fortio" "f47fa353-177d-9834-ac08-5c5be28f4593" "httpbin:8000" "10.244.1.27:8080" outbound|8000||httpbin.default.svc.cluster.local 10.244.2.30:42658 10.96.243.7:8000 10.244.2.30:58932 - default';
    const healthy = scanLines(engine, [ok], 'istio-proxy');
    expect(healthy.stats().candidateLines).toBe(0);
    const ut = scanLines(engine, [ok.replace('200 - via_upstream', '504 UT response_timeout')], 'istio-proxy');
    expect(ut.stats().candidateLines).toBe(1);
    expect(hitIds(ut).has('SIG-ACCESS-007')).toBe(true);
    const json = scanLines(engine, ['{"start_time":"2025-06-01T15:37:04.814Z","method":"PUT","response_code":"503","response_flags":"UF,URX","upstream_cluster":"outbound|80||a.b.svc.cluster.local"}'], 'istio-proxy');
    expect([...hitIds(json)].sort()).toEqual(['SIG-ACCESS-002', 'SIG-ACCESS-006']);
  });

  it('cuts over-long lines, counts and reports them, and keeps line numbers right', () => {
    const scanner = createLogScanner(engine, { maxLineBytes: 100 });
    const sink = scanner.sink({ file: 'f.log', component: 'istio-proxy', pod: 'p', namespace: 'n' });
    sink.write(new TextEncoder().encode(`${'x'.repeat(250)}\n${CA_FAIL}\n`));
    const summary = sink.end();
    expect(summary).toMatchObject({ lines: 2, longLinesCut: 1, warnings: ['1 line(s) longer than 100 bytes were cut to their first 100 bytes'] });
    expect(scanner.groups()[0]!.samples[0]!.line).toBe(2);
  });

  it('warns when the previous-log header has no section after it', () => {
    const scanner = createLogScanner(engine);
    const sink = scanner.sink({ file: 'f.log', component: 'istio-proxy' });
    sink.write(new TextEncoder().encode(`========= Previous log present (appended at the end) =========\n\n${CA_FAIL}\n`));
    const summary = sink.end();
    expect(summary.lines).toBe(3);
    expect(summary.previousSection).toBeUndefined();
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/no "========= Previous log =========" section follows/);
  });

  it('can be re-targeted to another file with begin()', () => {
    const scanner = createLogScanner(engine);
    const sink = scanner.sink({ file: 'a.log', component: 'istio-proxy', namespace: 'ns', pod: 'a' });
    sink.write(new TextEncoder().encode(CA_FAIL + '\n'));
    expect(sink.end().lines).toBe(1);
    sink.begin({ file: 'b.log', component: 'istio-proxy', namespace: 'ns', pod: 'b' });
    sink.write(new TextEncoder().encode(`${CA_FAIL}\n${CA_FAIL}\n`));
    expect(sink.end()).toMatchObject({ meta: { file: 'b.log' }, lines: 2, firstTime: '2025-09-09T08:42:04.279081Z' });
    expect(scanner.groups().map((g) => [g.pods, g.count])).toEqual([[['ns/a'], 1], [['ns/b'], 2]]);
  });
});

describe('events', () => {
  it('groups events by involved object with their counts and first/last seen', () => {
    const scanner = createLogScanner(engine);
    const ev = (lastSeen: string, count: number, line: number) => ({
      namespace: 'istio-system', type: 'Warning', reason: 'Unhealthy', object: { kind: 'Pod', namespace: 'istio-system', name: 'istiod-5dc9d477-27gmf' },
      subobject: 'spec.containers{discovery}', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count,
      firstSeen: '2023-09-05T06:00:00Z', lastSeen, source: { file: 'bug-report/cluster/events', line },
    });
    scanner.matchEvent(ev('2023-09-05T06:10:00Z', 3, 4));
    scanner.matchEvent(ev('2023-09-05T06:20:00Z', 2, 9));
    const groups = scanner.groups();
    expect(groups.map((g) => g.signature.id)).toEqual(['SIG-K8S-003']);
    expect(groups[0]).toMatchObject({ count: 5, firstSeen: '2023-09-05T06:00:00Z', lastSeen: '2023-09-05T06:20:00Z', pods: ['istio-system/istiod-5dc9d477-27gmf'] });
    expect(groups[0]!.samples.map((s) => s.line)).toEqual([4, 9]);
  });
});

describe('GroupStore', () => {
  it(`keeps at most ${MAX_GROUPS_PER_SIGNATURE} groups per signature and folds the rest into (other)`, () => {
    const def = loadBuiltinPacks().find((d) => d.id === 'SIG-ACCESS-004')!;
    const store = new GroupStore();
    for (let i = 0; i < MAX_GROUPS_PER_SIGNATURE + 5; i++) {
      store.add(def, { values: { pod: 'ns/gw', authority: `host-${i}` }, captures: {}, sample: { file: 'f', line: i + 1, excerpt: 'x' }, count: 1 });
    }
    const groups = store.groups();
    expect(groups).toHaveLength(MAX_GROUPS_PER_SIGNATURE + 1);
    expect(groups.find((g) => g.values['authority'] === '(other)')).toMatchObject({ count: 5, values: { authority: '(other)' } });
  });
});

describe('GroupStore.merge', () => {
  // Hits of one signature from three files (as three pods of one workload would log them), times in two bursts.
  const def = loadBuiltinPacks().find((d) => d.id === 'SIG-ACCESS-004')!;
  const hit = (file: string, line: number, minute: number, details: string) => ({
    values: { pod: `ns/${file}`, workload: 'ns/gw', authority: 'reviews:9080' },
    captures: { details },
    sample: { file, line, excerpt: `${file}:${line}`, time: new Date(Date.UTC(2026, 2, 10, 6, minute)).toISOString() },
    count: 1,
    pod: `ns/${file}`,
  });
  const files = [
    [hit('a', 1, 0, 'x'), hit('a', 2, 1, 'x'), hit('a', 3, 50, 'y')],
    [hit('b', 1, 2, 'y'), hit('b', 2, 51, 'y')],
    [hit('c', 1, 3, 'z'), hit('c', 2, 4, 'x'), hit('c', 3, 52, 'z'), hit('c', 4, 53, 'z')],
  ];

  it('merging per-file stores in file order gives what one store fed the same hits gives', () => {
    const one = new GroupStore();
    for (const f of files) for (const h of f) one.add(def, h);
    const merged = new GroupStore();
    const defs = new Map([[def.id, def]]);
    for (const f of files) {
      const part = new GroupStore();
      for (const h of f) part.add(def, h);
      merged.merge(structuredClone(part.state()), defs);
    }
    const [a] = one.groups();
    const [b] = merged.groups();
    expect(b!.count).toBe(9);
    expect(b!.pods).toEqual(['ns/a', 'ns/b', 'ns/c']);
    expect(b!.samples.map((s) => s.excerpt)).toEqual(['a:1', 'a:2', 'a:3', 'c:4']);
    expect(b!.episodes.map((e) => [e.count, e.start, e.end])).toEqual(a!.episodes.map((e) => [e.count, e.start, e.end]));
    expect(b!.episodes).toHaveLength(2);
    expect(b!.captures['details']!.top).toEqual([{ value: 'x', count: 3 }, { value: 'y', count: 3 }, { value: 'z', count: 3 }]);
    expect({ ...b, signature: b!.signature.id }).toEqual({ ...a, signature: a!.signature.id });
  });
});

describe('log sink: profiles, event rows and mining', () => {
  const enc = (lines: string[]) => new TextEncoder().encode(lines.join('\n') + '\n');
  const run = (lines: string[], component: 'unknown' | 'istio-proxy' = 'unknown', miner?: TemplateMiner) => {
    const scanner = createLogScanner(engine, miner ? { miner } : {});
    const meta = { file: 'paste.txt', component } as const;
    const sink = scanner.sink(meta);
    sink.begin(meta);
    sink.write(enc(lines));
    return { scanner, summary: sink.end() };
  };

  it('reads times after a kubectl --prefix on every line (istio/istio#53153) and names the component', () => {
    const { summary } = run([
      '[pod/istio-cni-node-xflzt/install-cni] 2024-11-18T19:36:10.502628Z      error   Command error output: xtables parameter problem: Couldn\'t load target `ISTIO_OUTPUT\':No such file or directory',
      '[pod/istio-cni-node-xflzt/install-cni]',
      '[pod/istio-cni-node-xflzt/install-cni] 2024-11-18T19:36:10.508052Z      info    Running command (without lock by env and nss): ip6tables-legacy -t raw -F ISTIO_PRERT',
    ]);
    expect(summary).toMatchObject({ lines: 3, firstTime: '2024-11-18T19:36:10.502628Z', lastTime: '2024-11-18T19:36:10.508052Z' });
  });

  it('turns describe rows into events naming the described object, and does not match them as lines (knative/serving#507)', () => {
    const { scanner } = run([
      'Name:           configuration-example-00001-deployment-587d979986',
      'Namespace:      default',
      'Events:',
      '  Type     Reason        Age              From                   Message',
      '  ----     ------        ----             ----                   -------',
      '  Warning  FailedCreate  1m               replicaset-controller  Error creating: pods "configuration-example-00001-deployment-587d979986-hsx2p" is forbidden: SecurityContext.RunAsUser is forbidden',
    ]);
    expect(scanner.groups()).toEqual([]);
    const [row, ...rest] = scanner.logEvents();
    expect(rest).toEqual([]);
    expect(row!.event).toMatchObject({ reason: 'FailedCreate', object: { kind: 'ReplicaSet', namespace: 'default', name: 'configuration-example-00001-deployment-587d979986' }, source: { file: 'paste.txt', line: 6 } });
    expect(scanner.stats().eventRows).toBe(1);
  });

  it('mines warn/error lines no signature claims, and only those', () => {
    const miner = new TemplateMiner();
    const { scanner } = run([
      // bug-report 2023-09: unclaimed warning, claimed CA failure, info line, shutdown context line.
      '2023-08-09T08:27:27.956320Z\twarn\txdsproxy\tupstream [1409] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout',
      '2023-08-09T05:19:10.127947Z\twarn\tca\tca request failed, starting attempt 1 in 102.871279ms',
      '2023-08-09T08:47:51.422930Z\tinfo\tEnvoy proxy is ready',
      '2023-07-31T05:03:25.099817Z\twarning\tenvoy main external/envoy/source/server/server.cc:862\tcaught ENVOY_SIGTERM\tthread=20',
      // the same unclaimed warning from another connection
      '2023-08-09T08:27:27.965000Z\twarn\txdsproxy\tupstream [1411] terminated with unexpected error rpc error: code = Unavailable desc = keepalive ping failed to receive ACK within timeout',
    ], 'istio-proxy', miner);
    const [t, ...rest] = miner.templates();
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ component: 'istio-proxy', count: 2 });
    expect(t!.examples.map((e) => e.line)).toEqual([1, 5]);
    expect(scanner.stats().mined).toBe(2);
  });

  it('mines linkerd check results no signature knows (level from the mark)', () => {
    // Built in linkerd check's layout (pkg/healthcheck: mark, space, check description).
    const miner = new TemplateMiner();
    run(['× can initialize the client', '    error upgrading connection: Unauthorized'], 'unknown', miner);
    expect(miner.templates()).toEqual([]); // claimed by SIG-LINKERD-008, so not mined
    run(['‼ cluster networks contains all node podCIDRs'], 'unknown', miner);
    expect(miner.templates().map((t) => t.cluster.tokens.join(' '))).toEqual(['‼ cluster networks contains all node podCIDRs']);
  });
});

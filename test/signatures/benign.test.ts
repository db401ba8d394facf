import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks } from '../../analyzers/node/packs.js';
import { compileEngine, type SignatureEngine } from '../../analyzers/signatures/engine.js';
import { groupsToFindings } from '../../analyzers/signatures/findings.js';
import { createLogScanner } from '../../analyzers/signatures/scanner.js';
import { scanLines } from './run.js';

// Real lines from bug-report-2023-09-ce74670 (productpage-v1-564d4686f-7kdqf istio-proxy.log:101/102/71,
// helloworld-v1-b6c45f55-z68kg istio-proxy.log:653 and httpbin-86869bccff-ztgt8 istio-proxy.log:3896); the NOT-ready line
// is corpus #86 (istio/istio#19567).
// istiod's max-age recycling (GOAWAY NO_ERROR "max_age"): routine, SIG-XDS-018 context.
const CLOSE_MAX_AGE = '2023-08-16T16:15:47.768352Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:190\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 1869s ago: 14, closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR, debug data: "max_age"\tthread=14';
// EOF without a GOAWAY (istiod went away): SIG-XDS-002 unless the agent reconnects promptly.
const CLOSE_EOF = '2023-08-18T08:18:13.867274Z\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:190\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 145691s ago: 14, error reading from server: EOF\tthread=14';
const RECONNECT = (time: string): string => `${time}\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012`;
const CLOSE_13 = '2023-07-31T05:03:25.121430Z\twarning\tenvoy config external/envoy/source/common/config/grpc_stream.h:163\tStreamSecrets gRPC config stream to sds-grpc closed: 13, \tthread=19';
const NOT_READY = (time: string): string => `${time}\tinfo\tEnvoy proxy is NOT ready: server is not live, current state is: INITIALIZING`;
const READY = (time: string): string => `${time}\tinfo\tEnvoy proxy is ready`;
const FILLER = (time: string): string => `${time}\tinfo\tcache\tgenerated new workload certificate\tlatency=82.094042ms ttl=23h59m59.267735759s`;

let engine: SignatureEngine;
beforeAll(() => {
  engine = compileEngine(loadBuiltinPacks());
});

const findingCodes = (lines: string[]): string[] => groupsToFindings(scanLines(engine, lines, 'istio-proxy').groups()).map((f) => f.code);

describe('benign lines never become findings by themselves', () => {
  it('closed: 13 is context only: a group, no finding', () => {
    const scanner = scanLines(engine, [CLOSE_13], 'istio-proxy');
    expect(scanner.groups().map((g) => [g.signature.id, g.contextOnly])).toEqual([['SIG-XDS-003', true]]);
    expect(groupsToFindings(scanner.groups())).toEqual([]);
  });

  it('istiod\'s max-age recycling is context only, with or without a reconnect after it', () => {
    const scanner = scanLines(engine, [CLOSE_MAX_AGE, FILLER('2023-08-16T16:15:49.000000Z')], 'istio-proxy');
    expect(scanner.groups().map((g) => [g.signature.id, g.contextOnly])).toEqual([['SIG-XDS-018', true]]);
    expect(groupsToFindings(scanner.groups())).toEqual([]);
    expect(findingCodes([CLOSE_MAX_AGE, RECONNECT('2023-08-16T16:15:48.737757Z')])).toEqual([]);
  });

  it('closed: 14 (EOF) followed by a reconnect within the window is dropped', () => {
    const scanner = scanLines(engine, [CLOSE_EOF, RECONNECT('2023-08-18T08:19:23.726931Z')], 'istio-proxy');
    expect(scanner.groups()).toEqual([]);
    expect(scanner.stats().suppressed).toBe(1);
  });

  it('closed: 14 (EOF) without a reconnect is a finding', () => {
    expect(findingCodes([CLOSE_EOF, FILLER('2023-08-18T08:18:14.000000Z')])).toEqual(['SIG-XDS-002']);
  });

  it('a reconnect more than 10 lines later does not excuse the close', () => {
    const filler = Array.from({ length: 11 }, (_, i) => FILLER(`2023-08-18T08:18:1${4 + Math.floor(i / 10)}.${String(i).padStart(6, '0')}Z`));
    expect(findingCodes([CLOSE_EOF, ...filler, RECONNECT('2023-08-18T08:18:16.000000Z')])).toEqual(['SIG-XDS-002']);
  });

  it('a reconnect more than 90 s later does not excuse the close', () => {
    expect(findingCodes([CLOSE_EOF, RECONNECT('2023-08-18T08:19:44.000000Z')])).toEqual(['SIG-XDS-002']);
    expect(findingCodes([CLOSE_EOF, RECONNECT('2023-08-18T08:19:43.000000Z')])).toEqual([]);
  });

  it('a reconnect in the previous container\'s section does not excuse a close in the current one', () => {
    const lines = [CLOSE_EOF, '========= Previous log =========', RECONNECT('2023-08-18T08:19:23.726931Z')];
    const scanner = scanLines(engine, lines, 'istio-proxy');
    expect(scanner.groups().map((g) => [g.signature.id, g.count, g.previousCount])).toEqual([['SIG-XDS-002', 1, 0]]);
  });

  it('"Envoy proxy is NOT ready" during start-up is dropped once the proxy is ready', () => {
    const lines = [NOT_READY('2019-12-13T04:17:55.740921Z'), NOT_READY('2019-12-13T04:17:57.740921Z'), FILLER('2019-12-13T04:17:58.000000Z'), READY('2019-12-13T04:17:59.741018Z')];
    const scanner = scanLines(engine, lines, 'istio-proxy');
    expect(scanner.groups()).toEqual([]);
    expect(scanner.stats().suppressed).toBe(2);
  });

  it('"Envoy proxy is NOT ready" for more than 10 minutes is a finding, even if ready comes later', () => {
    const lines = [NOT_READY('2019-12-13T04:00:00.000000Z'), NOT_READY('2019-12-13T04:09:00.000000Z'), NOT_READY('2019-12-13T04:10:01.000000Z'), READY('2019-12-13T04:10:30.000000Z')];
    const scanner = scanLines(engine, lines, 'istio-proxy');
    // Only the first line is more than 10 minutes before the ready line.
    expect(scanner.groups().map((g) => [g.signature.id, g.count])).toEqual([['SIG-XDS-007', 1]]);
    expect(scanner.stats().suppressed).toBe(2);
  });

  it('a proxy that never becomes ready is a finding', () => {
    expect(findingCodes([NOT_READY('2019-12-13T04:17:55.740921Z'), NOT_READY('2019-12-13T04:17:57.740921Z')])).toEqual(['SIG-XDS-007']);
  });
});

// istio-cni's ambient node agent (Istio 1.18-1.20) announces that its start-up clean-up will warn; the declaration
// is built from cni/pkg/ambient/net_linux.go, the warning is istio/istio#42571's line.
const DECLARE = (time: string): string => `${time}     info    ambient If rules do not exist in the first place, warnings will be triggered - these can be safely ignored`;
const NO_CHAIN = (time: string): string => `${time}     warn    ambient Error running command iptables-nft: iptables: No chain/target/match by that name.`;
const CNI_INFO = (time: string): string => `${time}     info    ambient Namespace default is enabled in ambient mesh`;

describe('self-declared start-up noise (benignIfPrecededBy)', () => {
  const cni = (lines: string[]) => scanLines(engine, lines, 'cni');

  it('warnings right after the declaration are counted as suppressed, not findings', () => {
    const scanner = cni([DECLARE('2022-12-27T06:14:21.330000Z'), NO_CHAIN('2022-12-27T06:14:21.332623Z'), NO_CHAIN('2022-12-27T06:14:21.334734Z')]);
    expect(scanner.groups()).toEqual([]);
    expect(scanner.stats().suppressed).toBe(2);
    expect(scanner.suppressedGroups().map((g) => [g.signature.id, g.count])).toEqual([['SIG-CNI-004', 2]]);
  });

  it('the same warning without a declaration is a finding', () => {
    expect(groupsToFindings(cni([NO_CHAIN('2022-12-27T06:14:21.332623Z')]).groups()).map((f) => f.code)).toEqual(['SIG-CNI-004']);
  });

  it('a warning more than 60 s after the declaration is a finding', () => {
    const scanner = cni([DECLARE('2022-12-27T06:14:21.000000Z'), NO_CHAIN('2022-12-27T06:14:50.000000Z'), NO_CHAIN('2022-12-27T06:15:21.500000Z')]);
    expect(scanner.groups().map((g) => [g.signature.id, g.count])).toEqual([['SIG-CNI-004', 1]]);
    expect(scanner.stats().suppressed).toBe(1);
  });

  it('a warning more than 400 lines after the declaration is a finding', () => {
    const filler = Array.from({ length: 400 }, () => CNI_INFO('2022-12-27T06:14:21.400000Z'));
    const scanner = cni([DECLARE('2022-12-27T06:14:21.000000Z'), ...filler, NO_CHAIN('2022-12-27T06:14:21.500000Z')]);
    expect(scanner.groups().map((g) => g.signature.id)).toEqual(['SIG-CNI-004']);
  });

  it('a declaration in the current log does not excuse warnings in the previous container\'s section', () => {
    const scanner = cni([DECLARE('2022-12-27T06:14:21.000000Z'), '========= Previous log =========', NO_CHAIN('2022-12-27T06:14:21.500000Z')]);
    expect(scanner.groups().map((g) => [g.signature.id, g.previousCount])).toEqual([['SIG-CNI-004', 1]]);
  });

  it('a declaration in another file does not excuse warnings in this one', () => {
    const scanner = createLogScanner(engine);
    const sink = scanner.sink({ file: 'a.log', component: 'cni', pod: 'istio-cni-node-a' });
    sink.begin({ file: 'a.log', component: 'cni', pod: 'istio-cni-node-a' });
    sink.write(new TextEncoder().encode(DECLARE('2022-12-27T06:14:21.000000Z') + '\n'));
    sink.end();
    sink.begin({ file: 'b.log', component: 'cni', pod: 'istio-cni-node-b' });
    sink.write(new TextEncoder().encode(NO_CHAIN('2022-12-27T06:14:21.500000Z') + '\n'));
    sink.end();
    expect(scanner.groups().map((g) => [g.signature.id, g.pods])).toEqual([['SIG-CNI-004', ['istio-cni-node-b']]]);
  });
});

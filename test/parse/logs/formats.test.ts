import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../../analyzers/parse/logs/parse.js';
import { corpusLine } from './corpus.js';

// Real lines: corpus #N is line N of shared/corpus/log-lines/public.jsonl; "bug-report 2023-09" lines are copied from
// shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz (file and line named); NOTES.md lines are quoted there.
describe('Istio zap text', () => {
  it('reads time, level, scope and message (corpus #19)', () => {
    expect(parseLogLine(corpusLine(19))).toEqual({
      time: '2025-09-09T08:42:04.279081Z', level: 'warn', scope: 'ca', msg: 'ca request failed, starting attempt 1 in 99.763308ms', format: 'istio-text',
    });
  });

  it('reads the default scope (no scope column) (corpus #24 spaces, bug-report 2023-09 productpage:71 tabs)', () => {
    expect(parseLogLine(corpusLine(24))).toEqual({ time: '2020-01-04T15:26:26.987766Z', level: 'error', msg: 'Epoch 0 exited with error: signal: killed', format: 'istio-text' });
    expect(parseLogLine('2023-08-16T01:57:15.334324Z\tinfo\tEnvoy proxy is ready')).toEqual({ time: '2023-08-16T01:57:15.334324Z', level: 'info', msg: 'Envoy proxy is ready', format: 'istio-text' });
  });

  it('keeps structured fields in the message and does not take a message word for a scope', () => {
    // bug-report 2023-09, productpage istio-proxy.log:59 and a default-scope line with fields.
    const p = parseLogLine('2023-08-16T01:57:14.732267Z\tinfo\tcache\tgenerated new workload certificate\tlatency=82.094042ms ttl=23h59m59.267735759s');
    expect(p).toMatchObject({ scope: 'cache', msg: 'generated new workload certificate\tlatency=82.094042ms ttl=23h59m59.267735759s' });
    expect(parseLogLine('2023-07-31T05:19:08.258903Z\tinfo\tProxy role\tips=[192.168.229.113] type=sidecar').scope).toBeUndefined();
  });

  it('reads the space-pasted variant: scope only before an expanded tab (corpus #5, #13)', () => {
    expect(parseLogLine(corpusLine(5))).toMatchObject({ time: '2025-06-09T15:58:08.736668Z', level: 'warn', scope: 'serverca', format: 'istio-text' });
    const p = parseLogLine(corpusLine(13));
    expect(p.scope).toBeUndefined();
    expect(p.msg.startsWith('istiod running without access to K8S tokens')).toBe(true);
  });

  it('reads a paste that lost its timestamp (corpus #21)', () => {
    const p = parseLogLine(corpusLine(21));
    expect(p).toMatchObject({ level: 'warn', scope: 'serverca', format: 'istio-text' });
    expect(p.time).toBeUndefined();
  });

  it('reads --log_as_json (corpus #101)', () => {
    expect(parseLogLine(corpusLine(101))).toMatchObject({ time: '2019-04-10T18:16:05.804067Z', level: 'info', format: 'istio-json' });
    expect(parseLogLine(corpusLine(101)).msg.startsWith('Envoy proxy is NOT ready: config not received from Pilot')).toBe(true);
  });
});

describe('Envoy app logs', () => {
  it('≤1.5: [Envoy (Epoch N)] [%Y-%m-%d %T.%e][%t][%l][%n] with the location stripped (NOTES.md §3)', () => {
    const p = parseLogLine('[Envoy (Epoch 0)] [2020-03-06 16:49:26.908][19][warning][config] [bazel-out/k8-opt/bin/external/envoy/source/common/config/_virtual_includes/grpc_stream_lib/common/config/grpc_stream.h:91] gRPC config stream closed: 13,');
    expect(p).toEqual({ time: '2020-03-06T16:49:26.908Z', level: 'warn', scope: 'config', msg: 'gRPC config stream closed: 13,', format: 'envoy-app-1.5' });
  });

  it('1.6–1.16: \\tenvoy <logger>\\t, with and without the 1.6 location (corpus #102; NOTES.md §3 1.6.14 line)', () => {
    expect(parseLogLine(corpusLine(102))).toEqual({
      time: '2021-07-15T18:53:14.067992Z', level: 'warn', scope: 'config', msg: 'StreamAggregatedResources gRPC config stream closed: 14, transport is closing', format: 'envoy-app-1.6',
    });
    const p = parseLogLine('2021-01-12T10:00:00.000000Z\twarning\tenvoy config\t[bazel-out/k8-opt/bin/external/envoy/source/common/config/_virtual_includes/grpc_stream_lib/common/config/grpc_stream.h:92] StreamAggregatedResources gRPC config stream closed: 14, no healthy upstream');
    expect(p.msg).toBe('StreamAggregatedResources gRPC config stream closed: 14, no healthy upstream');
  });

  it('1.17+: logger, file:line, and the thread= trailer removed (bug-report 2023-09 httpbin:3896; corpus #93 spaces)', () => {
    expect(parseLogLine('2023-07-31T05:03:25.121430Z\twarning\tenvoy config external/envoy/source/common/config/grpc_stream.h:163\tStreamSecrets gRPC config stream to sds-grpc closed: 13, \tthread=19')).toEqual({
      time: '2023-07-31T05:03:25.121430Z', level: 'warn', scope: 'config', msg: 'StreamSecrets gRPC config stream to sds-grpc closed: 13, ', format: 'envoy-app-1.17',
    });
    const p = parseLogLine(corpusLine(93));
    expect(p).toMatchObject({ level: 'warn', scope: 'config', format: 'envoy-app-1.17' });
    expect(p.msg.endsWith('connection reset by peer"')).toBe(true);
  });

  it('standalone [%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] and spdlog levels (corpus #40, #42)', () => {
    expect(parseLogLine(corpusLine(40))).toEqual({ time: '2024-09-26T11:41:28.955Z', level: 'debug', scope: 'rbac', msg: 'enforced denied, matched policy none', format: 'envoy-standalone' });
    expect(parseLogLine(corpusLine(42))).toMatchObject({ level: 'fatal', scope: 'assert', msg: 'panic: listener accept failure: Too many open files' });
  });

  it('single-space paste of the 1.6 layout (corpus #32)', () => {
    expect(parseLogLine(corpusLine(32))).toMatchObject({ time: '2022-05-10T00:26:37.041795Z', level: 'error', scope: 'config', format: 'envoy-app-1.6' });
  });
});

describe('Envoy access logs', () => {
  it('Istio 1.9+ text (corpus #9)', () => {
    const p = parseLogLine(corpusLine(9));
    expect(p.format).toBe('envoy-access-text');
    expect(p.time).toBe('2025-06-01T15:37:04.814Z');
    expect(p.access).toEqual({
      method: 'GET', path: '/get', protocol: 'HTTP/1.1', responseCode: 200, responseFlags: [], responseCodeDetails: 'via_upstream',
      authority: 'httpbin:8000', upstreamHost: '10.244.1.27:8080', upstreamCluster: 'outbound|8000||httpbin.default.svc.cluster.local', routeName: 'default',
    });
  });

  it('Istio 1.9+ text with RBAC details and an inbound cluster (corpus #39)', () => {
    expect(parseLogLine(corpusLine(39)).access).toMatchObject({
      responseCode: 403, responseFlags: [], responseCodeDetails: 'rbac_access_denied_matched_policy[default-deny-all-due-to-bad-CUSTOM-action]', authority: 'httpbin.foo:8000', upstreamCluster: 'inbound|80||',
    });
  });

  it('Istio 1.2–1.7 text with the mixer status field (corpus #36)', () => {
    const a = parseLogLine(corpusLine(36)).access!;
    expect(a).toMatchObject({ responseCode: 404, responseFlags: ['NR'], authority: 'ab8dbd410f5324e87b1f38addfdc1da2-730055530.eu-west-1.elb.amazonaws.com' });
    expect(a.responseCodeDetails).toBeUndefined();
    expect(a.upstreamCluster).toBeUndefined();
  });

  it('Envoy default format (NOTES.md §2 doc example; corpus #38 behind stern)', () => {
    const a = parseLogLine('[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"').access;
    expect(a).toEqual({ method: 'POST', path: '/api/v1/locations', protocol: 'HTTP/2', responseCode: 204, responseFlags: [], authority: 'locations', upstreamHost: 'tcp://10.0.2.1:80' });
    expect(parseLogLine(corpusLine(38)).access).toMatchObject({ responseCode: 404, responseFlags: ['NR'], authority: 'practices:80' });
  });

  it('splits combined flags and keeps a truncated line\'s early fields (corpus #44)', () => {
    expect(parseLogLine(corpusLine(44)).access).toEqual({
      method: 'POST', path: '/**********/Ping', protocol: 'HTTP/2', responseCode: 200, responseFlags: ['UF', 'DI', 'URX'],
      responseCodeDetails: 'upstream_reset_before_response_started{connection_failure,TLS_error:_268435703:SSL_routines:OPENSSL_internal:WRONG_VERSION_NUMBER}',
      upstreamTransportFailureReason: 'TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER',
    });
  });

  it('TCP entries have no method (NOTES.md §2, filter_chain_not_found)', () => {
    const a = parseLogLine('[2021-03-25T23:59:51.372Z] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 100.97.92.14:8443 172.20.49.60:57605 - -').access!;
    expect(a).toEqual({ responseCode: 0, responseFlags: ['NR'], responseCodeDetails: 'filter_chain_not_found' });
  });

  it('JSON, with flags split on "," (corpus #51) and string codes (corpus #31, Istio 1.4 key order)', () => {
    const p = parseLogLine(corpusLine(51));
    expect(p.format).toBe('envoy-access-json');
    expect(p.time).toBe('2025-12-21T07:17:42.331Z');
    expect(p.access).toEqual({
      method: 'GET', path: '/status/200', protocol: 'HTTP/1.1', responseCode: 503, responseFlags: ['URX', 'UF'], responseCodeDetails: 'upstream_reset_before_response_started{connection_timeout}',
      authority: 'mock-server:8080', upstreamHost: '10.244.1.12:8080', upstreamCluster: 'outbound|8080||mock-server.default.svc.cluster.local',
    });
    expect(parseLogLine(corpusLine(31)).access).toMatchObject({ responseCode: 503, responseFlags: ['UAEX'], authority: 'loki.example.com' });
  });
});

describe('ztunnel', () => {
  it('current tab format with k=v fields (corpus #3)', () => {
    expect(parseLogLine(corpusLine(3))).toMatchObject({ time: '2024-09-11T07:18:10.141158Z', level: 'info', scope: 'inpod::statemanager', format: 'ztunnel' });
  });

  it('access log pasted with spaces keeps error= in the message (corpus #7)', () => {
    const p = parseLogLine(corpusLine(7));
    expect(p).toMatchObject({ time: '2024-07-26T17:18:00.953004Z', level: 'error', scope: 'access', format: 'ztunnel' });
    expect(p.msg).toContain('error="connection timed out, maybe a NetworkPolicy is blocking HBONE port 15008: deadline has elapsed"');
  });

  it('2023 tracing format: uppercase level, spans, target (corpus #8)', () => {
    const p = parseLogLine(corpusLine(8));
    expect(p).toMatchObject({ time: '2023-09-14T18:06:09.455666Z', level: 'warn', scope: 'proxy::outbound', format: 'ztunnel-tracing' });
    expect(p.msg.startsWith('failed dur=1.169885ms err=tls handshake failed')).toBe(true);
  });
});

describe('Linkerd', () => {
  it('uptime stamps are not wall-clock time (corpus #77)', () => {
    const p = parseLogLine(corpusLine(77));
    expect(p).toEqual({ level: 'warn', scope: 'linkerd_stack::failfast', msg: 'Service entering failfast after 3s', format: 'linkerd' });
  });

  it('a target without :: after spans (corpus #83)', () => {
    expect(parseLogLine(corpusLine(83))).toMatchObject({ level: 'warn', scope: 'linkerd_reconnect', msg: 'Failed to connect error=Connection refused (os error 111)' });
  });

  it('2019 legacy ERR! level (corpus #80)', () => {
    expect(parseLogLine(corpusLine(80))).toEqual({ level: 'error', scope: 'linkerd2_proxy_identity::certify', msg: 'Received invalid ceritficate: invalid certificate:', format: 'linkerd' });
  });

  it('logrus control-plane lines (corpus #81)', () => {
    const p = parseLogLine(corpusLine(81));
    expect(p).toMatchObject({ time: '2020-02-12T11:45:05Z', level: 'error', format: 'logrus' });
    expect(p.msg.startsWith('could not process CSR because of CA cert validation failure: x509: certificate has expired')).toBe(true);
  });
});

describe('klog and plain text', () => {
  it('klog has no year: level and location, no time (corpus #63)', () => {
    const p = parseLogLine(corpusLine(63));
    expect(p).toMatchObject({ level: 'warn', scope: 'admission.go:257', format: 'klog' });
    expect(p.time).toBeUndefined();
    expect(p.msg.startsWith('Failed calling webhook, failing open sidecar-injector.istio.io')).toBe(true);
  });

  it('unknown text is plain, and "Error creating:" is not read as a level (corpus #61, #35)', () => {
    expect(parseLogLine(corpusLine(61))).toEqual({ msg: corpusLine(61), format: 'plain' });
    expect(parseLogLine(corpusLine(35))).toEqual({ msg: 'no healthy upstream', format: 'plain' });
  });
});

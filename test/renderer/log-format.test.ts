/**
 * Log rows as the Logs view shows them: the wrapper (time, level, runtime prefix) stripped, the message kept.
 * Lines are real: the Sep 2023 bug-report (../shared/corpus/istio-bug-reports) and the public log lines of
 * ../shared/corpus/log-lines/public.jsonl (each names its source issue).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logMessage, shiftRanges, windowOnMatch } from '../../renderer/src/lib/log-format.js';

describe('logMessage', () => {
  it.each([
    // Sep 2023 bug-report, proxies/test/sleep-9454cc476-ls6sj/istio-proxy.log (Istio text format, Envoy's scope with its source file)
    ['2023-08-09T08:25:34.063072Z\twarning\tenvoy config external/envoy/source/common/config/grpc_stream.h:201\tStreamAggregatedResources gRPC config stream to xds-grpc closed since 6980s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.104.82.35:15012: connect: connection refused"\tthread=18',
      'envoy config', 'StreamAggregatedResources gRPC config stream to xds-grpc closed since 6980s ago: 14, connection error: desc = "transport: Error while dialing: dial tcp 10.104.82.35:15012: connect: connection refused"\tthread=18'],
    // same bug-report, cni/istio-cni-node-9dk77/cni.log (no scope)
    ['2023-09-05T06:59:16.089849Z\tinfo\tFLAG: --cni-network-config=""', undefined, 'FLAG: --cni-network-config=""'],
    // public.jsonl: istio-ingressgateway pilot-agent (istio/istio issue named there)
    ['2020-08-21T20:55:15.252551Z\terror\tcitadelclient\tFailed to create certificate: rpc error: code = Unavailable', 'citadelclient', 'Failed to create certificate: rpc error: code = Unavailable'],
    // public.jsonl: standalone Envoy 1.17+ application log
    ['[2024-09-26 11:41:28.955][3492043][debug][rbac] [source/extensions/filters/http/rbac/rbac_filter.cc:194] enforced denied, matched policy none', 'rbac', 'enforced denied, matched policy none'],
    // public.jsonl: ztunnel's 2023 tracing format
    ['2023-09-14T18:06:09.455666Z  WARN outbound{id=fb3a5adb8725e94b2f9463a602baa297}: ztunnel::proxy::outbound: failed dur=1.169885ms', 'outbound{id=fb3a5adb8725e94b2f9463a602baa297}', 'ztunnel::proxy::outbound: failed dur=1.169885ms'],
    // public.jsonl: istiod line pasted with spaces for tabs
    ['2025-06-09T15:58:08.736668Z     warn    serverca        impersonation failed for identity spiffe://cluster.local/ns/demo/sa/default', undefined, 'serverca        impersonation failed for identity spiffe://cluster.local/ns/demo/sa/default'],
    // public.jsonl: linkerd-proxy
    ['[  1234.073427s]  WARN ThreadId(01) outbound:accept{client.addr=10.2.0.118:50244}: linkerd_stack::failfast: Service entering failfast', undefined, 'outbound:accept{client.addr=10.2.0.118:50244}: linkerd_stack::failfast: Service entering failfast'],
    // kube-apiserver klog line from public.jsonl
    ['W0227 21:51:03.156818       1 admission.go:257] Failed calling webhook, failing open sidecar-injector.istio.io', undefined, 'Failed calling webhook, failing open sidecar-injector.istio.io'],
    // kubectl --timestamps in front of an Istio line
    ['2023-09-05T06:59:16.090000000Z 2023-09-05T06:59:16.089849Z\tinfo\tcni\tstarting', 'cni', 'starting'],
    // a line with no wrapper stays whole
    ['Error: failed to start SDS server: failed to start workload secret manager too many open files', undefined, 'Error: failed to start SDS server: failed to start workload secret manager too many open files'],
  ])('%j', (line, scope, message) => {
    const m = logMessage(line);
    expect(m.message).toBe(message);
    expect(m.scope).toBe(scope);
    if (m.offset >= 0) expect(line.slice(m.offset)).toBe(message);
  });

  it('reads the message out of JSON lines (--log_as_json, logrus, docker json-file)', () => {
    expect(logMessage('{"level":"info","time":"2019-04-10T18:16:05.804067Z","msg":"Envoy proxy is NOT ready: config not received from Pilot"}'))
      .toEqual({ message: 'Envoy proxy is NOT ready: config not received from Pilot', offset: -1 });
    expect(logMessage('time="2020-02-12T11:45:05Z" level=error msg="could not process CSR because of CA cert validation failure"').message)
      .toBe('could not process CSR because of CA cert validation failure');
    expect(logMessage('{"log":"2025-05-15T20:12:40.683480Z\\u0009warning\\u0009envoy config\\u0009gRPC config stream closed\\n","stream":"stderr"}'))
      .toEqual({ message: 'gRPC config stream closed', scope: 'envoy config', offset: -1 });
  });

  it('never returns a message that still starts with a timestamp or a level, on every public line', () => {
    const lines = readFileSync('../shared/corpus/log-lines/public.jsonl', 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { line: string }).line);
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) {
      const m = logMessage(line);
      expect(m.message, line).not.toMatch(/^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\[\d{4}-\d\d-\d\d|(info|warn|warning|error|debug)\t)/i);
      expect(m.message.length, line).toBeGreaterThan(0);
    }
  });
});

describe('match ranges', () => {
  it('shifts ranges onto the message and drops those inside the wrapper', () => {
    expect(shiftRanges([[0, 4], [30, 40]], 28)).toEqual([[2, 12]]);
    expect(shiftRanges([[30, 40]], -1)).toEqual([]);
  });

  it('windows a long message so that its first match is in view, marking the cut', () => {
    const msg = 'x'.repeat(300) + 'connection refused' + ' tail';
    const w = windowOnMatch(msg, [[300, 318]], 120);
    expect(w.cut).toBe(300 - 48); // 40 % of the visible width before the match
    expect(windowOnMatch(msg, [[300, 318]], 120, 10).cut).toBe(290);
    expect(w.text.slice(w.ranges[0][0], w.ranges[0][1])).toBe('connection refused');
    expect(windowOnMatch('short connection refused', [[6, 24]], 120)).toEqual({ text: 'short connection refused', ranges: [[6, 24]], cut: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { LEVEL_NAMES, sniffLine } from '../../analyzers/node/logindex/line-meta.js';
import { classifyLogFile } from '../../analyzers/node/logindex/classify.js';

const level = (line: string) => LEVEL_NAMES[sniffLine(line).level - 1];
const time = (line: string) => {
  const t = sniffLine(line).timeMs;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

describe('sniffLine', () => {
  it.each([
    ['2023-09-05T07:02:22.293247Z\tinfo\tFLAG: --caCertFile=""', 'info', '2023-09-05T07:02:22.293Z'],
    ['2026-03-15T10:23:41.640037Z\twarn\tca\tca request failed, starting attempt 1 in 99.99ms', 'warn', '2026-03-15T10:23:41.640Z'],
    ['2023-07-31T05:19:14.009Z\twarning\tenvoy config external/envoy/source/common/config/grpc_stream.h:163\tStreamAggregatedResources gRPC config stream closed', 'warn', '2023-07-31T05:19:14.009Z'],
    ['[2020-06-02 21:22:14.123][15][warning][config] [bazel-out/k8-opt/bin/external/envoy/source/common/config/_virtual_includes/grpc_stream_lib/common/config/grpc_stream.h:91] gRPC config stream closed: 14, no healthy upstream', 'warn', '2020-06-02T21:22:14.123Z'],
    ['{"level":"error","time":"2023-09-05T07:02:22.293247Z","scope":"ads","msg":"ADS: push failed"}', 'error', '2023-09-05T07:02:22.293Z'],
    ['2023-09-05T07:02:22.293247123Z 2023-09-05T07:02:22.293247Z\tinfo\tads\tADS: new connection', 'info', '2023-09-05T07:02:22.293Z'],
    ['time="2023-09-05T07:02:22+02:00" level=warning msg="slow"', 'warn', '2023-09-05T05:02:22.000Z'],
    ['2023-09-05T07:02:22.293247Z  INFO ztunnel::proxy: listener established', 'info', '2023-09-05T07:02:22.293Z'],
    ['E0905 07:02:22.293247       1 reflector.go:138] failed to list', 'error', undefined],
    ['[2023-09-05T07:02:22.293Z] "GET /productpage HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure}', undefined, '2023-09-05T07:02:22.293Z'],
    ['    at continuation of a stack trace', undefined, undefined],
  ])('%s', (line, lv, t) => {
    expect(level(line)).toBe(lv);
    expect(time(line)).toBe(t);
  });
});

describe('classifyLogFile', () => {
  it('names the owner of bug-report, troubleshoot and loose logs', () => {
    expect(classifyLogFile('bug-report/proxies/shop/cart-1/istio-proxy.log')).toEqual({ component: 'istio-proxy', namespace: 'shop', pod: 'cart-1', container: 'istio-proxy' });
    expect(classifyLogFile('bug-report/istio/istio-system/istiod-1/discovery.log')).toEqual({ component: 'istiod', namespace: 'istio-system', pod: 'istiod-1', container: 'discovery' });
    expect(classifyLogFile('bug-report/cni/istio-cni-node-1/cni.log')).toEqual({ component: 'cni', pod: 'istio-cni-node-1', container: 'install-cni' });
    expect(classifyLogFile('cluster-resources/pods/logs/default/web-1/app-previous.log')).toEqual({ component: 'app', namespace: 'default', pod: 'web-1', container: 'app' });
    expect(classifyLogFile('bug-report/cluster/events')).toBeUndefined();
    expect(classifyLogFile('bug-report/bug-report.log')).toEqual({ component: 'istioctl' });
  });
});

describe('lowerAscii', () => {
  it('lower-cases ASCII letters only, whatever the alignment, and leaves UTF-8 bytes alone', async () => {
    const { lowerAscii } = await import('../../analyzers/node/logindex/builder.js');
    const text = 'GET /Productpage HTTP/1.1 503 UF [@`{Z] Ünïcödé ÀÉ ß 0123456789 ~\x7f';
    const src = Buffer.from(text.repeat(3), 'utf8');
    const want = Buffer.from(src.toString('latin1').replace(/[A-Z]/g, (c) => c.toLowerCase()), 'latin1');
    for (const off of [0, 1, 2, 3]) {
      const dst = new Uint8Array(new ArrayBuffer(src.length + 8), off, src.length);
      expect(Buffer.from(lowerAscii(src, dst)).equals(want), `offset ${off}`).toBe(true);
    }
  });
});

// Wrappers and layouts of logs as they arrive in tickets and issues (each line from the issue named beside it).
import { describe, expect, it } from 'vitest';
import { parseEventRow, readDescribeHeader, type DescribeContext } from '../../../analyzers/parse/logs/event-rows.js';
import { parseLogLine } from '../../../analyzers/parse/logs/parse.js';
import { sniffLog } from '../../../analyzers/parse/logs/sniff.js';
import { payloadOffset, stripWrappers } from '../../../analyzers/parse/logs/wrappers.js';

describe('wrappers', () => {
  it('kubectl logs --prefix names pod and container (istio/istio#53153)', () => {
    const line = '[pod/istio-cni-node-xflzt/install-cni] 2024-11-18T19:36:10.502681Z      info    Running command (without lock by env and nss): ip6tables-legacy -t nat -D PREROUTING -j ISTIO_PRERT';
    expect(stripWrappers(line)).toMatchObject({ wrappers: ['kubectl-prefix'], pod: 'istio-cni-node-xflzt', container: 'install-cni' });
    expect(parseLogLine(line)).toMatchObject({ time: '2024-11-18T19:36:10.502681Z', level: 'info', pod: 'istio-cni-node-xflzt', container: 'install-cni' });
  });

  it('Google Cloud Logging copies keep the container and the payload (istio/istio#50075)', () => {
    const p = parseLogLine('INFO 2024-03-25T08:56:41.897522475Z [resource.labels.containerName: istio-proxy] [2024-03-25T08:56:41.328Z] "- - -" 0 UH - - "-" 0 0 0 - "-" "-" "-" "-" "-" outbound|443||xxx.segment.xxx - xxxxx:8443 xxxxx:38532 xxxx.segment.xxx -');
    expect(p).toMatchObject({ format: 'envoy-access-text', container: 'istio-proxy', time: '2024-03-25T08:56:41.897522475Z' });
    expect(p.access).toMatchObject({ responseCode: 0, responseFlags: ['UH'], upstreamCluster: 'outbound|443||xxx.segment.xxx' });
  });

  it('Kibana copies (istio/istio#37875)', () => {
    const p = parseLogLine('Mar 11, 2022 @ 21:31:43.221 | 2022-03-11T16:01:43.221304Z\twarning\tenvoy config\tStreamAggregatedResources gRPC config stream closed: 14, closing transport due to: connection error: desc = "error reading from server: EOF", received prior goaway: code: NO_ERROR, debug data:');
    expect(p).toMatchObject({ time: '2022-03-11T16:01:43.221304Z', level: 'warn', scope: 'config', format: 'envoy-app-1.6' });
  });

  it('Markdown table rows with escaped pipes (istio/ztunnel#1662) and log-viewer tables (istio/ztunnel#1061)', () => {
    const p = parseLogLine('>   | [2025-11-02T23:09:49.230Z] "GET /http-echo/ HTTP/2" 503 UC upstream_reset_before_response_started{connection_termination} - "-" 0 95 0 - "10.168.22.98" "Blackbox Exporter/0.25.0" "0388d677-ae55-9b34-86b6-3137ea0019ad" "http-echo-istio.bluesteel-dev.aws.corp.intranet" "envoy://connect_originate/10.199.174.112:80" outbound\\|80\\|\\|http-echo.http-echo-istio.svc.cluster.local envoy://internal_client_address/ 10.199.115.131:8443 10.168.22.98:41151 http-echo-istio.bluesteel-dev.aws.corp.intranet - |  ');
    expect(p.access).toMatchObject({ responseCode: 503, responseFlags: ['UC'], responseCodeDetails: 'upstream_reset_before_response_started{connection_termination}' });
    const q = parseLogLine('  |   | 2024-05-18 00:55:41.082 | 2024-05-17T22:55:41.082056Z\tdebug\thyper_util::client::legacy::pool:xds{id=1}\tpooling idle connection for ("https", istiod.istio-system.svc:15012) |  ');
    expect(q).toMatchObject({ level: 'debug', time: '2024-05-17T22:55:41.082056Z', msg: 'pooling idle connection for ("https", istiod.istio-system.svc:15012)' });
  });

  it('journald and syslog prefixes, with the kubelet\'s klog payload (istio/community#749 shape)', () => {
    const p = parseLogLine('Jun 01 00:31:49 aks-agentpool3-23355474-vmss000003 kubelet[3484]: I0601 00:31:49.747275 3484 prober.go:116] "Probe failed" probeType="Readiness"');
    expect(p).toMatchObject({ format: 'klog', level: 'info', scope: 'prober.go:116' });
  });

  it('a stern prefix needs a pod-like name and a log payload, so plain sentences stay plain (corpus #53)', () => {
    expect(stripWrappers('upstream connect error or disconnect/reset before headers. reset reason: connection termination').wrappers).toEqual([]);
  });

  it('payloadOffset finds the payload after a sniffed prefix without decoding', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(payloadOffset(enc('[pod/a-1/c] 2024-01-01T00:00:00Z x'), 'kubectl-prefix')).toBe(12);
    expect(payloadOffset(enc('practices-7854f4cc99-gdmkp istio-proxy [2018-03-19T12:09:25.501Z] x'), 'stern')).toBe(39);
    expect(payloadOffset(enc('front-envoy_1     | [2021-03-28 16:47:54.444][14][debug]'), 'docker-compose')).toBe(20);
    expect(payloadOffset(enc('no prefix here'), 'kubectl-prefix')).toBe(0);
  });
});

describe('Envoy layouts of every era', () => {
  it('2018: the location without its opening bracket (saturnism/grpc-by-example-java#11, Istio 0.8/1.0)', () => {
    expect(parseLogLine('[2018-07-23 23:11:20.985][15][warning][upstream] external/envoy/source/common/config/grpc_mux_impl.cc:240] gRPC config stream closed: 14, no healthy upstream')).toEqual({
      time: '2018-07-23T23:11:20.985Z', level: 'warn', scope: 'upstream', msg: 'gRPC config stream closed: 14, no healthy upstream', format: 'envoy-standalone',
    });
  });

  it('timestamp cut off by the reporter (OpenUnison/openunison-k8s-login-activedirectory#75)', () => {
    expect(parseLogLine('[warning][config] [external/envoy/source/common/config/grpc_mux_subscription_impl.cc:82] gRPC config for type.googleapis.com/envoy.api.v2.Cluster rejected: Error adding/updating cluster(s) outbound|443||openunison-orchestra.openunison.svc.cluster.local: SAN-based')).toMatchObject({
      level: 'warn', scope: 'config', msg: 'gRPC config for type.googleapis.com/envoy.api.v2.Cluster rejected: Error adding/updating cluster(s) outbound|443||openunison-orchestra.openunison.svc.cluster.local: SAN-based',
    });
  });

  it('tabs lost in the paste, level glued to the time (istio/istio#37272)', () => {
    expect(parseLogLine('2022-02-09T22:10:55.621649Zwarningenvoy configgRPC config: initial fetch timed out for type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret')).toMatchObject({
      time: '2022-02-09T22:10:55.621649Z', level: 'warn', msg: 'gRPC config: initial fetch timed out for type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
    });
  });
});

describe('linkerd check', () => {
  it.each([
    ['× control plane pods are ready', 'error'], // canonical/microk8s#591
    ['‼ issuer cert is valid for at least 60 days', 'warn'], // corpus #74
    ['√ can query the control plane API', 'info'], // canonical/microk8s#591
    ['✔ can create CustomResourceDefinitions', 'info'], // linkerd/website#102 (2019 glyph)
  ])('%s', (line, level) => {
    expect(parseLogLine(line)).toEqual({ level, msg: line, format: 'linkerd-check' });
  });
});

describe('event rows', () => {
  it('kubectl describe rows, with counts and <invalid> ages (istio/istio#14686, #33115)', () => {
    const r = parseEventRow(' Warning  FailedCreate  14m (x20 over 2h)  replicaset-controller  Error creating: Internal error occurred: failed calling admission webhook "sidecar-injector.istio.io": Post https://istio-sidecar-injector.istio-system.svc:443/inject?timeout=30s: net/http: request canceled', 'd.txt', 7);
    expect(r?.event).toMatchObject({ type: 'Warning', reason: 'FailedCreate', count: 20, sourceComponent: 'replicaset-controller', source: { file: 'd.txt', line: 7 } });
    expect(r?.lastSeenAge?.ms).toBe(14 * 60_000);
    expect(r?.firstSeenAge?.ms).toBe(2 * 3_600_000);
    const inv = parseEventRow('  Warning  Unhealthy  <invalid> (x13 over <invalid>)  kubelet            Readiness probe failed: HTTP probe failed with statuscode: 503', 'd.txt', 8);
    expect(inv?.event).toMatchObject({ reason: 'Unhealthy', count: 13, message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' });
    expect(inv?.lastSeenAge).toBeUndefined();
  });

  it('old clusters\' "kubelet, <node>" From column (istio/istio#18505)', () => {
    const r = parseEventRow('Warning  Unhealthy  3m24s                  kubelet, aks-agentpool-22551266-3  Readiness probe failed: Get http://10.252.4.108:15020/healthz/ready: net/http: request canceled (Client.Timeout exceeded while awaiting headers)', 'd.txt', 1);
    expect(r?.event).toMatchObject({ sourceComponent: 'kubelet', message: 'Readiness probe failed: Get http://10.252.4.108:15020/healthz/ready: net/http: request canceled (Client.Timeout exceeded while awaiting headers)' });
  });

  it('describe headers name the object of the rows that follow', () => {
    const ctx: DescribeContext = {};
    expect(readDescribeHeader('Name:           productpage-v1-f8c8fb8', ctx)).toBe(true);
    expect(readDescribeHeader('Namespace:      istio-test', ctx)).toBe(true);
    expect(readDescribeHeader('Labels:         app=productpage', ctx)).toBe(false);
    const r = parseEventRow('  Warning  FailedCreate  1m               replicaset-controller  Error creating: pods "productpage-v1-f8c8fb8-vp2w7" is forbidden: SecurityContext.RunAsUser is forbidden', 'd.txt', 30, ctx);
    expect(r?.event.object).toEqual({ kind: 'ReplicaSet', namespace: 'istio-test', name: 'productpage-v1-f8c8fb8' });
  });

  it('kubectl get events rows, with and without a namespace, and the pre-1.14 KIND column', () => {
    expect(parseEventRow('7m3s        Warning   Unhealthy                 pod/istio-cni-node-6hqx2              Readiness probe failed: HTTP probe failed with statuscode: 503', 'e.txt', 2)?.event).toMatchObject({ // istio/istio#42940
      type: 'Warning', reason: 'Unhealthy', object: { kind: 'Pod', name: 'istio-cni-node-6hqx2' },
    });
    expect(parseEventRow('default       7m24s       Warning   FailedCreate            replicaset/details-v1-5656d65b8f     replicaset-controller    Error creating: admission webhook "gkepolicy.common-webhooks.networking.gke.io" denied the request', 'e.txt', 3)?.event).toMatchObject({ // bug-report 2023-05 (wide columns cut)
      namespace: 'default', object: { kind: 'ReplicaSet', namespace: 'default', name: 'details-v1-5656d65b8f' },
    });
    expect(parseEventRow('2m32s       Warning   FailedCreate              ReplicaSet   (combined from similar events): Error creating: pods "sleep-68648fd5b5-w5vh8" is forbidden', 'e.txt', 4)?.event).toMatchObject({ // SUSE/scf#2081
      reason: 'FailedCreate', message: 'Error creating: pods "sleep-68648fd5b5-w5vh8" is forbidden',
    });
  });

  it('Markdown rows (linkerd/linkerd2#3990) and non-rows', () => {
    expect(parseEventRow('|Warning|IssuerValidationFailed|5m54s|linkerd-identity|x509: certificate has expired or is not yet valid|', 'm.md', 1)?.event).toMatchObject({ reason: 'IssuerValidationFailed', sourceComponent: 'linkerd-identity', message: 'x509: certificate has expired or is not yet valid' });
    expect(parseEventRow('LAST SEEN   TYPE      REASON                    OBJECT                                MESSAGE', 'e.txt', 1)).toBeUndefined();
    expect(parseEventRow('2023-09-05T07:02:22.508917Z\tinfo\tmodel\tFull push, new service hello/httpbin.hello.svc.cluster.local', 'x.log', 1)).toBeUndefined();
  });
});

describe('sniffLog', () => {
  it('recognises a kubectl --prefix paste of istio-cni (istio/istio#53153) and names the component', () => {
    const lines = [
      '[pod/istio-cni-node-xflzt/install-cni] 2024-11-18T19:36:10.502681Z      info    Running command (without lock by env and nss): ip6tables-legacy -t nat -D PREROUTING -j ISTIO_PRERT',
      '[pod/istio-cni-node-xflzt/install-cni] 2024-11-18T19:36:10.503895Z      info    Running command (without lock by env and nss): ip6tables-legacy -t mangle -F ISTIO_PRERT',
      '[pod/istio-cni-node-xflzt/install-cni]',
    ];
    expect(sniffLog(lines)).toMatchObject({ prefix: 'kubectl-prefix', describe: false, klog: false });
  });

  it('recognises kubectl describe output and Linkerd proxy logs', () => {
    expect(sniffLog(['Name:         istiod-7bf5f89d87-bmlhz', 'Namespace:    istio-system', 'Events:', '  Warning  Unhealthy  3m  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503'])).toMatchObject({ describe: true });
    expect(sniffLog(['[     0.158330s]  INFO ThreadId(01) linkerd2_proxy::rt: Using single-threaded proxy runtime', '[     0.409284s]  INFO ThreadId(01) linkerd2_proxy: Admin interface on 0.0.0.0:4191'])).toMatchObject({ component: 'linkerd-proxy', recognised: 1 }); // linkerd/linkerd2#7350
  });

  it('says plain prose is not a log', () => {
    expect(sniffLog(['This is a README.', 'It explains things.']).recognised).toBe(0);
  });
});

/**
 * `kubectl describe pods` text: the two real ≤1.20 bug-reports, and a native-sidecar pod written the way kubectl's
 * `describePod`/`describeContainers`/`describeStatus` print it (LEVEL_1 = 2 spaces, LEVEL_2 = 4, LEVEL_3 = 6;
 * times in Go's RFC1123Z), since neither archive has a terminated container in its describe text.
 */
import { describe, expect, it } from 'vitest';
import { parseDescribePods } from '../../../analyzers/parse/k8s/describe-pods.js';
import { podStatus } from '../../../analyzers/parse/k8s/pods.js';
import { loadBundle } from '../../../analyzers/ingest/load.js';
import { memorySource } from '../../ingest/fixtures.js';
import { archiveText, MAY, SEP } from './corpus.js';

const NATIVE = `Name:             cart-7d9f8b6c5d-x2x9k
Namespace:        shop
Priority:         0
Service Account:  cart
Node:             gke-prod-pool-1-7f3a/10.128.0.23
Start Time:       Sun, 15 Mar 2026 09:00:00 +0000
Labels:           app=cart
                  pod-template-hash=7d9f8b6c5d
                  security.istio.io/tlsMode=istio
Annotations:      sidecar.istio.io/status: {"initContainers":["istio-validation","istio-proxy"],"containers":null}
Status:           Running
IP:               10.8.3.17
Controlled By:  ReplicaSet/cart-7d9f8b6c5d
Init Containers:
  istio-validation:
    Container ID:  containerd://1a2b
    Image:         docker.io/istio/proxyv2:1.20.8
    State:          Terminated
      Reason:       Completed
      Exit Code:    0
      Started:      Sun, 15 Mar 2026 09:00:02 +0000
      Finished:     Sun, 15 Mar 2026 09:00:03 +0000
    Ready:          True
    Restart Count:  0
  istio-proxy:
    Container ID:  containerd://3c4d
    Image:         docker.io/istio/proxyv2:1.20.8
    Port:          15090/TCP
    Host Port:     0/TCP
    State:          Running
      Started:      Sun, 15 Mar 2026 10:25:12 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Sun, 15 Mar 2026 10:23:09 +0000
      Finished:     Sun, 15 Mar 2026 10:24:10 +0000
    Ready:          True
    Restart Count:  67
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      100m
      memory:   64Mi
Containers:
  cart:
    Container ID:   containerd://5e6f
    Image:          registry.example.com/shop/cart:4.2.0
    State:          Running
      Started:      Sun, 15 Mar 2026 09:00:05 +0000
    Ready:          True
    Restart Count:  0
Conditions:
  Type              Status
  Initialized       True
  Ready             True
  ContainersReady   True
  PodScheduled      True
Events:             <none>
`;

describe('parseDescribePods', () => {
  it('reads the two real describe texts: istio-system pods, their controller, node, start time and memory limit', () => {
    const may = parseDescribePods(archiveText(MAY, 'bug-report/cluster/describe-pods'), 'describe-pods');
    expect(may.map((p) => [p.namespace, p.name, p.source.line])).toEqual([['istio-system', 'istio-ingressgateway-55658dd497-zql8c', 1], ['istio-system', 'istiod-7bf5f89d87-bmlhz', 153]]);
    const gw = podStatus(may[0])!;
    expect(gw.summary).toMatchObject({ phase: 'Running', ready: true, owner: { kind: 'ReplicaSet', name: 'istio-ingressgateway-55658dd497' }, workload: 'istio-ingressgateway', startedAt: '2023-05-10T17:43:58Z', nodeName: 'gk3-istio-exp-default-pool-a63e798d-2c5f', hasSidecar: true });
    expect(gw.changes).toEqual([expect.objectContaining({ container: 'istio-proxy', state: 'started', time: '2023-05-10T17:44:02Z', restartCount: 0, nativeSidecar: false })]);
    expect(may[0].obj.spec.containers[0].resources).toEqual({ limits: { memory: '512Mi' } });
    const sep = parseDescribePods(archiveText(SEP, 'bug-report/cluster/describe-pods'), 'describe-pods');
    expect(sep.map((p) => p.name)).toEqual(['istiod-5dc9d477-27gmf']);
    expect(podStatus(sep[0])!.summary).toMatchObject({ ready: true, workload: 'istiod', startedAt: '2023-09-05T07:02:10Z' });
  });

  it('reads a native sidecar\'s last termination, citing its Last State line', () => {
    const [r] = parseDescribePods(NATIVE, 'bug-report/cluster/describe-pods');
    const s = podStatus(r)!;
    expect(s.summary.containers).toEqual([
      { name: 'cart', ready: true, restartCount: 0 },
      { name: 'istio-proxy', ready: true, restartCount: 67, lastTerminatedReason: 'OOMKilled', nativeSidecar: true },
    ]);
    const last = s.changes.find((c) => c.container === 'istio-proxy' && c.state === 'terminated')!;
    expect(last).toEqual({
      namespace: 'shop', pod: 'cart-7d9f8b6c5d-x2x9k', container: 'istio-proxy', init: true, nativeSidecar: true, restartCount: 67,
      state: 'terminated', reason: 'OOMKilled', exitCode: 137, time: '2026-03-15T10:24:10Z', startedAt: '2026-03-15T10:23:09Z',
      source: { file: 'bug-report/cluster/describe-pods', line: 32 },
    });
    expect(NATIVE.split('\n')[32 - 1]).toBe('    Last State:     Terminated');
    // the completed istio-validation init container is no sidecar
    expect(s.changes.find((c) => c.container === 'istio-validation')).toMatchObject({ nativeSidecar: false, reason: 'Completed', exitCode: 0 });
    expect(r.obj.spec.initContainers[1].resources).toEqual({ limits: { memory: '128Mi' } });
  });

  it('gives nothing for text without pods', () => {
    expect(parseDescribePods('No resources found in default namespace.\n', 'x')).toEqual([]);
  });
});

describe('loadBundle with describe-pods', () => {
  it('takes pod status from the describe text only for pods no Pod object holds', async () => {
    const yamlPod = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: cart-7d9f8b6c5d-x2x9k, namespace: shop}
  status: {phase: Pending}
`;
    const other = NATIVE.replace('cart-7d9f8b6c5d-x2x9k', 'cart-7d9f8b6c5d-p4r7t');
    const model = await loadBundle(memorySource([
      { path: 'bug-report/cluster/k8s-resources', text: yamlPod },
      { path: 'bug-report/cluster/describe-pods', text: `${NATIVE}\n\n${other}` },
    ]), { logSink: () => undefined });
    expect(model.pods.map((p) => [p.name, p.phase, p.source.file])).toEqual([
      ['cart-7d9f8b6c5d-x2x9k', 'Pending', 'bug-report/cluster/k8s-resources'],
      ['cart-7d9f8b6c5d-p4r7t', 'Running', 'bug-report/cluster/describe-pods'],
    ]);
    // described pods feed status only: the config analyzers never see them
    expect(model.resources.filter((r) => r.kind === 'Pod').map((r) => r.name)).toEqual(['cart-7d9f8b6c5d-x2x9k']);
    expect(model.containerStates.filter((c) => c.reason === 'OOMKilled').map((c) => c.pod)).toEqual(['cart-7d9f8b6c5d-p4r7t']);
  });
});

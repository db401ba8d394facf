import { describe, expect, it } from 'vitest';
import { podStatus } from '../../../analyzers/parse/k8s/pods.js';
import { parseResourcesFromText } from '../../../analyzers/parse/k8s/resources.js';
import { archiveText, SEP } from './corpus.js';

describe('podStatus on the Sep 2023 bug-report', () => {
  const text = archiveText(SEP, 'bug-report/cluster/k8s-resources');
  const resources = parseResourcesFromText(text, 'bug-report/cluster/k8s-resources').resources;
  const pod = (name: string) => podStatus(resources.find((r) => r.kind === 'Pod' && r.name === name)!)!;

  it('summarizes every pod; 17 have an istio-proxy container', () => {
    const all = resources.map(podStatus).filter((s) => s !== undefined);
    expect(all).toHaveLength(61);
    expect(all.filter((s) => s.summary.hasSidecar)).toHaveLength(17);
    expect(all.every((s) => s.summary.ready && s.summary.phase === 'Running')).toBe(true);
  });

  it('reads restarts and the last termination, citing the containerStatuses line', () => {
    const s = pod('speaker-6zcmc');
    expect(s.summary).toMatchObject({
      namespace: 'metallb-system', name: 'speaker-6zcmc', ready: true, hasSidecar: false,
      owner: { kind: 'DaemonSet', name: 'speaker' }, workload: 'speaker',
      containers: [{ name: 'speaker', ready: true, restartCount: 9, lastTerminatedReason: 'Error' }],
      source: { file: 'bug-report/cluster/k8s-resources', line: 13330 },
    });
    expect(s.changes).toEqual([
      {
        namespace: 'metallb-system', pod: 'speaker-6zcmc', container: 'speaker', init: false, nativeSidecar: false, restartCount: 9,
        state: 'terminated', reason: 'Error', exitCode: 1, time: '2023-07-31T05:19:05Z', startedAt: '2023-07-31T05:18:34Z',
        source: { file: 'bug-report/cluster/k8s-resources', line: 13526 },
      },
      {
        namespace: 'metallb-system', pod: 'speaker-6zcmc', container: 'speaker', init: false, nativeSidecar: false, restartCount: 9,
        state: 'started', time: '2023-07-31T05:19:23Z', startedAt: '2023-07-31T05:19:23Z',
        source: { file: 'bug-report/cluster/k8s-resources', line: 13526 },
      },
    ]);
    expect(text.split('\n')[13526 - 1]).toBe('    - containerID: containerd://86058f1775279ff770fc7bd45405bd25b022f37d3f005e3f8e1b088f5da19e1d');
  });

  it('reads init containers and the sidecar', () => {
    const s = pod('httpbin-86869bccff-ztgt8');
    expect(s.summary.hasSidecar).toBe(true);
    expect(s.summary.createdAt).toBe('2023-07-31T04:37:04Z');
    expect(s.summary.containers.map((c) => [c.name, c.restartCount])).toEqual([['httpbin', 1], ['istio-proxy', 1]]);
    const init = s.changes.filter((c) => c.init);
    expect(init).toEqual([expect.objectContaining({ container: 'istio-init', state: 'terminated', reason: 'Completed', exitCode: 0, time: '2023-07-31T05:19:07Z', restartCount: 1 })]);
    const proxyLast = s.changes.find((c) => c.container === 'istio-proxy' && c.state === 'terminated')!;
    expect([proxyLast.reason, proxyLast.exitCode, proxyLast.time]).toEqual(['Unknown', 255, '2023-07-31T05:18:24Z']);
  });
});

describe('podStatus on synthetic pods', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: {name: reviews-v1-abc, namespace: shop, creationTimestamp: "2024-03-01T10:00:00Z"}
spec:
  initContainers:
  - {name: istio-proxy, restartPolicy: Always}
  containers:
  - {name: reviews}
status:
  phase: Running
  conditions:
  - {type: Ready, status: "False"}
  initContainerStatuses:
  - name: istio-proxy
    ready: false
    restartCount: 4
    state: {waiting: {reason: CrashLoopBackOff, message: back-off 1m20s restarting failed container}}
    lastState: {terminated: {reason: Error, exitCode: 255, finishedAt: "2024-03-01T10:04:00Z", startedAt: "2024-03-01T10:03:50Z"}}
  containerStatuses:
  - {name: reviews, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
`;
  const [r] = parseResourcesFromText(yaml, 'pod.yaml').resources;

  it('sees a native sidecar in CrashLoopBackOff', () => {
    const s = podStatus(r)!;
    expect(s.summary).toEqual({
      namespace: 'shop', name: 'reviews-v1-abc', phase: 'Running', ready: false, createdAt: '2024-03-01T10:00:00Z', hasSidecar: true,
      workload: 'reviews-v1-abc', notReadyReason: 'CrashLoopBackOff', // no owner and no generated suffix: the pod is its own workload
      containers: [
        { name: 'reviews', ready: false, restartCount: 0, waitingReason: 'PodInitializing' },
        { name: 'istio-proxy', ready: false, restartCount: 4, waitingReason: 'CrashLoopBackOff', lastTerminatedReason: 'Error', nativeSidecar: true },
      ],
      source: { file: 'pod.yaml', line: 1 },
    });
    const proxy = s.changes.filter((c) => c.container === 'istio-proxy');
    expect(proxy.map((c) => [c.state, c.reason, c.init, c.nativeSidecar, c.source.line])).toEqual([
      ['terminated', 'Error', true, true, 14],
      ['waiting', 'CrashLoopBackOff', true, true, 14],
    ]);
    expect(proxy[1].message).toBe('back-off 1m20s restarting failed container');
  });

  it('ignores other kinds', () => {
    const [svc] = parseResourcesFromText('kind: Service\nmetadata: {name: s}\n', 's.yaml').resources;
    expect(podStatus(svc)).toBeUndefined();
  });
});

/**
 * Exit codes and restart loops (MSH5001/MSH5002), native sidecars included. Pods are YAML through the real parser;
 * event wording is the kubelet's (pkg/kubelet/prober: "Liveness probe failed: …"; kuberuntime_manager.go
 * "Container %s failed %s probe, will be restarted"); the node-restart and app-error cases are the real Sep 2023
 * bug-report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { containerFindings } from '../../analyzers/status/containers.js';
import type { Finding } from '../../analyzers/model/finding.js';
import { loadCorpusBundle } from '../conformance/corpus-bundles.js';
import { modelOf } from './model.js';

const CAP = '2026-03-15T10:26:00Z';
type Obj = Record<string, unknown>;

interface PodOpts {
  name: string;
  namespace?: string;
  rs?: string;
  native?: boolean;
  container?: string;
  limit?: string;
  restartCount: number;
  last?: Obj;
  state?: Obj;
  ready?: boolean;
}

/** A pod whose `container` (istio-proxy by default) has the given status; a native sidecar when `native`. */
function pod(o: PodOpts): Obj {
  const c = o.container ?? 'istio-proxy';
  const status = { name: c, ready: o.ready ?? true, restartCount: o.restartCount, lastState: o.last ? { terminated: o.last } : {}, state: o.state ?? { running: { startedAt: '2026-03-15T10:24:30Z' } } };
  const spec = { name: c, image: 'docker.io/istio/proxyv2:1.24.2', ...(o.native ? { restartPolicy: 'Always' } : {}), ...(o.limit ? { resources: { limits: { memory: o.limit } } } : {}) };
  const app = { name: 'app', image: 'registry.example.com/app:1' };
  const rs = o.rs ?? o.name.slice(0, o.name.lastIndexOf('-'));
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: o.name, namespace: o.namespace ?? 'shop', labels: { 'pod-template-hash': rs.slice(rs.lastIndexOf('-') + 1) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, controller: true }] },
    spec: o.native ? { initContainers: [spec], containers: [app] } : { containers: c === 'app' ? [spec] : [app, spec] },
    status: {
      phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
      ...(o.native ? { initContainerStatuses: [status], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-03-15T08:00:00Z' } } }] } : { containerStatuses: [status] }),
    },
  };
}

const terminated = (reason: string, exitCode: number, startedAt: string, finishedAt: string) => ({ reason, exitCode, startedAt, finishedAt, containerID: 'containerd://0f1e' });
const yaml = (...objs: Obj[]) => objs.map((o) => dump(o, { lineWidth: -1 })).join('---\n');
const only = (fs: Finding[]) => {
  expect(fs).toHaveLength(1);
  return fs[0];
};

describe('restart loops of a native sidecar', () => {
  it('OOMKilled in a loop in two replicas: one MSH5001 for the workload, every data key, an error, sidecar-resource-exhaustion', () => {
    const text = yaml(
      pod({ name: 'cart-7d9f8b6c5d-x2x9k', native: true, limit: '128Mi', restartCount: 67, last: terminated('OOMKilled', 137, '2026-03-15T10:22:10Z', '2026-03-15T10:23:11Z') }),
      pod({ name: 'cart-7d9f8b6c5d-p4r7t', native: true, limit: '128Mi', restartCount: 64, last: terminated('OOMKilled', 137, '2026-03-15T10:23:00Z', '2026-03-15T10:24:03Z') }),
    );
    const f = only(containerFindings(modelOf({ yaml: text, capturedAt: CAP })));
    expect(f.code).toBe('MSH5001');
    expect(f.analyzer).toBe('status/container-oomkilled');
    expect(f.data).toEqual({
      container: 'istio-proxy', workload: 'cart', namespace: 'shop', pods: 2, restarts: 131, exitCode: 137, reason: 'OOMKilled',
      signal: 'SIGKILL', killedBy: 'oom-killer', nativeSidecar: 'yes', runSeconds: 61, probeFailures: 0,
    });
    expect(f.severity).toBe('error');
    expect(f.rootCauses).toEqual(['sidecar-resource-exhaustion']);
    expect(f.message).toBe('istio-proxy (native sidecar) in shop/cart was OOMKilled: 131 restart(s) in 2 pod(s), exit 137 (SIGKILL) after a median 61 s of run time');
    expect(f.remediation).toContain('memory limit 128Mi');
    expect(f.remediation).toContain('The bundle holds no Envoy memory figures (memory, stats) for these pods.');
    expect([f.firstSeen, f.lastSeen]).toEqual(['2026-03-15T10:23:11Z', '2026-03-15T10:24:03Z']);
    // evidence at each pod's initContainerStatuses entry
    const lines = text.split('\n');
    expect(f.evidence).toHaveLength(2);
    for (const e of f.evidence) expect(lines[e.line! - 1]).toMatch(/^ {4}- name: istio-proxy$/);
    expect(f.evidence[0].excerpt).toBe('shop/cart-7d9f8b6c5d-x2x9k istio-proxy (native sidecar): terminated OOMKilled, exit 137, started 2026-03-15T10:22:10Z, finished 2026-03-15T10:23:11Z, 67 restart(s)');
  });

  it('killed with exit 137 and reason Error about a minute after each start, no probe events: SIGKILL from an unknown sender, still sidecar-resource-exhaustion', () => {
    // the real ambient archive of issue 14: 67 restarts, each ~1 min after start, exit 137, reason Error
    const f = only(containerFindings(modelOf({ yaml: yaml(pod({ name: 'orders-5c9d7f6b4-vq8lm', native: true, limit: '256Mi', restartCount: 67, last: terminated('Error', 137, '2026-03-15T10:23:40Z', '2026-03-15T10:24:41Z') })), capturedAt: CAP })));
    expect(f.code).toBe('MSH5002');
    expect(f.data).toMatchObject({ exitCode: 137, reason: 'Error', signal: 'SIGKILL', killedBy: 'unknown', nativeSidecar: 'yes', runSeconds: 61, restarts: 67, probeFailures: 0 });
    expect(f.severity).toBe('error');
    expect(f.rootCauses).toEqual(['sidecar-resource-exhaustion']);
    expect(f.message).toBe('istio-proxy (native sidecar) in shop/orders restarted 67 time(s) in 1 pod(s), killed with SIGKILL (exit 137, reason Error) after a median 61 s of run time; no probe kill around the restarts');
    expect(f.remediation).toContain('exit 137 = 128 + 9: SIGKILL');
    expect(f.remediation).not.toMatch(/Previous log/);
  });
});

describe('probe kills, crashes and start failures', () => {
  const probeEvents = `NAMESPACE   LAST SEEN   TYPE      REASON      OBJECT                             SUBOBJECT                 SOURCE    MESSAGE                                                            FIRST SEEN   COUNT   NAME
shop        90s         Warning   Unhealthy   pod/reviews-v1-86896b7648-g99dg    spec.containers{app}      kubelet   Liveness probe failed: HTTP probe failed with statuscode: 500      20m          12      reviews-v1-86896b7648-g99dg.17a1
shop        90s         Normal    Killing     pod/reviews-v1-86896b7648-g99dg    spec.containers{app}      kubelet   Container app failed liveness probe, will be restarted             20m          4       reviews-v1-86896b7648-g99dg.17a2
`;

  it('a kill around a Killing "failed liveness probe" event is the kubelet\'s, with the probe failures counted', () => {
    const m = modelOf({ yaml: yaml(pod({ name: 'reviews-v1-86896b7648-g99dg', container: 'app', restartCount: 4, last: terminated('Error', 137, '2026-03-15T10:23:00Z', '2026-03-15T10:24:30Z') })), events: probeEvents, capturedAt: CAP });
    const f = only(containerFindings(m));
    expect(f.data).toMatchObject({ container: 'app', workload: 'reviews-v1', killedBy: 'liveness-probe', probeFailures: 12, signal: 'SIGKILL', exitCode: 137 });
    expect(f.rootCauses).toBeUndefined();
    expect(f.message).toBe('app in shop/reviews-v1 restarted 4 time(s) in 1 pod(s): the kubelet killed it after failed probes (12 probe failures; last exit 137, SIGKILL)');
    // the probe events are evidence, at their table lines
    expect(f.evidence.map((e) => [e.file, e.line])).toEqual(expect.arrayContaining([['bug-report/cluster/events', 2], ['bug-report/cluster/events', 3]]));
  });

  it('a segfault is the process ending by itself', () => {
    const f = only(containerFindings(modelOf({ yaml: yaml(pod({ name: 'ratings-v1-6c8d9f7b5-kq2zt', container: 'app', restartCount: 2, last: terminated('Error', 139, '2026-03-15T09:00:00Z', '2026-03-15T09:00:05Z') })), capturedAt: CAP })));
    expect(f.data).toMatchObject({ signal: 'SIGSEGV', killedBy: 'exit', exitCode: 139 });
    expect(f.severity).toBe('warning'); // two restarts, over an hour before capture, pod Ready
  });

  it('istiod OOM-killed supports istiod-resource-exhaustion and istiod-unavailable', () => {
    const text = yaml(pod({ name: 'istiod-7bf5f89d87-bmlhz', namespace: 'istio-system', container: 'discovery', restartCount: 3, last: terminated('OOMKilled', 137, '2026-03-15T10:10:00Z', '2026-03-15T10:20:00Z') }));
    const f = only(containerFindings(modelOf({ yaml: text, capturedAt: CAP })));
    expect(f.rootCauses).toEqual(['istiod-resource-exhaustion', 'istiod-unavailable']);
    expect(f.data).toMatchObject({ workload: 'istiod', killedBy: 'oom-killer', runSeconds: 600 });
  });

  it('istio-init failing in Init:CrashLoopBackOff supports traffic-interception-failure; the pod says why it is not Ready', () => {
    const p = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'details-v1-5656d65b8f-abcde', namespace: 'default', ownerReferences: [{ kind: 'ReplicaSet', name: 'details-v1-5656d65b8f', controller: true }] },
      spec: { initContainers: [{ name: 'istio-init' }], containers: [{ name: 'details' }, { name: 'istio-proxy' }] },
      status: {
        phase: 'Pending', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
        initContainerStatuses: [{ name: 'istio-init', ready: false, restartCount: 5, lastState: { terminated: terminated('Error', 1, '2026-03-15T10:20:00Z', '2026-03-15T10:20:01Z') }, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=istio-init' } } }],
        containerStatuses: [{ name: 'details', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      },
    };
    const m = modelOf({ yaml: yaml(p), capturedAt: CAP });
    expect(m.pods[0].notReadyReason).toBe('Init:CrashLoopBackOff');
    const f = only(containerFindings(m));
    expect(f.data).toMatchObject({ container: 'istio-init', workload: 'details-v1', exitCode: 1, killedBy: 'exit', nativeSidecar: 'no' });
    expect(f.severity).toBe('error');
    expect(f.rootCauses).toEqual(['traffic-interception-failure']);
  });

  it('points at the previous-run log when the bundle holds one', () => {
    const m = modelOf({
      yaml: yaml(pod({ name: 'cart-7d9f8b6c5d-x2x9k', restartCount: 3, last: terminated('Error', 255, '2026-03-15T10:20:00Z', '2026-03-15T10:20:09Z') })), capturedAt: CAP,
      logs: [{ meta: { file: 'bug-report/proxies/shop/cart-7d9f8b6c5d-x2x9k/istio-proxy.log', component: 'istio-proxy', namespace: 'shop', pod: 'cart-7d9f8b6c5d-x2x9k', container: 'istio-proxy' }, lines: 120, bytes: 9000, previousSection: { startLine: 64, endLine: 120 }, longLinesCut: 0, warnings: [] }],
    });
    const f = only(containerFindings(m));
    expect(f.data).toMatchObject({ exitCode: 255, reason: 'Error', killedBy: 'exit', signal: '-' });
    expect(f.rootCauses).toBeUndefined(); // a sidecar that aborts by itself (255) is not resource exhaustion
    expect(f.remediation).toContain('bug-report/proxies/shop/cart-7d9f8b6c5d-x2x9k/istio-proxy.log lines 64–120');
  });

  it('containers that never restarted, and init containers that completed, make no finding', () => {
    const m = modelOf({ yaml: yaml(pod({ name: 'cart-7d9f8b6c5d-x2x9k', restartCount: 0 }), pod({ name: 'web-5f6d7c8b9-qwert', container: 'app', restartCount: 1, last: terminated('Completed', 0, '2026-03-15T08:00:00Z', '2026-03-15T09:00:00Z') })), capturedAt: CAP });
    expect(containerFindings(m)).toEqual([]);
  });
});

describe('the Sep 2023 bug-report', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = containerFindings((await loadCorpusBundle('bug-report-2023-09-ce74670.tar.gz')).model);
  }, 60_000);

  it('reads the 2023-07-31 node restart (exit 255, reason Unknown) as node-restart history, one finding per workload and container', () => {
    const restarts = findings.filter((f) => f.data?.killedBy === 'node-restart');
    expect(restarts.length).toBeGreaterThanOrEqual(20);
    expect(restarts.every((f) => f.severity === 'info' && f.data?.exitCode === 255 && f.data?.reason === 'Unknown' && !f.rootCauses)).toBe(true);
    // k8s-resources: reviews v1/v2/v3 in bookinfo each restarted once at 05:18:18–05:18:24
    const reviews = restarts.filter((f) => f.data?.namespace === 'bookinfo' && f.data?.container === 'reviews').map((f) => f.data?.workload).sort();
    expect(reviews).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    // static pods are named after their node, and are one workload each
    expect(restarts.find((f) => f.data?.container === 'etcd')?.data).toMatchObject({ workload: 'etcd', namespace: 'kube-system', restarts: 5 });
  });

  it('reads metallb speaker\'s exit-1 loop of 2023-07-31 as history (warning), one finding for the DaemonSet\'s three pods', () => {
    const speaker = findings.find((f) => f.data?.container === 'speaker')!;
    expect(speaker.data).toMatchObject({ workload: 'speaker', namespace: 'metallb-system', pods: 3, restarts: 25, exitCode: 1, reason: 'Error', killedBy: 'exit', signal: '-' });
    expect(speaker.severity).toBe('warning');
    expect(speaker.evidence[0]).toMatchObject({ file: 'bug-report/cluster/k8s-resources', line: 13526 });
  });
});

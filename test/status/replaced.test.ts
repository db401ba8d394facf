/**
 * Replaced pods, rollouts and reinstalls (MSH5009, MSH5010). Event wording is the controllers' (kubernetes
 * pkg/controller/deployment/sync.go "Scaled up|down replica set %s to %d from %d"; replicaset and daemon controllers
 * "Created pod: %v" / "Deleted pod: %v"; kubelet "Stopping container %s"), laid out as the bug-report's events table
 * (samples/generators/lib.ts `eventsTable`, the `kubectl get events -A -o wide` columns). The real bug-reports give
 * the rollouts and the reinstall found from ReplicaSets and owners alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { controlPlaneReinstall, replacements } from '../../analyzers/status/replaced.js';
import type { Finding } from '../../analyzers/model/finding.js';
import { statusFindings } from '../../analyzers/status/index.js';
import { eventsTable, type TableEvent } from '../../samples/generators/lib.js';
import { loadCorpusBundle } from '../conformance/corpus-bundles.js';
import { modelOf } from './model.js';

const CAP = '2026-03-15T10:26:00Z';
const at = (minBefore: number) => Date.parse(CAP) - minBefore * 60_000;
type Obj = Record<string, unknown>;
const yaml = (...objs: Obj[]) => objs.map((o) => dump(o, { lineWidth: -1 })).join('---\n');

function ev(namespace: string, minBefore: number, type: 'Normal' | 'Warning', reason: string, object: string, source: string, message: string, sub?: string): TableEvent {
  return { namespace, lastSeenMs: at(minBefore), firstSeenMs: at(minBefore), type, reason, object, source, message, count: 1, name: `${object.split('/')[1]}.${reason.toLowerCase()}${minBefore}`, ...(sub ? { subobject: sub } : {}) };
}

function runningPod(namespace: string, name: string, owner: { kind: string; name: string }, created: string, containers: string[] = ['app'], extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace, creationTimestamp: created, ownerReferences: [{ kind: owner.kind, name: owner.name, controller: true }], ...(extra.metadata as Obj ?? {}) },
    spec: { containers: containers.map((c) => ({ name: c })) },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: containers.map((c) => ({ name: c, ready: true, restartCount: 0, state: { running: { startedAt: created } } })) },
  };
}

const owner = (kind: string, namespace: string, name: string, created: string, labels: Record<string, string> = {}) => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace, creationTimestamp: created, labels } });
const byOwner = (fs: Finding[], name: string) => fs.find((f) => f.data?.owner === name);

describe('replacements from events', () => {
  it('a rolling update: one ReplicaSet scaled down, another up, the old pod stopped and gone', () => {
    const events = eventsTable(CAP, [
      ev('shop', 20, 'Normal', 'ScalingReplicaSet', 'deployment/reviews-v2', 'deployment-controller', 'Scaled up replica set reviews-v2-7d9f8b6c5d to 1 from 0'),
      ev('shop', 20, 'Normal', 'SuccessfulCreate', 'replicaset/reviews-v2-7d9f8b6c5d', 'replicaset-controller', 'Created pod: reviews-v2-7d9f8b6c5d-x2x9k'),
      ev('shop', 19, 'Normal', 'ScalingReplicaSet', 'deployment/reviews-v2', 'deployment-controller', 'Scaled down replica set reviews-v2-5c9d7f6b4 to 0 from 1'),
      ev('shop', 19, 'Normal', 'SuccessfulDelete', 'replicaset/reviews-v2-5c9d7f6b4', 'replicaset-controller', 'Deleted pod: reviews-v2-5c9d7f6b4-q8lmv'),
      ev('shop', 19, 'Normal', 'Killing', 'pod/reviews-v2-5c9d7f6b4-q8lmv', 'kubelet', 'Stopping container reviews', 'spec.containers{reviews}'),
    ]);
    const text = yaml(owner('Deployment', 'shop', 'reviews-v2', '2025-11-02T08:00:00Z'), runningPod('shop', 'reviews-v2-7d9f8b6c5d-x2x9k', { kind: 'ReplicaSet', name: 'reviews-v2-7d9f8b6c5d' }, '2026-03-15T10:06:00Z'));
    const [r] = replacements(modelOf({ yaml: text, events, capturedAt: CAP }));
    expect(r.kind).toBe('rollout');
    expect(r.finding.code).toBe('MSH5009');
    expect(r.finding.severity).toBe('info');
    expect(r.finding.data).toEqual({ owner: 'reviews-v2', namespace: 'shop', replaced: 1, kind: 'rollout', from: '2026-03-15T10:06:00Z', to: '2026-03-15T10:07:00Z', readyNow: '1/1' });
    expect(r.finding.message).toBe('shop/reviews-v2: 1 pod(s) replaced by a rollout between 2026-03-15T10:06:00Z and 2026-03-15T10:07:00Z; 1/1 of its pods Ready now');
    expect(r.finding.evidence.every((e) => e.file === 'bug-report/cluster/events' && e.line! >= 2)).toBe(true);
    expect(r.finding.evidence[0].excerpt).toBe('Normal SuccessfulDelete: Deleted pod: reviews-v2-5c9d7f6b4-q8lmv');
  });

  it('pods deleted by hand and recreated by the same ReplicaSet; a scale-down without new pods', () => {
    const events = eventsTable(CAP, [
      ev('shop', 30, 'Normal', 'Killing', 'pod/cart-7d9f8b6c5d-p4r7t', 'kubelet', 'Stopping container cart', 'spec.containers{cart}'),
      ev('shop', 30, 'Normal', 'SuccessfulCreate', 'replicaset/cart-7d9f8b6c5d', 'replicaset-controller', 'Created pod: cart-7d9f8b6c5d-x2x9k'),
      ev('shop', 10, 'Normal', 'ScalingReplicaSet', 'deployment/web', 'deployment-controller', 'Scaled down replica set web-5f6d7c8b9 to 1 from 3'),
    ]);
    const text = yaml(runningPod('shop', 'cart-7d9f8b6c5d-x2x9k', { kind: 'ReplicaSet', name: 'cart-7d9f8b6c5d' }, '2026-03-15T09:56:00Z'));
    const fs = replacements(modelOf({ yaml: text, events, capturedAt: CAP })).map((r) => r.finding);
    expect(byOwner(fs, 'cart')?.data).toMatchObject({ kind: 'deleted', replaced: 1, readyNow: '1/1' });
    expect(byOwner(fs, 'web')?.data).toMatchObject({ kind: 'scale-down', replaced: 2, readyNow: '0/0' });
  });

  it('a container restarted in place is no replacement', () => {
    const events = eventsTable(CAP, [ev('shop', 5, 'Normal', 'Killing', 'pod/cart-7d9f8b6c5d-x2x9k', 'kubelet', 'Stopping container cart', 'spec.containers{cart}')]);
    const text = yaml(runningPod('shop', 'cart-7d9f8b6c5d-x2x9k', { kind: 'ReplicaSet', name: 'cart-7d9f8b6c5d' }, '2026-03-15T09:00:00Z'));
    expect(replacements(modelOf({ yaml: text, events, capturedAt: CAP }))).toEqual([]);
  });

  it('Istio reinstalled: istiod, istio-cni and ztunnel stopped, their owners created again, new pods Ready → MSH5009 reinstalls and one MSH5010', () => {
    const events = eventsTable(CAP, [
      ev('istio-system', 184, 'Normal', 'Killing', 'pod/istiod-6d4f8b7c9-7xk2p', 'kubelet', 'Stopping container discovery', 'spec.containers{discovery}'),
      ev('istio-system', 184, 'Normal', 'Killing', 'pod/istio-cni-node-4kq9z', 'kubelet', 'Stopping container install-cni', 'spec.containers{install-cni}'),
      ev('istio-system', 184, 'Normal', 'Killing', 'pod/ztunnel-8hv2m', 'kubelet', 'Stopping container istio-proxy', 'spec.containers{istio-proxy}'),
      ev('istio-system', 181, 'Normal', 'ScalingReplicaSet', 'deployment/istiod', 'deployment-controller', 'Scaled up replica set istiod-5b7c9d6f8 to 1'),
      ev('istio-system', 181, 'Normal', 'SuccessfulCreate', 'replicaset/istiod-5b7c9d6f8', 'replicaset-controller', 'Created pod: istiod-5b7c9d6f8-m2q7w'),
      ev('istio-system', 181, 'Normal', 'SuccessfulCreate', 'daemonset/istio-cni-node', 'daemonset-controller', 'Created pod: istio-cni-node-r5t8x'),
      ev('istio-system', 180, 'Normal', 'SuccessfulCreate', 'daemonset/ztunnel', 'daemonset-controller', 'Created pod: ztunnel-w9c3d'),
    ]);
    const created = '2026-03-15T07:25:00Z';
    const text = yaml(
      owner('Deployment', 'istio-system', 'istiod', created), owner('DaemonSet', 'istio-system', 'istio-cni-node', created), owner('DaemonSet', 'istio-system', 'ztunnel', created),
      runningPod('istio-system', 'istiod-5b7c9d6f8-m2q7w', { kind: 'ReplicaSet', name: 'istiod-5b7c9d6f8' }, '2026-03-15T07:25:10Z', ['discovery']),
      runningPod('istio-system', 'istio-cni-node-r5t8x', { kind: 'DaemonSet', name: 'istio-cni-node' }, '2026-03-15T07:25:05Z', ['install-cni']),
      runningPod('istio-system', 'ztunnel-w9c3d', { kind: 'DaemonSet', name: 'ztunnel' }, '2026-03-15T07:26:00Z', ['istio-proxy']),
    );
    const model = modelOf({ yaml: text, events, capturedAt: CAP });
    const reps = replacements(model);
    expect(reps.map((r) => [r.finding.data?.owner, r.kind, r.component, r.finding.data?.readyNow]).sort()).toEqual([
      ['istio-cni-node', 'reinstall', 'istio-cni', '1/1'], ['istiod', 'reinstall', 'istiod', '1/1'], ['ztunnel', 'reinstall', 'ztunnel', '1/1'],
    ]);
    const [cp] = controlPlaneReinstall(reps);
    expect(cp.code).toBe('MSH5010');
    expect(cp.data?.components).toBe('istiod, istio-cni, ztunnel');
    // event ages in hours resolve to the hour: the window spans the kills and the new owners' creation
    expect(Date.parse(String(cp.data?.from))).toBeLessThanOrEqual(Date.parse(created));
    expect(Date.parse(String(cp.data?.to))).toBeGreaterThanOrEqual(Date.parse(created));
    expect(cp.evidence.length).toBeGreaterThanOrEqual(3);
    expect(statusFindings(model).filter((f) => f.code === 'MSH5010')).toHaveLength(1);
  });

  it('istiod alone reinstalled is no control-plane reinstall; a canary istiod is no reinstall of the others\' pods', () => {
    const sidecarPod = (name: string, rev: string) => ({ ...runningPod('shop', name, { kind: 'ReplicaSet', name: name.slice(0, name.lastIndexOf('-')) }, '2026-03-01T00:00:00Z', ['app', 'istio-proxy']), metadata: { name, namespace: 'shop', creationTimestamp: '2026-03-01T00:00:00Z', labels: { 'istio.io/rev': rev }, ownerReferences: [{ kind: 'ReplicaSet', name: name.slice(0, name.lastIndexOf('-')), controller: true }] } });
    const text = yaml(
      owner('Deployment', 'istio-system', 'istiod-canary', '2026-03-15T09:00:00Z', { 'istio.io/rev': 'canary' }),
      owner('Deployment', 'istio-system', 'istiod', '2026-03-15T09:00:00Z', { 'istio.io/rev': 'default' }),
      sidecarPod('cart-7d9f8b6c5d-x2x9k', 'default'),
    );
    const reps = replacements(modelOf({ yaml: text, capturedAt: CAP }));
    expect(reps.map((r) => [r.finding.data?.owner, r.kind])).toEqual([['istiod', 'reinstall']]);
    expect(reps[0].finding.evidence[0].excerpt).toBe('Deployment istio-system/istiod created 2026-03-15T09:00:00Z; 1 pod(s) that needed istiod are older (first shop/cart-7d9f8b6c5d-x2x9k)');
    expect(controlPlaneReinstall(reps)).toEqual([]);
  });
});

describe('the real bug-reports', () => {
  let sep: Finding[];
  let may: Finding[];
  beforeAll(async () => {
    sep = statusFindings((await loadCorpusBundle('bug-report-2023-09-ce74670.tar.gz')).model);
    may = statusFindings((await loadCorpusBundle('bug-report-2023-05-92638fd.tar.gz')).model);
  }, 60_000);

  it('Sep 2023: Istio reinstalled on 2023-09-05 (istio-cni DaemonSet 06:57:37, istiod Deployment 07:02:10, injected pods from July)', () => {
    const cp = sep.filter((f) => f.code === 'MSH5010');
    expect(cp.map((f) => f.data)).toEqual([{ components: 'istiod, istio-cni', from: '2023-09-05T06:57:37Z', to: '2023-09-05T07:02:10Z' }]);
    expect(byOwner(sep, 'istiod')?.data).toEqual({ owner: 'istiod', namespace: 'istio-system', replaced: 1, kind: 'reinstall', from: '2023-09-05T07:02:10Z', to: '2023-09-05T07:02:10Z', readyNow: '1/1' });
    expect(byOwner(sep, 'istio-cni-node')?.data).toMatchObject({ kind: 'reinstall', replaced: 3, readyNow: '3/3' });
    expect(cp[0].evidence.map((e) => [e.file, e.line])).toEqual([['bug-report/cluster/k8s-resources', 16534], ['bug-report/cluster/k8s-resources', 20814]]);
    // the gateway Deployment rolled to a new ReplicaSet a minute later (its old one is at 0 replicas)
    expect(byOwner(sep, 'gateway-istio')?.data).toMatchObject({ kind: 'rollout', from: '2023-09-05T07:03:48Z', readyNow: '1/1' });
  });

  it('May 2023: istiod and the ingress gateway rolled out on 2023-05-10, nothing reinstalled', () => {
    expect(may.filter((f) => f.code === 'MSH5009').map((f) => [f.data?.owner, f.data?.kind, f.data?.from]).sort()).toEqual([
      ['istio-ingressgateway', 'rollout', '2023-05-10T17:43:58Z'], ['istiod', 'rollout', '2023-05-10T17:41:33Z'],
    ]);
    expect(may.filter((f) => f.code === 'MSH5010')).toEqual([]);
  });
});

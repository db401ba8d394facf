/**
 * Nodes, evictions and claims (MSH7004–MSH7007). Wording from kubernetes: node-lifecycle controller (Ready
 * Unknown, reason NodeStatusUnknown, "Kubelet stopped posting node status."; event "Node %s status is now: %s"),
 * kubelet node status setters (DiskPressure True, KubeletHasDiskPressure, "kubelet has disk pressure"), eviction
 * manager ("Attempting to reclaim %s"; "The node was low on resource: %v. Threshold quantity: %v, available: %v. "),
 * persistent-volume controller ("no persistent volumes available for this claim and no storage class is set";
 * ProvisioningFailed 'storageclass.storage.k8s.io "%s" not found'). The real bug-reports' nodes (YAML-less
 * `kubectl describe nodes`, GKE node-problem-detector conditions) are all healthy and must give nothing.
 */
import { describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { evictions, nodeNotReady, nodePressure } from '../../analyzers/platform/nodes.js';
import { unboundClaims } from '../../analyzers/platform/volumes.js';
import { platformFindings } from '../../analyzers/platform/index.js';
import { eventsTable, type TableEvent } from '../../samples/generators/lib.js';
import { loadCorpusBundle } from '../conformance/corpus-bundles.js';
import { modelOf } from '../status/model.js';

const CAP = '2026-03-15T10:26:00Z';
const ev = (namespace: string, object: string, type: 'Warning' | 'Normal', reason: string, message: string, count: number, minBefore: number, source = 'kubelet'): TableEvent => ({
  namespace, lastSeenMs: Date.parse(CAP) - minBefore * 60_000, firstSeenMs: Date.parse(CAP) - (minBefore + 30) * 60_000, type, reason, object, source, message, count, name: `${object.split('/')[1]}.${reason}`,
});
const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: '2026-03-15T09:40:00Z', lastTransitionTime: '2026-03-15T09:41:00Z' });
const node = (name: string, conditions: object[]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions } });

describe('nodes', () => {
  const nodes = [
    node('worker-1', [cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'), cond('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure'), cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')]),
    node('worker-2', [cond('MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'), cond('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')]),
  ];
  const events = eventsTable(CAP, [
    ev('default', 'node/worker-2', 'Normal', 'NodeNotReady', 'Node worker-2 status is now: NodeNotReady', 1, 45, 'node-controller'),
    ev('default', 'node/worker-1', 'Warning', 'EvictionThresholdMet', 'Attempting to reclaim ephemeral-storage', 6, 3),
    ev('shop', 'pod/cart-7d9f8b6c5d-x2x9k', 'Warning', 'Evicted', 'The node was low on resource: ephemeral-storage. Threshold quantity: 10%, available: 8%. Container cart was using 5Gi, request is 0, has larger consumption of ephemeral-storage. ', 1, 3),
  ]);
  const evictedPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cart-7d9f8b6c5d-p4r7t', namespace: 'shop' }, status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: ephemeral-storage. Threshold quantity: 10%, available: 8%. ' } };
  const m = modelOf({ yaml: [...nodes, evictedPod].map((o) => dump(o)).join('---\n'), events, capturedAt: CAP });

  it('a node whose kubelet stopped posting status is not Ready now (error), with its NodeNotReady event', () => {
    const fs = nodeNotReady(m);
    expect(fs.map((f) => f.data)).toEqual([{ node: 'worker-2', status: 'Unknown', reason: 'NodeStatusUnknown', since: '2026-03-15T09:41:00Z', count: 1, message: 'Kubelet stopped posting node status.' }]);
    expect(fs[0].severity).toBe('error');
    expect(fs[0].evidence.map((e) => e.file)).toEqual(['bug-report/cluster/k8s-resources', 'bug-report/cluster/events']);
  });

  it('disk pressure from the condition and the eviction manager, one finding; evictions per namespace and resource', () => {
    const [p, ...rest] = nodePressure(m);
    expect(rest).toEqual([]);
    expect(p.data).toEqual({ node: 'worker-1', pressure: 'DiskPressure', count: 7, message: 'kubelet has disk pressure' });
    expect(p.severity).toBe('error');
    const [e] = evictions(m);
    expect(e.data).toEqual({ namespace: 'shop', resource: 'ephemeral-storage', pods: 2, count: 1, message: expect.stringMatching(/^The node was low on resource: ephemeral-storage\. Threshold quantity: 10%, available: 8%\./) });
  });
});

describe('claims', () => {
  it('Pending claims and the PV controller\'s events, one finding per namespace', () => {
    const pvc = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'data' }, spec: { storageClassName: 'fast-ssd' }, status: { phase: 'Pending' } });
    const events = eventsTable(CAP, [
      ev('data', 'persistentvolumeclaim/redis-data-redis-0', 'Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast-ssd" not found', 52, 1, 'persistentvolume-controller'),
      ev('data', 'persistentvolumeclaim/logs', 'Warning', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 12, 1, 'persistentvolume-controller'),
    ]);
    const [f] = unboundClaims(modelOf({ yaml: [pvc('redis-data-redis-0'), pvc('logs')].map((o) => dump(o)).join('---\n'), events, capturedAt: CAP }));
    expect(f.code).toBe('MSH7007');
    expect(f.data).toMatchObject({ namespace: 'data', claims: 2, count: 64 });
    expect(f.severity).toBe('error');
    expect(f.resources.map((r) => r.name).sort()).toEqual(['logs', 'redis-data-redis-0']);
  });
});

describe('the real bug-reports', () => {
  it('have healthy nodes, no pending claims, no scheduling or pull failures: only May\'s admission denial', async () => {
    const sep = platformFindings((await loadCorpusBundle('bug-report-2023-09-ce74670.tar.gz')).model);
    const may = platformFindings((await loadCorpusBundle('bug-report-2023-05-92638fd.tar.gz')).model);
    expect(sep).toEqual([]);
    expect(may.map((f) => f.analyzer)).toEqual(['platform/admission-denied']);
  }, 60_000);
});

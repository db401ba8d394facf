/**
 * Scheduling, image pulls and pull secrets (MSH7001–MSH7003). Message wording: kube-scheduler's FitError
 * ("0/N nodes are available: …. preemption: …"), as printed in public reports (a GPU fragmentation write-up:
 * `0/3 nodes are available: 1 Insufficient example.com/gpu, 1 node(s) didn't match Pod's node affinity/selector,
 * 1 node(s) had untolerated taint(s). preemption: …`; a CKA exercise: `0/2 nodes are available: 1 node(s) had
 * untolerated taint {node-role.kubernetes.io/master: }, 1 node(s) had untolerated taint {node: node01}.`); kubelet's
 * image manager (`Failed to pull image "%s": %v`, `Back-off pulling image "%s"`, "Error: ErrImagePull"); and
 * `Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.` as the
 * kubernetes.io task "Pull an Image from a Private Registry" shows it.
 */
import { describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { imagePulls, pullSecrets, scheduling, schedulingCause } from '../../analyzers/platform/pods.js';
import { eventsTable, type TableEvent } from '../../samples/generators/lib.js';
import { modelOf } from '../status/model.js';

const CAP = '2026-03-15T10:26:00Z';
const ev = (namespace: string, object: string, reason: string, message: string, count: number, minBefore = 2, type: 'Warning' | 'Normal' = 'Warning'): TableEvent => ({
  namespace, lastSeenMs: Date.parse(CAP) - minBefore * 60_000, firstSeenMs: Date.parse(CAP) - 50 * 60_000, type, reason, object,
  source: reason === 'FailedScheduling' ? 'default-scheduler' : 'kubelet', message, count, name: `${object.split('/')[1]}.${reason}${count}`,
});

describe('schedulingCause', () => {
  it.each([
    ['0/3 nodes are available: 3 Insufficient cpu.', 'Insufficient cpu'],
    ['0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..', 'Insufficient memory'],
    ['0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/master: }, 1 node(s) had untolerated taint {node: node01}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.', 'untolerated taint'],
    ["0/3 nodes are available: 1 Insufficient example.com/gpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.", 'Insufficient extended resource'],
    ["0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.", 'node affinity/selector'],
    ['0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.', 'unbound PersistentVolumeClaim'],
    ['no nodes available to schedule pods', 'no node fits'],
  ])('%s → %s', (message, cause) => {
    expect(schedulingCause(message)).toBe(cause);
  });
});

describe('scheduling', () => {
  it('aggregates FailedScheduling per namespace and cause, adding pods Pending as Unschedulable', () => {
    const msg = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const pending = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cart-7d9f8b6c5d-p4r7t', namespace: 'shop' },
      spec: { containers: [{ name: 'cart' }, { name: 'istio-proxy' }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }] },
    };
    const m = modelOf({ yaml: dump(pending), events: eventsTable(CAP, [ev('shop', 'pod/cart-7d9f8b6c5d-x2x9k', 'FailedScheduling', msg, 14), ev('shop', 'pod/cart-7d9f8b6c5d-p4r7t', 'FailedScheduling', msg, 9)]), capturedAt: CAP });
    const [f] = scheduling(m);
    expect(f.code).toBe('MSH7001');
    expect(f.data).toEqual({ namespace: 'shop', cause: 'Insufficient cpu', pods: 2, count: 23, message: msg });
    expect(f.severity).toBe('error');
    expect(f.evidence[0]).toMatchObject({ file: 'bug-report/cluster/k8s-resources', line: 1 });
    expect(f.evidence.slice(1).map((e) => e.file)).toEqual(['bug-report/cluster/events', 'bug-report/cluster/events']);
  });
});

describe('image pulls', () => {
  it('thousands of pull events make one finding per namespace and reason, with their counts', () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ev('shop', `pod/web-5f6d7c8b9-${String(i).padStart(5, 'b')}`, 'Failed', 'Failed to pull image "registry.example.com/shop/web:4.3.0": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/shop/web:4.3.0": failed to resolve reference "registry.example.com/shop/web:4.3.0": unexpected status from HEAD request to https://registry.example.com/v2/shop/web/manifests/4.3.0: 401 Unauthorized', 75)),
      ...Array.from({ length: 40 }, (_, i) => ev('shop', `pod/web-5f6d7c8b9-${String(i).padStart(5, 'b')}`, 'Failed', 'Error: ErrImagePull', 75)),
      ...Array.from({ length: 40 }, (_, i) => ev('shop', `pod/web-5f6d7c8b9-${String(i).padStart(5, 'b')}`, 'BackOff', 'Back-off pulling image "registry.example.com/shop/web:4.3.0"', 1200, 2, 'Normal')),
      ...Array.from({ length: 40 }, (_, i) => ev('shop', `pod/web-5f6d7c8b9-${String(i).padStart(5, 'b')}`, 'Failed', 'Error: ImagePullBackOff', 1200)),
      ev('shop', 'pod/web-5f6d7c8b9-bbbb0', 'FailedToRetrieveImagePullSecret', 'Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.', 3000),
    ];
    const m = modelOf({ events: eventsTable(CAP, rows), capturedAt: CAP });
    const pulls = imagePulls(m);
    // "Error: ErrImagePull"/"Error: ImagePullBackOff" repeat the events that name the image, and are not counted twice
    expect(pulls.map((f) => f.data)).toEqual([
      { namespace: 'shop', reason: 'ErrImagePull', images: 'registry.example.com/shop/web:4.3.0', pods: 40, count: 3000, message: expect.stringMatching(/^Failed to pull image "registry.example.com\/shop\/web:4.3.0": .*401 Unauthorized$/) },
      { namespace: 'shop', reason: 'ImagePullBackOff', images: 'registry.example.com/shop/web:4.3.0', pods: 40, count: 48000, message: 'Back-off pulling image "registry.example.com/shop/web:4.3.0"' },
    ]);
    expect(pulls.every((f) => f.evidence.length === 4 && f.severity === 'error')).toBe(true);
    const [secret] = pullSecrets(m);
    expect(secret.code).toBe('MSH7003');
    expect(secret.data).toEqual({ namespace: 'shop', secrets: 'regcred', pods: 1, count: 3000, message: 'Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.' });
    expect(secret.severity).toBe('warning');
  });

  it('a container waiting in ImagePullBackOff counts with its image even when the events expired', () => {
    const p = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-5f6d7c8b9-x2x9k', namespace: 'shop' },
      spec: { containers: [{ name: 'web', image: 'registry.example.com/shop/web:4.3.0' }] },
      status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example.com/shop/web:4.3.0"' } } }] },
    };
    const [f] = imagePulls(modelOf({ yaml: dump(p), capturedAt: CAP }));
    expect(f.data).toMatchObject({ namespace: 'shop', reason: 'ImagePullBackOff', images: 'registry.example.com/shop/web:4.3.0', pods: 1, count: 1 });
    expect(f.severity).toBe('error');
  });
});

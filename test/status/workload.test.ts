/** Workload names from pod names and owners, checked against the real pods of both corpus bug-reports. */
import { describe, expect, it } from 'vitest';
import { workloadOf } from '../../analyzers/model/pods.js';
import { loadCorpusBundle } from '../conformance/corpus-bundles.js';

describe('workloadOf', () => {
  it.each([
    // owner ReplicaSet: the Deployment, with or without the pod-template-hash label
    ['istiod-7bf5f89d87-bmlhz', { kind: 'ReplicaSet', name: 'istiod-7bf5f89d87' }, '7bf5f89d87', 'istiod'],
    ['reviews-v1-86896b7648-g99dg', { kind: 'ReplicaSet', name: 'reviews-v1-86896b7648' }, undefined, 'reviews-v1'],
    ['gateway-istio-57c99684c4-zr6bs', { kind: 'ReplicaSet', name: 'gateway-istio-57c99684c4' }, undefined, 'gateway-istio'],
    // other controllers: their own name
    ['istio-cni-node-9dk77', { kind: 'DaemonSet', name: 'istio-cni-node' }, undefined, 'istio-cni-node'],
    ['web-0', { kind: 'StatefulSet', name: 'web' }, undefined, 'web'],
    // static pods are owned by their Node
    ['kube-apiserver-xp.master', { kind: 'Node', name: 'xp.master' }, undefined, 'kube-apiserver'],
    // no owner: generated suffixes stripped
    ['cart-7d9f8b6c5d-x2x9k', undefined, undefined, 'cart'],
    ['ztunnel-bmlhz', undefined, undefined, 'ztunnel'],
    ['my-service-worker-abcde', undefined, undefined, 'my-service-worker'], // "worker" has no digit: not a hash
    ['web-2', undefined, undefined, 'web'],
    ['standalone', undefined, undefined, 'standalone'],
  ] as const)('%s (%o) → %s', (pod, owner, hash, expected) => {
    expect(workloadOf(pod, owner, hash)).toBe(expected);
  });

  it('names every pod of both real bug-reports after its Deployment, DaemonSet, StatefulSet, Job or static pod', async () => {
    for (const name of ['bug-report-2023-05-92638fd.tar.gz', 'bug-report-2023-09-ce74670.tar.gz']) {
      const { model } = await loadCorpusBundle(name);
      const owners = new Set(model.resources.filter((r) => ['Deployment', 'DaemonSet', 'StatefulSet', 'Job'].includes(r.kind)).map((r) => `${r.namespace}/${r.name}`));
      for (const p of model.pods) {
        if (p.owner?.kind === 'Node') expect(p.name.startsWith(`${p.workload}-`), p.name).toBe(true);
        else expect(owners.has(`${p.namespace}/${p.workload}`), `${p.namespace}/${p.name} → ${p.workload}`).toBe(true);
      }
    }
  }, 60_000);
});

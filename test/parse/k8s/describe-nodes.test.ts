import { describe, expect, it } from 'vitest';
import { parseDescribeNodes } from '../../../analyzers/parse/k8s/describe-nodes.js';
import { archiveText, MAY, SEP } from './corpus.js';

describe('parseDescribeNodes', () => {
  it('reads the Sep 2023 nodes: name, labels, taints, conditions, kubelet version', () => {
    const nodes = parseDescribeNodes(archiveText(SEP, 'bug-report/cluster/nodes'), 'bug-report/cluster/nodes');
    expect(nodes.map((n) => [n.name, n.source.line, n.obj.status.nodeInfo.kubeletVersion])).toEqual([
      ['xp.master', 1, 'v1.27.3'], ['xp.worker1', 90, 'v1.27.1'], ['xp.worker2', 185, 'v1.27.1'],
    ]);
    const master = nodes[0].obj;
    expect(master.metadata).toMatchObject({ creationTimestamp: '2023-05-17T09:43:31Z' });
    expect(master.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'xp.master', 'node-role.kubernetes.io/control-plane': '' });
    expect(master.spec).toEqual({});
    expect(master.status.conditions).toContainEqual({
      type: 'Ready', status: 'True', lastHeartbeatTime: '2023-09-06T09:15:48Z', lastTransitionTime: '2023-07-04T05:36:20Z',
      reason: 'KubeletReady', message: 'kubelet is posting ready status. AppArmor enabled',
    });
    expect(master.status.conditions.map((c: { type: string }) => c.type)).toEqual(['NetworkUnavailable', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
  });

  it('reads the four GKE nodes of May 2023 with their node-problem-detector conditions', () => {
    const nodes = parseDescribeNodes(archiveText(MAY, 'bug-report/cluster/nodes'), 'nodes');
    expect(nodes).toHaveLength(4);
    expect(nodes[0].name).toBe('gk3-istio-exp-default-pool-3c38d7a5-g7mz');
    expect(nodes[0].obj.status.conditions[0]).toEqual({
      type: 'FrequentGcfsdRestart', status: 'False', lastHeartbeatTime: '2023-05-12T18:44:04Z', lastTransitionTime: '2023-05-04T23:53:01Z',
      reason: 'NoFrequentGcfsdRestart', message: 'Gcfsd is functioning properly',
    });
    expect(nodes[0].obj.metadata.labels?.['cloud.google.com/gke-nodepool']).toBe('default-pool');
  });

  it('reads taints and unschedulable', () => {
    const text = 'Name:               n1\nTaints:             node.kubernetes.io/disk-pressure:NoSchedule\n                    dedicated=infra:NoExecute\nUnschedulable:      true\n';
    expect(parseDescribeNodes(text, 'n')[0].obj.spec).toEqual({
      taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }, { key: 'dedicated', value: 'infra', effect: 'NoExecute' }],
      unschedulable: true,
    });
  });
});

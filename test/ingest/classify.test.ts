import { describe, expect, it } from 'vitest';
import { classifyFile, type FileClass } from '../../analyzers/ingest/classify.js';
import { detectLayout } from '../../analyzers/ingest/layout.js';

const enc = (s: string) => new TextEncoder().encode(s);
const cls = (path: string, head = '') => classifyFile(path, enc(head));

describe('classifyFile: istioctl bug-report paths, under any prefix', () => {
  it.each([
    ['bug-report/cluster/k8s-resources', 'k8s-resources', 'resources'],
    ['x/y/bug-report/cluster/crs', 'crs', 'resources'],
    ['cluster/k8s-cluster-resources', 'k8s-cluster-resources', 'resources'],
    ['bug-report/cluster/pods', 'pods', 'resources'],
    ['bug-report/cluster/events', 'events-table', 'events-table'],
    ['bug-report/cluster/kubectl-version', 'kubectl-version', 'kubectl-version'],
    ['bug-report/cluster/describe-pods', 'describe-pods', 'describe-pods'],
    ['bug-report/versions', 'versions', 'versions'],
    ['bug-report/bug-report.log', 'bug-report-log', 'bug-report-log'],
    ['bug-report/analyze/allNamespaces/allNamespaces', 'istioctl-analyze', 'record'],
  ])('%s → %s', (path, role, read) => {
    expect(cls(path)).toMatchObject({ role, read, layout: 'bug-report' });
  });

  it('tells YAML nodes and secrets (1.21+, --full-secrets) from describe text and tables (≤1.20)', () => {
    expect(cls('bug-report/cluster/nodes', 'apiVersion: v1\nitems:\n')).toMatchObject({ role: 'nodes', read: 'resources' });
    expect(cls('bug-report/cluster/nodes', 'Name:               xp.master\nRoles:')).toMatchObject({ role: 'describe-nodes', read: 'describe-nodes' });
    expect(cls('bug-report/cluster/secrets', 'NAMESPACE   NAME   TYPE')).toMatchObject({ role: 'secrets-table', read: 'secrets-table' });
    expect(cls('bug-report/cluster/secrets', 'apiVersion: v1\nitems:\n- apiVersion: v1\n  data:')).toMatchObject({ role: 'secrets', read: 'resources' });
  });

  it('files each proxy, istiod and CNI file under its pod', () => {
    expect(cls('bug-report/proxies/default/productpage-v1-564d4686f-7kdqf/config_dump?include_eds')).toEqual({
      role: 'proxy-config-dump', read: 'record', layout: 'bug-report',
      owner: { group: 'proxy', namespace: 'default', pod: 'productpage-v1-564d4686f-7kdqf', key: 'config_dump' },
    });
    expect(cls('bug-report/proxies/default/p/istio-proxy.log')).toEqual({
      role: 'istio-proxy-log', read: 'log', layout: 'bug-report',
      log: { component: 'istio-proxy', namespace: 'default', pod: 'p', container: 'istio-proxy' },
      owner: { group: 'proxy', namespace: 'default', pod: 'p', key: 'log' },
    });
    // ztunnel's container is also named istio-proxy, and bug-report collects it under proxies/: its log is ztunnel's
    expect(cls('bug-report/proxies/istio-system/ztunnel-7xk2p/istio-proxy.log')).toMatchObject({
      role: 'ztunnel-log', read: 'log', log: { component: 'ztunnel', namespace: 'istio-system', pod: 'ztunnel-7xk2p', container: 'istio-proxy' },
    });
    expect(cls('bug-report/proxies/shop/ztunnel-client-6d8f9c7b5-abcde/istio-proxy.log').log?.component).toBe('istio-proxy');
    expect(cls('bug-report/proxies/default/p/stats/prometheus').owner?.key).toBe('stats');
    expect(cls('bug-report/proxies/default/p/cores/0.core')).toMatchObject({ read: 'skip', reason: 'core dump: not read' });
    expect(cls('bug-report/istio/istio-system/istiod-1/debug/push_status').owner).toEqual({ group: 'control-plane', namespace: 'istio-system', pod: 'istiod-1', key: 'debug/push_status' });
    expect(cls('bug-report/istio/istio-system/istiod-1/discovery.log').log).toEqual({ component: 'istiod', namespace: 'istio-system', pod: 'istiod-1', container: 'discovery' });
    expect(cls('bug-report/cni/istio-cni-node-9dk77/cni.log')).toMatchObject({ read: 'log', log: { component: 'cni', pod: 'istio-cni-node-9dk77' }, owner: { group: 'cni', pod: 'istio-cni-node-9dk77', key: 'log' } });
    expect(cls('bug-report/operator/istio-operator/op-1/operator.log')).toMatchObject({ read: 'log', log: { container: 'istio-operator', pod: 'op-1' } });
  });

  it('does not take an unrelated istio/ folder for istiod files', () => {
    expect(cls('istio/samples/bookinfo/vs.yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\n')).toMatchObject({ role: 'k8s-yaml', read: 'resources', layout: 'loose' });
  });
});

describe('classifyFile: troubleshoot.sh and loose files', () => {
  it('reads troubleshoot container logs with their identity', () => {
    expect(cls('support-bundle/cluster-resources/pods/logs/istio-system/istiod-7/discovery-previous.log')).toMatchObject({
      role: 'previous-container-log', read: 'log', layout: 'troubleshoot', log: { component: 'istiod', namespace: 'istio-system', pod: 'istiod-7', container: 'discovery' },
    });
    expect(cls('support-bundle/cluster-resources/pods/default.json')).toMatchObject({ role: 'cluster-resources', read: 'resources' });
    expect(cls('support-bundle/cluster-resources/groups.json')).toMatchObject({ read: 'skip' });
  });

  it('sniffs loose content, whatever the name', () => {
    expect(cls('dump.txt', '{\n "configs": [\n  {\n   "@type": "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump",')).toMatchObject({ role: 'config-dump', read: 'record', owner: { group: 'proxy', namespace: '', pod: 'dump.txt', key: 'config_dump' } });
    expect(cls('objects.out', '{"apiVersion": "v1", "kind": "List", "items": []}')).toMatchObject({ role: 'k8s-json', read: 'resources' });
    expect(cls('anything', '- apiVersion: v1\n  kind: Pod\n')).toMatchObject({ role: 'k8s-yaml', read: 'resources' });
    expect(cls('x/envoy.txt', 'plain words')).toMatchObject({ role: 'log', read: 'log', log: { component: 'istio-proxy' } });
    expect(cls('noext', '2024-03-01T10:00:00.000000Z\tinfo\tads\tconnected')).toMatchObject({ role: 'log', log: { component: 'unknown' } });
    expect(cls('ztunnel-abc.log', 'x')).toMatchObject({ log: { component: 'ztunnel' } });
    expect(classifyFile('img.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toMatchObject({ read: 'skip', reason: 'a PNG image: not read' });
    expect(classifyFile('bundle.tar.gz', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toMatchObject({ read: 'skip', reason: 'a zip archive nested two levels deep: archives are read to one level, not this one' });
    expect(classifyFile('x.log.16', new Uint8Array([0xff, 0xfe, 0x32, 0, 0x30, 0]))).toMatchObject({ read: 'skip', reason: 'UTF-16 text: not read (convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8)' });
    expect(classifyFile('blob', new Uint8Array([1, 2, 0, 3]))).toMatchObject({ read: 'skip', reason: 'unrecognised binary file' });
    expect(cls('mesh.yaml', 'defaultConfig:\n  discoveryAddress: x\n')).toMatchObject({ read: 'skip', reason: 'YAML without Kubernetes objects (no apiVersion/kind)' });
    expect(cls('empty')).toMatchObject({ read: 'skip', reason: 'empty file' });
  });
});

describe('detectLayout', () => {
  const br = (role: string): FileClass => ({ role, read: 'resources', layout: 'bug-report' });
  const loose = (role: string, read: FileClass['read']): FileClass => ({ role, read, layout: 'loose' });

  it('names the bug-report generation from its cluster files', () => {
    expect(detectLayout([br('k8s-resources'), br('describe-pods'), br('crs')])).toEqual({ format: 'istioctl-bug-report', formatVersion: '≤1.20' });
    expect(detectLayout([br('k8s-resources'), br('describe-nodes')])).toEqual({ format: 'istioctl-bug-report', formatVersion: '≤1.20' });
    expect(detectLayout([br('k8s-resources'), br('pods'), br('nodes')])).toEqual({ format: 'istioctl-bug-report', formatVersion: '1.21-1.29' });
    expect(detectLayout([br('k8s-resources'), br('k8s-cluster-resources'), br('pods')])).toEqual({ format: 'istioctl-bug-report', formatVersion: '1.30+' });
    expect(detectLayout([br('versions')])).toEqual({ format: 'istioctl-bug-report' });
  });

  it('names loose and mixed bundles', () => {
    expect(detectLayout([loose('k8s-yaml', 'resources'), loose('yaml', 'skip')])).toEqual({ format: 'kubectl-dump' });
    expect(detectLayout([loose('config-dump', 'record')])).toEqual({ format: 'envoy-config-dump' });
    expect(detectLayout([loose('log', 'log')])).toEqual({ format: 'logs' });
    expect(detectLayout([loose('log', 'log'), loose('k8s-json', 'resources')])).toEqual({ format: 'mixed' });
    expect(detectLayout([br('pods'), { role: 'container-log', read: 'log', layout: 'troubleshoot' }])).toEqual({ format: 'mixed' });
    expect(detectLayout([br('pods'), loose('log', 'log')])).toEqual({ format: 'istioctl-bug-report', formatVersion: '1.21-1.29' });
    expect(detectLayout([loose('text', 'skip')])).toEqual({ format: 'unknown' });
  });
});

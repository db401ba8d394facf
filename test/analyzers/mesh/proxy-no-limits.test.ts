import { describe, it } from 'vitest';
import analyzer from '../../../analyzers/rules/mesh/proxy-no-limits.js';
import { testAnalyzer } from '../../../analyzers/rules/tester.js';
import { pod, yaml } from '../fixtures.js';

const owned = (name: string, resources?: Record<string, unknown>) => {
  const p = pod('default', name, { labels: { app: 'reviews' }, sidecar: true, ...(resources ? { proxyResources: resources } : {}) });
  (p.metadata as Record<string, unknown>).ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'reviews-v1-abc', controller: true, uid: 'u1' }];
  return p;
};

testAnalyzer({ describe, it }, analyzer, {
  valid: [
    { name: 'limits set', yaml: yaml(owned('reviews-v1-abc-1', { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } })) },
    { name: 'no sidecar', yaml: yaml(pod('default', 'plain')) },
    // ztunnel's DaemonSet names its container istio-proxy (manifests/charts/ztunnel): the node proxy, not a sidecar
    { name: 'ztunnel pod', yaml: yaml(pod('istio-system', 'ztunnel-k7xdk', { labels: { app: 'ztunnel' }, sidecar: true })) },
    // waypoints carry gateway.istio.io/managed: istio.io-mesh-controller (istioctl waypoint apply)
    { name: 'waypoint pod', yaml: yaml(pod('shop', 'waypoint-7d9c', { labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' }, sidecar: true })) },
  ],
  invalid: [
    {
      name: 'replicas of one ReplicaSet give one finding',
      yaml: yaml(owned('reviews-v1-abc-1'), owned('reviews-v1-abc-2'), owned('reviews-v1-abc-3')),
      errors: [{ messageId: 'noLimits', resource: 'Pod default/reviews-v1-abc-1', data: { pods: 'default/reviews-v1-abc-1 and 2 other replicas', missing: 'memory or cpu', plural: 's' } }],
    },
    {
      name: 'memory limit only missing',
      yaml: yaml(pod('default', 'solo', { sidecar: true, proxyResources: { limits: { cpu: '1' } } })),
      errors: [{ messageId: 'noLimits', data: { pods: 'default/solo', missing: 'memory', plural: '' } }],
    },
  ],
});

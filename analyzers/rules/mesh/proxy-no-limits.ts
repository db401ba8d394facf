import { fullName, isRecord, nsOf } from '../../config/kinds/common.js';
import { meshRole, podTemplate, proxyContainer } from '../../config/kinds/pod.js';
import type { Resource } from '../../model/k8s.js';
import { defineAnalyzer } from '../define.js';

/** Pods grouped by their controller (ReplicaSet, StatefulSet…) so replicas give one finding. */
function ownerKey(pod: Resource): string {
  const owner = pod.obj.metadata?.ownerReferences?.find((o) => o.controller) ?? pod.obj.metadata?.ownerReferences?.[0];
  return owner ? `${nsOf(pod)}/${owner.kind}/${owner.name}` : `${nsOf(pod)}/Pod/${pod.name}`;
}

/**
 * An injected istio-proxy sidecar without memory or CPU limits: a config explosion or stats leak
 * grows it until node pressure evicts pods. Checked on Pods (templates are injected at admission);
 * replicas of one controller give one finding. A risk, not an outage cause. ztunnel and waypoint pods are not
 * sidecars (ztunnel's container is also named istio-proxy; both are sized by their own Helm values), so they
 * are left out.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/proxy-no-limits',
    code: 'MSH1040',
    category: 'resources',
    severity: 'warning',
    description: 'The istio-proxy sidecar has no resource limits',
    inputs: ['Pod'],
    messages: { noLimits: 'istio-proxy of {{pods}} has no {{missing}} limit{{plural}}: a sidecar that grows (large config, stats) is only stopped by node pressure.' },
    docs: 'docs/analyzers/mesh/proxy-no-limits.md',
    remediation: 'Set global.proxy.resources.limits (or the sidecar.istio.io/proxyMemoryLimit and proxyCPULimit annotations), and scope config with a Sidecar resource.',
  },
  analyze(ctx) {
    const groups = new Map<string, Array<{ pod: Resource; path: string; missing: string[] }>>();
    for (const pod of ctx.list('Pod')) {
      const proxy = proxyContainer(podTemplate(pod).spec);
      if (!proxy) continue;
      const role = meshRole(pod);
      if (role === 'ztunnel' || role === 'waypoint') continue;
      const limits = isRecord(proxy.c.resources) && isRecord(proxy.c.resources.limits) ? proxy.c.resources.limits : {};
      const missing = ['memory', 'cpu'].filter((k) => limits[k] === undefined);
      if (!missing.length) continue;
      const k = ownerKey(pod);
      groups.set(k, [...(groups.get(k) ?? []), { pod, path: `spec.${proxy.list}[${proxy.index}]`, missing }]);
    }
    for (const list of groups.values()) {
      const first = list[0];
      const pods = list.length > 1 ? `${fullName(first.pod)} and ${list.length - 1} other replica${list.length > 2 ? 's' : ''}` : fullName(first.pod);
      ctx.report({ messageId: 'noLimits', resource: first.pod, path: first.path, data: { pods, missing: first.missing.join(' or '), plural: first.missing.length > 1 ? 's' : '' } });
    }
  },
});

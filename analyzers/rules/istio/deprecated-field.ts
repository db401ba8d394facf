import { isRecord, listOf, specOf } from '../../config/kinds/common.js';
import { defineAnalyzer } from '../define.js';

/** Istio CRDs removed from the Istio charts (the rbac.istio.io API). */
const REMOVED_CRDS: ReadonlyArray<{ group: string; kind: string }> = ['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding'].map((kind) => ({ group: 'rbac.istio.io', kind }));

/** Istio `deprecation.DeprecationAnalyzer`: deprecated or ignored Istio fields and removed Istio CRDs. */
export default defineAnalyzer({
  meta: {
    id: 'istio/deprecated-field',
    code: 'IST0002',
    category: 'config',
    severity: 'warning',
    description: 'A resource uses a deprecated Istio field or a removed Istio type',
    inputs: ['VirtualService', 'Sidecar', 'CustomResourceDefinition'],
    messages: {
      replaced: 'Deprecated: {{field}} is deprecated; use {{replacement}}',
      ignored: 'Deprecated: {{field}} ignored',
      removed: 'Deprecated: Custom resource type {{group}} {{kind}} is removed',
    },
    docs: 'docs/analyzers/istio/deprecated-field.md',
    remediation: 'Move to the replacement field; delete CRDs of removed APIs after migrating their resources.',
    istioAnalyzer: ['deprecation.DeprecationAnalyzer'],
  },
  analyze(ctx) {
    for (const vs of ctx.list('VirtualService')) {
      listOf(specOf(vs).http).forEach((h, i) => {
        const delay = isRecord(h) && isRecord(h.fault) && isRecord(h.fault.delay) ? h.fault.delay : undefined;
        if (delay && typeof delay.percent === 'number' && delay.percent > 0) {
          ctx.report({ messageId: 'replaced', resource: vs, path: `spec.http[${i}].fault.delay.percent`, data: { field: 'HTTPRoute.fault.delay.percent', replacement: 'HTTPRoute.fault.delay.percentage' } });
        }
      });
    }
    for (const sc of ctx.list('Sidecar')) {
      const otp = specOf(sc).outboundTrafficPolicy;
      if (isRecord(otp) && isRecord(otp.egressProxy)) ctx.report({ messageId: 'ignored', resource: sc, path: 'spec.outboundTrafficPolicy.egressProxy', data: { field: 'OutboundTrafficPolicy.EgressProxy' } });
    }
    for (const crd of ctx.list('CustomResourceDefinition')) {
      const spec = specOf(crd);
      const kind = isRecord(spec.names) ? spec.names.kind : undefined;
      const hit = REMOVED_CRDS.find((r) => r.group === spec.group && r.kind === kind);
      if (hit) ctx.report({ messageId: 'removed', resource: crd, path: 'spec.names.kind', data: { group: hit.group, kind: hit.kind } });
    }
  },
});

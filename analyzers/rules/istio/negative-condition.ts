import { isRecord, listOf } from '../../config/kinds/common.js';
import { isKubernetesGateway } from '../../config/kinds/gateway.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `conditions.ConditionAnalyzer`: a status condition that is False (or PartiallyInvalid) on a
 * resource Istio reports status for. On Services only Istio's own condition types (`istio.io/…`) count.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/negative-condition',
    code: 'IST0171',
    category: 'config',
    severity: 'warning',
    description: 'A resource reports a status condition that is False',
    inputs: ['Service', 'ServiceEntry', 'AuthorizationPolicy'],
    optionalInputs: ['WorkloadEntry', 'Gateway', 'HTTPRoute', 'GRPCRoute'],
    messages: { negative: 'A condition with a negative status is present: type={{type}}, reason={{reason}}, message={{message}}.' },
    docs: 'docs/analyzers/istio/negative-condition.md',
    remediation: 'Read the condition message; it is istiod (or the Gateway controller) saying why it did not accept the resource.',
    istioAnalyzer: ['conditions.ConditionAnalyzer'],
  },
  analyze(ctx) {
    const resources = [
      ...ctx.list('Service'),
      ...ctx.list('ServiceEntry'),
      ...ctx.list('AuthorizationPolicy'),
      ...ctx.list('WorkloadEntry'),
      ...ctx.list('Gateway').filter(isKubernetesGateway),
      ...ctx.list('HTTPRoute'),
      ...ctx.list('GRPCRoute'),
    ];
    for (const r of resources) {
      const st = isRecord(r.obj.status) ? r.obj.status : {};
      const lists: Array<{ conds: unknown[]; path: string }> = [{ conds: listOf(st.conditions), path: 'status.conditions' }];
      listOf(st.parents).forEach((p, i) => lists.push({ conds: isRecord(p) ? listOf(p.conditions) : [], path: `status.parents[${i}].conditions` }));
      for (const { conds, path } of lists) {
        conds.forEach((c, i) => {
          if (!isRecord(c) || (String(c.status) !== 'False' && c.reason !== 'PartiallyInvalid')) return;
          if (r.kind === 'Service' && !String(c.type ?? '').startsWith('istio.io/')) return;
          ctx.report({ messageId: 'negative', resource: r, path: `${path}[${i}]`, data: { type: String(c.type ?? ''), reason: String(c.reason ?? ''), message: String(c.message ?? '') } });
        });
      }
    }
  },
});

import { isRecord, nsOf } from '../../config/kinds/common.js';
import { allPolicies, drExportTo, drHost } from '../../config/kinds/destinationrule.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio's default maxEjectionPercent (10%). */
const DEFAULT_MAX_EJECTION = 10;
const DEFAULT_CONSECUTIVE_ERRORS = 5;

/**
 * DestinationRule outlierDetection able to eject most of a service's hosts at once
 * (`maxEjectionPercent` ≥ 50, or enough to leave fewer than half of the pods behind the Service):
 * a burst of errors then empties the load-balancing pool and every request fails UH.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/outlier-ejects-most-hosts',
    code: 'MSH1003',
    category: 'routing',
    severity: 'warning',
    description: 'DestinationRule outlier detection can eject most hosts of the service',
    inputs: ['DestinationRule', 'Service', 'ServiceEntry', 'Pod'],
    messages: {
      ejectsMost: 'outlierDetection at {{where}} can eject {{percent}}% of hosts{{hosts}} after {{errors}} consecutive errors (baseEjectionTime {{ejection}}); an error burst can leave no healthy host (503 UH).',
    },
    docs: 'docs/analyzers/mesh/outlier-ejects-most-hosts.md',
    remediation: 'Lower maxEjectionPercent (Istio default 10), raise consecutive5xxErrors, or set minHealthPercent so ejection stops while few hosts are healthy.',
    rootCauses: ['outlier-ejection'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const reg = cfg.registry();
    for (const dr of ctx.list('DestinationRule')) {
      const entry = reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr));
      const pods = entry?.resource.kind === 'Service' ? cfg.podsForService(entry.resource).length : 0;
      for (const p of allPolicies(dr)) {
        const od = p.policy.outlierDetection;
        if (!isRecord(od)) continue;
        const percent = typeof od.maxEjectionPercent === 'number' ? od.maxEjectionPercent : DEFAULT_MAX_EJECTION;
        const ejectable = pods ? Math.floor((pods * percent) / 100) : 0;
        const most = percent >= 50 || (pods > 0 && ejectable >= Math.ceil(pods / 2));
        if (!most) continue;
        const errors = od.consecutive5xxErrors ?? od.consecutiveGatewayErrors ?? od.consecutiveErrors ?? DEFAULT_CONSECUTIVE_ERRORS;
        ctx.report({
          messageId: 'ejectsMost',
          resource: dr,
          path: `${p.path}.outlierDetection`,
          data: { where: p.path, percent, hosts: pods ? ` (up to ${Math.max(ejectable, 1)} of ${pods} pods)` : '', errors: String(errors), ejection: String(od.baseEjectionTime ?? '30s') },
          ...(entry ? { related: [entry.resource] } : {}),
        });
      }
    }
  },
});

import { fullName } from '../../config/kinds/common.js';
import { meshDeploymentsWithServices } from '../../config/kinds/deployment.js';
import { servicePorts } from '../../config/kinds/service.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `deployment.MultiServiceAnalyzer` (DeploymentConflictingPorts): one targetPort behind different Service ports. */
export default defineAnalyzer({
  meta: {
    id: 'istio/deployment-conflicting-ports',
    code: 'IST0137',
    category: 'routing',
    severity: 'warning',
    description: 'Services selecting the same Deployment map different ports to one targetPort',
    inputs: ['Service', 'Deployment', 'Namespace'],
    messages: { conflict: 'This deployment {{deployment}} is associated with multiple services [{{services}}] using targetPort "{{targetPort}}" but different ports: [{{ports}}].' },
    docs: 'docs/analyzers/istio/deployment-conflicting-ports.md',
    remediation: 'Use the same service port for a targetPort in every Service that selects these pods.',
    istioAnalyzer: ['deployment.MultiServiceAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const { deployment, services } of meshDeploymentsWithServices(ctx.list('Deployment'), ctx.list('Service'), (n) => cfg.namespace(n))) {
      const byTarget = new Map<string, Map<number, string>>();
      for (const s of services) {
        for (const p of servicePorts(s)) {
          const tp = p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? String(p.port) : String(p.targetPort);
          const m = byTarget.get(tp) ?? new Map<number, string>();
          m.set(p.port, fullName(s));
          byTarget.set(tp, m);
        }
      }
      for (const [targetPort, ports] of byTarget) {
        if (ports.size < 2) continue;
        ctx.report({
          messageId: 'conflict',
          resource: deployment,
          path: 'metadata.name',
          data: { deployment: deployment.name, services: [...ports.values()].sort().join(' '), targetPort, ports: [...ports.keys()].sort((a, b) => a - b).join(' ') },
        });
      }
    }
  },
});

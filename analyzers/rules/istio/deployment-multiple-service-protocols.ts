import { fullName } from '../../config/kinds/common.js';
import { meshDeploymentsWithServices } from '../../config/kinds/deployment.js';
import { servicePorts } from '../../config/kinds/service.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `deployment.MultiServiceAnalyzer` (DeploymentAssociatedToMultipleServices): one port, two protocols across Services. */
export default defineAnalyzer({
  meta: {
    id: 'istio/deployment-multiple-service-protocols',
    code: 'IST0116',
    category: 'routing',
    severity: 'warning',
    description: 'Services selecting the same Deployment use one port number with different protocols',
    inputs: ['Service', 'Deployment', 'Namespace'],
    messages: { conflict: 'This deployment {{deployment}} is associated with multiple services using port {{port}} but different protocols: [{{services}}]' },
    docs: 'docs/analyzers/istio/deployment-multiple-service-protocols.md',
    remediation: 'Give the port the same protocol in every Service that selects these pods, or use distinct ports.',
    rootCauses: ['protocol-misdetection'],
    istioAnalyzer: ['deployment.MultiServiceAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const { deployment, services } of meshDeploymentsWithServices(ctx.list('Deployment'), ctx.list('Service'), (n) => cfg.namespace(n))) {
      const byPort = new Map<number, Map<string, string[]>>();
      for (const s of services) {
        for (const p of servicePorts(s)) {
          const protos = byPort.get(p.port) ?? new Map<string, string[]>();
          protos.set(p.protocol || 'TCP', [...(protos.get(p.protocol || 'TCP') ?? []), fullName(s)]);
          byPort.set(p.port, protos);
        }
      }
      for (const [port, protos] of byPort) {
        if (protos.size < 2) continue;
        ctx.report({ messageId: 'conflict', resource: deployment, path: 'metadata.name', data: { deployment: deployment.name, port, services: [...protos.values()].flat().sort().join(' ') } });
      }
    }
  },
});

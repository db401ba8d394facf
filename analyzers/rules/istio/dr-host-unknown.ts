import { nsOf } from '../../config/kinds/common.js';
import { drExportTo, drHost } from '../../config/kinds/destinationrule.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `destinationrule.SubsetSelectPodAnalyzer` (UnknownDestinationRuleHost): a DestinationRule for a host no Service or ServiceEntry defines. */
export default defineAnalyzer({
  meta: {
    id: 'istio/dr-host-unknown',
    code: 'IST0174',
    category: 'routing',
    severity: 'warning',
    description: 'A DestinationRule host matches no Service or ServiceEntry',
    inputs: ['DestinationRule', 'Service', 'ServiceEntry'],
    messages: { unknownHost: 'The host {{host}} defined in the DestinationRule does not match any services in the mesh.' },
    docs: 'docs/analyzers/istio/dr-host-unknown.md',
    remediation: 'Fix the host (short names resolve in the DestinationRule namespace), or create the Service/ServiceEntry.',
    rootCauses: ['destination-host-not-found'],
    istioAnalyzer: ['destinationrule.SubsetSelectPodAnalyzer'],
  },
  analyze(ctx) {
    const reg = configOf(ctx).registry();
    for (const dr of ctx.list('DestinationRule')) {
      if (!reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr))) ctx.report({ messageId: 'unknownHost', resource: dr, path: 'spec.host', data: { host: drHost(dr) } });
    }
  },
});

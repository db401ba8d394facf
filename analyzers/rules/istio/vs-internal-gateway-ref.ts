import { fullName } from '../../config/kinds/common.js';
import { isInternalGatewayReference } from '../../config/kinds/gateway.js';
import { vsGateways } from '../../config/kinds/virtualservice.js';
import { defineAnalyzer } from '../define.js';

/** Istio `virtualservice.GatewayAnalyzer` (ReferencedInternalGateway): binding to a gateway Istio generates from a Gateway API Gateway. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-internal-gateway-ref',
    code: 'IST0165',
    category: 'gateway',
    severity: 'warning',
    description: 'A VirtualService references an implementation-generated internal gateway',
    inputs: ['VirtualService'],
    messages: { internal: 'Gateway reference in VirtualService {{virtualService}} is to an implementation-generated internal Gateway: {{gateway}}.' },
    docs: 'docs/analyzers/istio/vs-internal-gateway-ref.md',
    remediation: 'Reference the Gateway API Gateway with an HTTPRoute, or bind to an Istio Gateway you define.',
    istioAnalyzer: ['virtualservice.GatewayAnalyzer'],
  },
  analyze(ctx) {
    for (const vs of ctx.list('VirtualService')) {
      vsGateways(vs).forEach((gw, i) => {
        if (isInternalGatewayReference(gw)) ctx.report({ messageId: 'internal', resource: vs, path: `spec.gateways[${i}]`, data: { virtualService: fullName(vs), gateway: gw } });
      });
    }
  },
});

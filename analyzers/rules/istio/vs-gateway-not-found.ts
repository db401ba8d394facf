import { nsOf } from '../../config/kinds/common.js';
import { findGateway, isInternalGatewayReference } from '../../config/kinds/gateway.js';
import { MESH_GATEWAY, vsGateways } from '../../config/kinds/virtualservice.js';
import { defineAnalyzer } from '../define.js';

/** Istio `virtualservice.GatewayAnalyzer` (existence): every gateway a VirtualService binds to must exist. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-gateway-not-found',
    code: 'IST0101',
    category: 'gateway',
    severity: 'error',
    description: 'A VirtualService is bound to a gateway that does not exist',
    inputs: ['VirtualService', 'Gateway'],
    messages: { gatewayNotFound: 'Referenced gateway not found: "{{gateway}}"' },
    docs: 'docs/analyzers/istio/vs-gateway-not-found.md',
    remediation: 'Create the Gateway, or reference it as `<namespace>/<name>` when it lives in another namespace.',
    rootCauses: ['gateway-misconfigured'],
    istioAnalyzer: ['virtualservice.GatewayAnalyzer'],
  },
  analyze(ctx) {
    const gateways = ctx.list('Gateway');
    for (const vs of ctx.list('VirtualService')) {
      vsGateways(vs).forEach((gw, i) => {
        if (gw === MESH_GATEWAY || isInternalGatewayReference(gw)) return;
        if (!findGateway(gateways, nsOf(vs), gw)) ctx.report({ messageId: 'gatewayNotFound', resource: vs, path: `spec.gateways[${i}]`, data: { gateway: gw } });
      });
    }
  },
});

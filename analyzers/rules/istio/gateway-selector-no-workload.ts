import { labelsOf } from '../../config/kinds/common.js';
import { gatewaySelector, isIstioGateway } from '../../config/kinds/gateway.js';
import { matchesLabels, selectorString } from '../../config/labels.js';
import { defineAnalyzer } from '../define.js';

/** Istio `gateway.IngressGatewayPortAnalyzer` / `gateway.SecretAnalyzer` (selector): a Gateway whose selector matches no pod. */
export default defineAnalyzer({
  meta: {
    id: 'istio/gateway-selector-no-workload',
    code: 'IST0101',
    category: 'gateway',
    severity: 'error',
    description: 'A Gateway selector matches no gateway pod',
    inputs: ['Gateway', 'Pod'],
    messages: { noWorkload: 'Referenced selector not found: "{{selector}}"' },
    docs: 'docs/analyzers/istio/gateway-selector-no-workload.md',
    remediation: 'Fix the Gateway selector to match the labels of the gateway deployment pods (e.g. `istio: ingressgateway`), or deploy the gateway.',
    rootCauses: ['gateway-misconfigured'],
    istioAnalyzer: ['gateway.IngressGatewayPortAnalyzer', 'gateway.SecretAnalyzer'],
  },
  analyze(ctx) {
    const pods = ctx.list('Pod');
    for (const gw of ctx.list('Gateway')) {
      if (!isIstioGateway(gw)) continue;
      const sel = gatewaySelector(gw);
      if (!pods.some((p) => matchesLabels(sel, labelsOf(p)))) {
        ctx.report({ messageId: 'noWorkload', resource: gw, path: 'spec.selector', data: { selector: selectorString(sel) } });
      }
    }
  },
});

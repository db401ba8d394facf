import { labelsOf } from '../../config/kinds/common.js';
import { gatewaySelector, gatewayServers, isIstioGateway } from '../../config/kinds/gateway.js';
import { servicePorts } from '../../config/kinds/service.js';
import { matchesLabels, selectorString } from '../../config/labels.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * Istio `gateway.IngressGatewayPortAnalyzer`: each Gateway server port must be a port or targetPort of
 * a Service in front of the selected gateway pods (istiod maps a service port to its targetPort);
 * otherwise the listener is unreachable through it.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/gateway-port-not-on-service',
    code: 'IST0162',
    category: 'gateway',
    severity: 'warning',
    description: 'A Gateway listens on a port that the gateway Service does not expose',
    inputs: ['Gateway', 'Pod', 'Service'],
    messages: {
      portNotOnService: 'The gateway is listening on a target port (port {{port}}) that is not defined in the Service associated with its workload instances (Pod selector {{selector}}). If you need to access the gateway port through the gateway Service, it will not be available.',
    },
    docs: 'docs/analyzers/istio/gateway-port-not-on-service.md',
    remediation: 'Add the port to the gateway Service (targetPort = the Gateway server port), or change the server port to one the Service exposes.',
    rootCauses: ['gateway-misconfigured'],
    istioAnalyzer: ['gateway.IngressGatewayPortAnalyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const pods = ctx.list('Pod');
    for (const gw of ctx.list('Gateway')) {
      if (!isIstioGateway(gw)) continue;
      const sel = gatewaySelector(gw);
      const selected = pods.filter((p) => matchesLabels(sel, labelsOf(p)));
      if (!selected.length) continue;
      const ports = new Set<number>();
      for (const pod of selected) {
        for (const svc of cfg.servicesForPod(pod)) {
          for (const p of servicePorts(svc)) {
            if (p.protocol !== 'TCP') continue;
            ports.add(p.port);
            if (typeof p.targetPort === 'number' && p.targetPort !== 0) ports.add(p.targetPort);
          }
        }
      }
      for (const s of gatewayServers(gw)) {
        if (s.port?.number === undefined || ports.has(s.port.number)) continue;
        ctx.report({ messageId: 'portNotOnService', resource: gw, path: `spec.servers[${s.index}].port.number`, data: { port: s.port.number, selector: selectorString(sel) }, related: selected.slice(0, 1) });
      }
    }
  },
});

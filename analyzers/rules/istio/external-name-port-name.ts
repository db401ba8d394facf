import { nsOf } from '../../config/kinds/common.js';
import { IGNORED_NAMESPACES } from '../../config/kinds/namespace.js';
import { convertProtocol, isIstioControlPlane, servicePorts, serviceType } from '../../config/kinds/service.js';
import { defineAnalyzer } from '../define.js';

/** Istio `service.PortNameAnalyzer` (ExternalName): an ExternalName Service port named `tcp` or without a protocol. */
export default defineAnalyzer({
  meta: {
    id: 'istio/external-name-port-name',
    code: 'IST0150',
    category: 'routing',
    severity: 'warning',
    description: 'An ExternalName Service port name is invalid for Istio',
    inputs: ['Service'],
    messages: { badName: 'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly (port {{port}}, name "{{name}}").' },
    docs: 'docs/analyzers/istio/external-name-port-name.md',
    remediation: 'Name the port with its real protocol (http-, https-, tls-…), not `tcp`.',
    rootCauses: ['protocol-misdetection'],
    istioAnalyzer: ['service.PortNameAnalyzer'],
  },
  analyze(ctx) {
    for (const svc of ctx.list('Service')) {
      if (IGNORED_NAMESPACES.has(nsOf(svc)) || isIstioControlPlane(svc) || serviceType(svc) !== 'ExternalName') continue;
      for (const p of servicePorts(svc)) {
        if (convertProtocol(p) !== 'Unsupported' && p.name !== 'tcp') continue;
        ctx.report({ messageId: 'badName', resource: svc, path: `spec.ports[${p.index}]`, data: { port: p.port, name: p.name } });
      }
    }
  },
});

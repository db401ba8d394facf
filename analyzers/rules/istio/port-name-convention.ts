import { nsOf } from '../../config/kinds/common.js';
import { IGNORED_NAMESPACES } from '../../config/kinds/namespace.js';
import { convertProtocol, isIstioControlPlane, servicePorts, serviceType, targetPortString } from '../../config/kinds/service.js';
import { defineAnalyzer } from '../define.js';

/** Istio `service.PortNameAnalyzer`: a Service port whose name (or appProtocol) does not tell Istio its protocol. */
export default defineAnalyzer({
  meta: {
    id: 'istio/port-name-convention',
    code: 'IST0118',
    category: 'routing',
    severity: 'info',
    description: 'A Service port name does not follow Istio\'s protocol naming convention',
    inputs: ['Service'],
    messages: { badName: "Port name {{name}} (port: {{port}}, targetPort: {{targetPort}}) doesn't follow the naming convention of Istio port." },
    docs: 'docs/analyzers/istio/port-name-convention.md',
    remediation: 'Name the port `<protocol>[-<suffix>]` (http, http2, grpc, tcp, tls, https, mongo, mysql, redis…) or set appProtocol.',
    rootCauses: ['protocol-misdetection'],
    istioAnalyzer: ['service.PortNameAnalyzer'],
  },
  analyze(ctx) {
    for (const svc of ctx.list('Service')) {
      if (IGNORED_NAMESPACES.has(nsOf(svc)) || isIstioControlPlane(svc) || serviceType(svc) === 'ExternalName') continue;
      for (const p of servicePorts(svc)) {
        if (convertProtocol(p) !== 'Unsupported') continue;
        ctx.report({ messageId: 'badName', resource: svc, path: `spec.ports[${p.index}]`, data: { name: p.name, port: p.port, targetPort: targetPortString(p) } });
      }
    }
  },
});

import { nsOf } from '../../config/kinds/common.js';
import { mirrorDestinations, routeDestinations, vsExportTo } from '../../config/kinds/virtualservice.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `virtualservice.DestinationHostAnalyzer` (port part): a destination on a multi-port service must name its port. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-destination-port-required',
    code: 'IST0112',
    category: 'routing',
    severity: 'error',
    description: 'A VirtualService destination has no port but its service exposes several',
    inputs: ['VirtualService', 'Service', 'ServiceEntry'],
    messages: {
      portRequired: 'This VirtualService routes to a service "{{host}}" that exposes multiple ports [{{ports}}]. Specifying a port in the destination is required to disambiguate.',
    },
    docs: 'docs/analyzers/istio/vs-destination-port-required.md',
    remediation: 'Add `port.number` to the destination.',
    istioAnalyzer: ['virtualservice.DestinationHostAnalyzer'],
  },
  analyze(ctx) {
    const reg = configOf(ctx).registry();
    for (const vs of ctx.list('VirtualService')) {
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        if (d.destination.port !== undefined) continue;
        const entry = reg.lookup(nsOf(vs), vsExportTo(vs), d.destination.host);
        if (entry && entry.ports.length > 1) {
          ctx.report({ messageId: 'portRequired', resource: vs, path: `${d.path}.host`, data: { host: d.destination.host, ports: entry.ports.map((p) => p.number).join(' ') }, related: [entry.resource] });
        }
      }
    }
  },
});

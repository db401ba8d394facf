import { nsOf } from '../../config/kinds/common.js';
import { mirrorDestinations, routeDestinations, vsExportTo } from '../../config/kinds/virtualservice.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `virtualservice.DestinationHostAnalyzer` (host part): every destination host must resolve to a Service or ServiceEntry. */
export default defineAnalyzer({
  meta: {
    id: 'istio/vs-destination-host-not-found',
    code: 'IST0101',
    category: 'routing',
    severity: 'error',
    description: 'A VirtualService routes or mirrors to a host, or host:port, that no Service or ServiceEntry defines',
    inputs: ['VirtualService', 'Service', 'ServiceEntry'],
    messages: {
      hostNotFound: 'Referenced host not found: "{{host}}"',
      mirrorHostNotFound: 'Referenced mirror host not found: "{{host}}"',
      portNotFound: 'Referenced host:port not found: "{{host}}:{{port}}"',
    },
    docs: 'docs/analyzers/istio/vs-destination-host-not-found.md',
    remediation: 'Fix the host (short names resolve in the VirtualService namespace; other namespaces need the FQDN), create the Service/ServiceEntry, or check its exportTo.',
    rootCauses: ['destination-host-not-found'],
    istioAnalyzer: ['virtualservice.DestinationHostAnalyzer'],
  },
  analyze(ctx) {
    const reg = configOf(ctx).registry();
    for (const vs of ctx.list('VirtualService')) {
      const ns = nsOf(vs);
      const exportTo = vsExportTo(vs);
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        const host = d.destination.host;
        const entry = reg.lookup(ns, exportTo, host);
        const mirror = d.kind.startsWith('http.mirror');
        if (!entry) {
          ctx.report({ messageId: mirror ? 'mirrorHostNotFound' : 'hostNotFound', resource: vs, path: `${d.path}.host`, data: { host } });
        } else if (d.destination.port !== undefined && !entry.ports.some((p) => p.number === d.destination.port)) {
          ctx.report({ messageId: 'portNotFound', resource: vs, path: `${d.path}.port`, data: { host, port: d.destination.port }, related: [entry.resource] });
        }
      }
    }
  },
});

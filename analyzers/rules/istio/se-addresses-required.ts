import { seAddresses, sePorts, seStatusAddresses } from '../../config/kinds/serviceentry.js';
import { proxyMetadata } from '../../config/mesh.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `serviceentry.Analyzer` (ServiceEntryAddressesRequired): a TCP (or protocol-less) port on a
 * ServiceEntry without addresses; istiod cannot tell the services apart on that port unless DNS
 * capture auto-allocates addresses.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/se-addresses-required',
    code: 'IST0134',
    category: 'routing',
    severity: 'warning',
    description: 'A ServiceEntry with a TCP port has no addresses',
    inputs: ['ServiceEntry'],
    messages: { addressesRequired: 'ServiceEntry addresses are required for this protocol (port {{port}}).' },
    docs: 'docs/analyzers/istio/se-addresses-required.md',
    remediation: 'Add spec.addresses, or enable DNS capture with address auto-allocation (ISTIO_META_DNS_CAPTURE and ISTIO_META_DNS_AUTO_ALLOCATE).',
    istioAnalyzer: ['serviceentry.Analyzer'],
  },
  analyze(ctx) {
    const pm = proxyMetadata(ctx.mesh);
    const autoAllocated = pm.ISTIO_META_DNS_CAPTURE === 'true' && (pm.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || pm.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
    if (autoAllocated) return;
    for (const se of ctx.list('ServiceEntry')) {
      if (seAddresses(se) !== undefined || seStatusAddresses(se).length) continue;
      const tcp = sePorts(se).filter((p) => p.protocol === '' || p.protocol.toUpperCase() === 'TCP');
      if (tcp.length) ctx.report({ messageId: 'addressesRequired', resource: se, path: `spec.ports[${tcp[0].index}]`, data: { port: tcp.map((p) => p.number).join(', ') } });
    }
  },
});

import { EXPORT_ALL, exportScopes } from '../../config/exportto.js';
import { hostMatches, toFqdn } from '../../config/hosts.js';
import { fullName, nsOf } from '../../config/kinds/common.js';
import { attachedToMesh, vsExportTo, vsHosts } from '../../config/kinds/virtualservice.js';
import type { Resource } from '../../model/k8s.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * Istio `virtualservice.ConflictingMeshGatewayHostsAnalyzer`: two VirtualServices bound to the mesh
 * gateway that define the same host (within the namespaces they are exported to) give undefined routing.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/conflicting-mesh-gateway-hosts',
    code: 'IST0109',
    category: 'routing',
    severity: 'error',
    description: 'Several VirtualServices bound to the mesh gateway define the same host',
    inputs: ['VirtualService'],
    messages: {
      conflict: 'The VirtualServices {{virtualServices}} associated with mesh gateway define the same host {{host}} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
    },
    docs: 'docs/analyzers/istio/conflicting-mesh-gateway-hosts.md',
    remediation: 'Merge the VirtualServices for this host into one, or narrow their exportTo so each namespace sees one.',
    istioAnalyzer: ['virtualservice.ConflictingMeshGatewayHostsAnalyzer'],
  },
  analyze(ctx) {
    const domain = configOf(ctx).clusterDomain;
    const byScopedHost = new Map<string, Resource[]>();
    for (const vs of ctx.list('VirtualService')) {
      if (!attachedToMesh(vs)) continue;
      for (const scope of exportScopes(vsExportTo(vs), nsOf(vs))) {
        for (const h of vsHosts(vs)) {
          const k = `${scope}/${toFqdn(nsOf(vs), h, domain)}`;
          byScopedHost.set(k, [...(byScopedHost.get(k) ?? []), vs]);
        }
      }
    }
    const reported = new Set<Resource>();
    for (const [scoped, list] of byScopedHost) {
      const slash = scoped.indexOf('/');
      const scope = scoped.slice(0, slash);
      const host = scoped.slice(slash + 1);
      let all = list;
      if (scope !== EXPORT_ALL) {
        for (const [other, vss] of byScopedHost) {
          const os = other.indexOf('/');
          if (other.slice(0, os) === EXPORT_ALL && hostMatches(host, other.slice(os + 1))) all = [...all, ...vss];
        }
      }
      const distinct = [...new Set(all)];
      if (all.length < 2 || distinct.length < 2) continue;
      const names = distinct.map(fullName).join(',');
      for (const vs of distinct) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        ctx.report({ messageId: 'conflict', resource: vs, path: 'metadata.name', data: { virtualServices: names, host: scoped }, related: distinct.filter((x) => x !== vs) });
      }
    }
  },
});

import { isRecord, labelsOf, listOf } from '../../config/kinds/common.js';
import { defineAnalyzer } from '../define.js';

const KNOWN_REGISTRIES = ['Mock', 'Kubernetes', 'External'];

/**
 * Istio `meshnetworks.MeshNetworksAnalyzer`: a `fromRegistry` in meshNetworks that is neither a
 * built-in registry nor a remote cluster (a key of an `istio/multiCluster=true` Secret). The runner
 * presents meshNetworks as the resource `MeshNetworks istio-system/meshnetworks`, as istioctl does.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/mesh-networks-unknown-registry',
    code: 'IST0126',
    category: 'control-plane',
    severity: 'error',
    description: 'meshNetworks names a service registry that is not a known cluster',
    inputs: ['MeshNetworks'],
    optionalInputs: ['Secret'],
    messages: { unknownRegistry: 'Unknown service registry {{registry}} in network {{network}}' },
    docs: 'docs/analyzers/istio/mesh-networks-unknown-registry.md',
    remediation: 'Use the cluster name of a remote secret (istio/multiCluster=true) or Kubernetes as fromRegistry.',
    istioAnalyzer: ['meshnetworks.MeshNetworksAnalyzer'],
  },
  analyze(ctx) {
    const known = new Set(KNOWN_REGISTRIES);
    for (const s of ctx.list('Secret')) {
      if (labelsOf(s)['istio/multiCluster'] === 'true' && isRecord(s.obj.data)) for (const k of Object.keys(s.obj.data)) known.add(k);
    }
    for (const r of ctx.list('MeshNetworks')) {
      const spec = isRecord(r.obj.spec) ? r.obj.spec : {};
      const networks = isRecord(spec.networks) ? spec.networks : {};
      for (const [name, n] of Object.entries(networks)) {
        for (const e of isRecord(n) ? listOf(n.endpoints) : []) {
          if (isRecord(e) && typeof e.fromRegistry === 'string' && !known.has(e.fromRegistry)) {
            ctx.report({ messageId: 'unknownRegistry', resource: r, data: { registry: e.fromRegistry, network: name } });
          }
        }
      }
    }
  },
});

import { fullName, isRecord, labelsOf, nsOf } from '../../config/kinds/common.js';
import { allPolicies, drExportTo, drHost, drSubsets, tlsMode } from '../../config/kinds/destinationrule.js';
import { containers, podTemplate } from '../../config/kinds/pod.js';
import { servicePorts } from '../../config/kinds/service.js';
import { matchesLabels } from '../../config/labels.js';
import { PeerAuthIndex } from '../../config/mtls.js';
import type { Resource } from '../../model/k8s.js';
import { configOf, defineAnalyzer } from '../define.js';

/** The container port a Service port reaches on a pod (targetPort number, a named port resolved, or the port). */
function podPort(svc: Resource, port: number, pod: Resource): number {
  const sp = servicePorts(svc).find((p) => p.port === port);
  if (!sp || sp.targetPort === undefined || sp.targetPort === 0) return port;
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  for (const c of containers(podTemplate(pod).spec)) for (const cp of c.ports ?? []) if (isRecord(cp) && cp.name === sp.targetPort && typeof cp.containerPort === 'number') return cp.containerPort;
  return port;
}

/**
 * A DestinationRule that tells clients to send plaintext (`tls.mode: DISABLE`) or one-way TLS
 * (`SIMPLE`) to a workload whose PeerAuthentication is STRICT: the server requires Istio mTLS, so
 * every request through that rule fails.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/dr-tls-conflicts-strict',
    code: 'MSH1011',
    category: 'security',
    severity: 'error',
    description: 'A DestinationRule disables mTLS toward a workload that requires it (STRICT)',
    inputs: ['DestinationRule', 'PeerAuthentication', 'Pod', 'Service', 'ServiceEntry'],
    messages: {
      conflict: 'DestinationRule sets tls.mode {{mode}} at {{where}} for {{host}}, but PeerAuthentication {{policy}} makes pod {{pod}} STRICT{{port}}: the server rejects these connections.',
    },
    docs: 'docs/analyzers/mesh/dr-tls-conflicts-strict.md',
    remediation: 'Use tls.mode ISTIO_MUTUAL (or remove the tls block and let auto-mTLS decide), or relax the PeerAuthentication.',
    rootCauses: ['mtls-mode-conflict'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    const reg = cfg.registry();
    const pa = new PeerAuthIndex(ctx.list('PeerAuthentication'), ctx.mesh.rootNamespace);
    for (const dr of ctx.list('DestinationRule')) {
      const entry = reg.lookup(nsOf(dr), drExportTo(dr), drHost(dr));
      if (!entry || entry.resource.kind !== 'Service') continue;
      const svc = entry.resource;
      const pods = cfg.podsForService(svc);
      const subsets = new Map(drSubsets(dr).map((s) => [s.name, s.labels]));
      for (const p of allPolicies(dr)) {
        const mode = tlsMode(p.policy);
        if (mode !== 'DISABLE' && mode !== 'SIMPLE') continue;
        const targets = p.subset ? pods.filter((pod) => matchesLabels(subsets.get(p.subset!) ?? {}, labelsOf(pod))) : pods;
        for (const pod of targets) {
          const m = pa.forPod(pod);
          const ports = p.port !== undefined ? [p.port] : servicePorts(svc).map((x) => x.port);
          const strictPort = ports.find((sp) => {
            const override = m.ports.find((x) => x.port === podPort(svc, sp, pod));
            return (override ? override.mode : m.mode) === 'STRICT';
          });
          if (strictPort === undefined) continue;
          const override = m.ports.find((x) => x.port === podPort(svc, strictPort, pod));
          const source = override?.source ?? m.source!;
          ctx.report({
            messageId: 'conflict',
            resource: dr,
            path: `${p.path}.tls.mode`,
            data: { mode, where: p.path, host: drHost(dr), policy: fullName(source), pod: fullName(pod), port: ports.length === 1 || override ? ` on port ${podPort(svc, strictPort, pod)}` : '' },
            related: [source, pod],
          });
          break;
        }
      }
    }
  },
});

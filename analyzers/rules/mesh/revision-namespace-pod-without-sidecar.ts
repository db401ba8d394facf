import { fullName, labelsOf, nsOf } from '../../config/kinds/common.js';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../../config/kinds/namespace.js';
import { hasIstioProxy, injectDisabled, podInAmbient, podTemplate } from '../../config/kinds/pod.js';
import { configOf, defineAnalyzer } from '../define.js';

/**
 * A pod without the sidecar in a namespace labelled for injection by revision (`istio.io/rev`), which
 * istioctl's IST0103 does not cover: the pod was created while injection failed (webhook down, wrong
 * revision) or before the label, and is outside the mesh.
 */
export default defineAnalyzer({
  meta: {
    id: 'mesh/revision-namespace-pod-without-sidecar',
    code: 'MSH1041',
    category: 'injection',
    severity: 'warning',
    description: 'A pod in a namespace labelled for revision-based injection has no sidecar',
    inputs: ['Namespace', 'Pod'],
    messages: { noSidecar: 'Pod {{pod}} has no istio-proxy although namespace {{namespace}} is labelled istio.io/rev={{revision}}.' },
    docs: 'docs/analyzers/mesh/revision-namespace-pod-without-sidecar.md',
    remediation: 'Check that the revision exists (istioctl tag list / x revision list) and its webhook works, then restart the workload.',
    rootCauses: ['sidecar-not-injected'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const pod of ctx.list('Pod')) {
      const ns = cfg.namespace(nsOf(pod));
      if (!ns) continue;
      const l = labelsOf(ns);
      if (l[REVISION_LABEL] === undefined || l[INJECTION_LABEL] !== undefined || l[DATAPLANE_MODE_LABEL] === 'ambient') continue;
      const t = podTemplate(pod);
      if (injectDisabled(t) || t.spec.hostNetwork === true || podInAmbient(pod) || hasIstioProxy(t.spec)) continue;
      ctx.report({ messageId: 'noSidecar', resource: pod, path: 'spec.containers', data: { pod: fullName(pod), namespace: ns.name, revision: l[REVISION_LABEL] }, related: [ns] });
    }
  },
});

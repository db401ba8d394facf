import { fullName, labelsOf, nsOf } from '../../config/kinds/common.js';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL } from '../../config/kinds/namespace.js';
import { hasIstioProxy, injectDisabled, podTemplate } from '../../config/kinds/pod.js';
import { configOf, defineAnalyzer } from '../define.js';

/** Istio `injection.Analyzer` (PodMissingProxy): a pod in an `istio-injection=enabled` namespace without the sidecar. */
export default defineAnalyzer({
  meta: {
    id: 'istio/pod-missing-proxy',
    code: 'IST0103',
    category: 'injection',
    severity: 'warning',
    description: 'A pod in an injection-enabled namespace has no istio-proxy sidecar',
    inputs: ['Namespace', 'Pod'],
    messages: { missingProxy: 'The pod {{pod}} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.' },
    docs: 'docs/analyzers/istio/pod-missing-proxy.md',
    remediation: 'Restart the workload (kubectl rollout restart) so the injector adds the sidecar; if injection keeps failing, check the injection webhook and istiod.',
    rootCauses: ['sidecar-not-injected'],
    istioAnalyzer: ['injection.Analyzer'],
  },
  analyze(ctx) {
    const cfg = configOf(ctx);
    for (const pod of ctx.list('Pod')) {
      const ns = cfg.namespace(nsOf(pod));
      if (!ns || ns.name === ctx.mesh.rootNamespace) continue;
      const l = labelsOf(ns);
      if (l[DATAPLANE_MODE_LABEL] === 'ambient' || l[INJECTION_LABEL] !== 'enabled') continue;
      const t = podTemplate(pod);
      if (injectDisabled(t) || t.spec.hostNetwork === true) continue;
      if (!hasIstioProxy(t.spec)) ctx.report({ messageId: 'missingProxy', resource: pod, path: 'spec.containers', data: { pod: fullName(pod) }, related: [ns] });
    }
  },
});

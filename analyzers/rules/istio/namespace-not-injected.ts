import { labelsOf } from '../../config/kinds/common.js';
import { enableNamespacesByDefault, injectorConfigMapName } from '../../config/kinds/injector.js';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../../config/kinds/namespace.js';
import { defineAnalyzer } from '../define.js';

/** Istio `injection.Analyzer` (NamespaceNotInjected): a namespace with no injection label and no ambient mode. */
export default defineAnalyzer({
  meta: {
    id: 'istio/namespace-not-injected',
    code: 'IST0102',
    category: 'injection',
    severity: 'info',
    description: 'A namespace is not enabled for Istio injection',
    inputs: ['Namespace', 'ConfigMap'],
    messages: {
      notInjected: "The namespace is not enabled for Istio injection. Run 'kubectl label namespace {{namespace}} istio-injection=enabled' to enable it, or 'kubectl label namespace {{namespace}} istio-injection=disabled' to explicitly mark it as not needing injection.",
    },
    docs: 'docs/analyzers/istio/namespace-not-injected.md',
    remediation: 'Label the namespace istio-injection=enabled (or istio.io/rev=<revision>), or istio-injection=disabled when it is meant to stay out of the mesh.',
    rootCauses: ['sidecar-not-injected'],
    istioAnalyzer: ['injection.Analyzer'],
  },
  analyze(ctx) {
    const cms = ctx.list('ConfigMap');
    for (const ns of ctx.list('Namespace')) {
      if (ns.name === ctx.mesh.rootNamespace) continue;
      const l = labelsOf(ns);
      if (l[DATAPLANE_MODE_LABEL] === 'ambient') continue;
      if (l[INJECTION_LABEL] || l[REVISION_LABEL] !== undefined) continue;
      const cm = cms.find((c) => c.name === injectorConfigMapName(undefined));
      if (cm && enableNamespacesByDefault(cm)) continue;
      ctx.report({ messageId: 'notInjected', resource: ns, path: 'metadata.name', data: { namespace: ns.name } });
    }
  },
});

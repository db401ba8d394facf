import { labelsOf } from '../../config/kinds/common.js';
import { enableNamespacesByDefault, injectorConfigMapName } from '../../config/kinds/injector.js';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../../config/kinds/namespace.js';
import { defineAnalyzer } from '../define.js';

/** Istio `injection.Analyzer` (NamespaceInjectionEnabledByDefault): an unlabelled namespace injected because of enableNamespacesByDefault. */
export default defineAnalyzer({
  meta: {
    id: 'istio/namespace-injection-enabled-by-default',
    code: 'IST0148',
    category: 'injection',
    severity: 'info',
    description: 'An unlabelled namespace is injected because the injector enables namespaces by default',
    inputs: ['Namespace', 'ConfigMap'],
    messages: { enabledByDefault: 'Namespace {{namespace}} is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.' },
    docs: 'docs/analyzers/istio/namespace-injection-enabled-by-default.md',
    remediation: 'Label namespaces that must stay out of the mesh istio-injection=disabled.',
    istioAnalyzer: ['injection.Analyzer'],
  },
  analyze(ctx) {
    const cm = ctx.list('ConfigMap').find((c) => c.name === injectorConfigMapName(undefined));
    if (!cm || !enableNamespacesByDefault(cm)) return;
    for (const ns of ctx.list('Namespace')) {
      if (ns.name === ctx.mesh.rootNamespace) continue;
      const l = labelsOf(ns);
      if (l[DATAPLANE_MODE_LABEL] === 'ambient' || l[INJECTION_LABEL] || l[REVISION_LABEL] !== undefined) continue;
      ctx.report({ messageId: 'enabledByDefault', resource: ns, path: 'metadata.name', data: { namespace: ns.name } });
    }
  },
});

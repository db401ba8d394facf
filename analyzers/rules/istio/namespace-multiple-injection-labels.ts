import { labelsOf } from '../../config/kinds/common.js';
import { DATAPLANE_MODE_LABEL, INJECTION_LABEL, REVISION_LABEL } from '../../config/kinds/namespace.js';
import { defineAnalyzer } from '../define.js';

/** Istio `injection.Analyzer` (NamespaceMultipleInjectionLabels): injection, revision and dataplane-mode labels together. */
export default defineAnalyzer({
  meta: {
    id: 'istio/namespace-multiple-injection-labels',
    code: 'IST0123',
    category: 'injection',
    severity: 'warning',
    description: 'A namespace has more than one kind of injection label',
    inputs: ['Namespace'],
    messages: { multiple: 'The namespace has more than one type of injection labels [{{labels}}], which may lead to undefined behavior. Make sure only one injection label exists.' },
    docs: 'docs/analyzers/istio/namespace-multiple-injection-labels.md',
    remediation: 'Keep one of istio-injection, istio.io/rev and istio.io/dataplane-mode on the namespace.',
    rootCauses: ['sidecar-not-injected'],
    istioAnalyzer: ['injection.Analyzer'],
  },
  analyze(ctx) {
    for (const ns of ctx.list('Namespace')) {
      if (ns.name === ctx.mesh.rootNamespace) continue;
      const l = labelsOf(ns);
      const inj = l[INJECTION_LABEL];
      const labels = inj !== undefined ? [`${INJECTION_LABEL}=${inj}`] : [];
      for (const k of [REVISION_LABEL, DATAPLANE_MODE_LABEL]) {
        if (l[k] !== undefined && (inj === undefined || inj === 'enabled')) labels.push(`${k}=${l[k]}`);
      }
      if (labels.length > 1) ctx.report({ messageId: 'multiple', resource: ns, path: 'metadata.labels', data: { labels: labels.join(' ') } });
    }
  },
});

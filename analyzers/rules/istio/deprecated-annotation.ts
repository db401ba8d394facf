import { annotationsOf, labelsOf } from '../../config/kinds/common.js';
import { ANNOTATED_KINDS, ANNOTATIONS, DEPRECATION_EXTRA, isIstioAnnotation } from '../../config/annotations.js';
import { SIDECAR_INJECT } from '../../config/kinds/pod.js';
import { defineAnalyzer } from '../define.js';

/** Istio `annotations.K8sAnalyzer` (DeprecatedAnnotation): an Istio annotation that is deprecated. */
export default defineAnalyzer({
  meta: {
    id: 'istio/deprecated-annotation',
    code: 'IST0135',
    category: 'config',
    severity: 'info',
    description: 'A deprecated Istio annotation is in use',
    inputs: ['Namespace', 'Service', 'Pod', 'Deployment'],
    messages: { deprecated: 'Annotation "{{annotation}}" has been deprecated{{extra}} and may not work in future Istio versions.' },
    docs: 'docs/analyzers/istio/deprecated-annotation.md',
    remediation: 'Replace the annotation with its successor (see the Istio annotation reference).',
    istioAnalyzer: ['annotations.K8sAnalyzer'],
  },
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS) {
      for (const r of ctx.list(kind)) {
        for (const name of Object.keys(annotationsOf(r))) {
          const def = isIstioAnnotation(name) ? ANNOTATIONS[name] : undefined;
          if (!def?.deprecated) continue;
          if (name === SIDECAR_INJECT && labelsOf(r)[SIDECAR_INJECT] !== undefined) continue;
          ctx.report({ messageId: 'deprecated', resource: r, path: `metadata.annotations["${name}"]`, data: { annotation: name, extra: DEPRECATION_EXTRA[name] ?? '' } });
        }
      }
    }
  },
});

import { annotationsOf } from '../../config/kinds/common.js';
import { ANNOTATED_KINDS, ANNOTATIONS, isIstioAnnotation } from '../../config/annotations.js';
import { defineAnalyzer } from '../define.js';

/** Istio `annotations.K8sAnalyzer` (UnknownAnnotation): an annotation in Istio's namespace that Istio does not define (usually a typo). */
export default defineAnalyzer({
  meta: {
    id: 'istio/unknown-annotation',
    code: 'IST0108',
    category: 'config',
    severity: 'warning',
    description: 'An Istio annotation is not recognized for any kind of resource',
    inputs: ['Namespace', 'Service', 'Pod', 'Deployment'],
    messages: { unknown: 'Unknown annotation: {{annotation}}' },
    docs: 'docs/analyzers/istio/unknown-annotation.md',
    remediation: 'Fix the annotation name (see istio.io/latest/docs/reference/config/annotations/); a typo means the setting is silently ignored.',
    istioAnalyzer: ['annotations.K8sAnalyzer'],
  },
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS) {
      for (const r of ctx.list(kind)) {
        for (const name of Object.keys(annotationsOf(r))) {
          if (isIstioAnnotation(name) && !ANNOTATIONS[name]) ctx.report({ messageId: 'unknown', resource: r, path: `metadata.annotations["${name}"]`, data: { annotation: name } });
        }
      }
    }
  },
});

import { annotationsOf } from '../../config/kinds/common.js';
import { ANNOTATED_KINDS, ANNOTATIONS, isIstioAnnotation } from '../../config/annotations.js';
import { defineAnalyzer } from '../define.js';

/** Istio `annotations.K8sAnalyzer` (MisplacedAnnotation): an Istio annotation on a kind it does not apply to (e.g. a pod annotation on a Deployment). */
export default defineAnalyzer({
  meta: {
    id: 'istio/misplaced-annotation',
    code: 'IST0107',
    category: 'config',
    severity: 'warning',
    description: 'An Istio annotation is applied to the wrong kind of resource',
    inputs: ['Namespace', 'Service', 'Pod', 'Deployment'],
    messages: { misplaced: 'Misplaced annotation: {{annotation}} can only be applied to {{kinds}}' },
    docs: 'docs/analyzers/istio/misplaced-annotation.md',
    remediation: 'Move the annotation to the kind it applies to; pod annotations belong on spec.template.metadata of a Deployment, not on the Deployment itself.',
    istioAnalyzer: ['annotations.K8sAnalyzer'],
  },
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS) {
      for (const r of ctx.list(kind)) {
        for (const name of Object.keys(annotationsOf(r))) {
          const def = isIstioAnnotation(name) ? ANNOTATIONS[name] : undefined;
          if (!def || def.resources.includes('Any') || def.resources.includes(kind)) continue;
          ctx.report({ messageId: 'misplaced', resource: r, path: `metadata.annotations["${name}"]`, data: { annotation: name, kinds: def.resources.join(', ') } });
        }
      }
    }
  },
});

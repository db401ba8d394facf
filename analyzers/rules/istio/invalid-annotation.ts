import { annotationsOf } from '../../config/kinds/common.js';
import { ANNOTATED_KINDS, ANNOTATION_VALIDATION, ANNOTATIONS } from '../../config/annotations.js';
import { defineAnalyzer } from '../define.js';

/** Istio `annotations.K8sAnalyzer` (InvalidAnnotation): an Istio annotation whose value the injector rejects. */
export default defineAnalyzer({
  meta: {
    id: 'istio/invalid-annotation',
    code: 'IST0125',
    category: 'config',
    severity: 'warning',
    description: 'An Istio annotation has a value Istio rejects',
    inputs: ['Namespace', 'Service', 'Pod', 'Deployment'],
    messages: { invalid: 'Invalid annotation {{annotation}}: {{problem}}' },
    docs: 'docs/analyzers/istio/invalid-annotation.md',
    remediation: 'Fix the annotation value to the documented format (ports, CIDRs, durations in seconds, Kubernetes quantities).',
    rootCauses: ['injection-webhook-failure'],
    istioAnalyzer: ['annotations.K8sAnalyzer'],
  },
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS) {
      for (const r of ctx.list(kind)) {
        for (const [name, value] of Object.entries(annotationsOf(r))) {
          const def = ANNOTATIONS[name];
          if (!def || !(def.resources.includes('Any') || def.resources.includes(kind))) continue;
          const problem = ANNOTATION_VALIDATION[name]?.(value);
          if (problem) ctx.report({ messageId: 'invalid', resource: r, path: `metadata.annotations["${name}"]`, data: { annotation: name, problem } });
        }
      }
    }
  },
});

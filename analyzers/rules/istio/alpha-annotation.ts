import { annotationsOf, isRecord } from '../../config/kinds/common.js';
import { ANNOTATED_KINDS, ANNOTATIONS, isIstioAnnotation } from '../../config/annotations.js';
import { initContainers } from '../../config/kinds/pod.js';
import { defineAnalyzer } from '../define.js';

/** Annotations istiod itself sets on injected pods when istio-cni is used; not worth a warning then. */
const SET_BY_DEFAULT = new Set(['sidecar.istio.io/interceptionMode', 'traffic.sidecar.istio.io/includeInboundPorts', 'traffic.sidecar.istio.io/excludeInboundPorts', 'traffic.sidecar.istio.io/includeOutboundIPRanges']);

/** Annotations Istio writes itself (injection status, the revision that injected, ambient enrolment); users did not choose them. */
const SET_BY_ISTIO = new Set(['sidecar.istio.io/status', 'istio.io/rev', 'ambient.istio.io/redirection']);

/**
 * Istio `annotations.AlphaAnalyzer`: an alpha-phase annotation is in use. Off by default, as in
 * istioctl, because injected pods carry several.
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/alpha-annotation',
    code: 'IST0136',
    category: 'config',
    severity: 'info',
    description: 'An annotation of an alpha-phase Istio feature is in use',
    inputs: ['Namespace', 'Service', 'Pod', 'Deployment'],
    messages: { alpha: 'Annotation "{{annotation}}" is part of an alpha-phase feature and may be incompletely supported.' },
    docs: 'docs/analyzers/istio/alpha-annotation.md',
    remediation: 'Prefer a stable API for the setting where one exists.',
    istioAnalyzer: ['annotations.AlphaAnalyzer'],
    defaultEnabled: false,
  },
  analyze(ctx) {
    for (const kind of ANNOTATED_KINDS) {
      for (const r of ctx.list(kind)) {
        const cni = kind === 'Pod' && !initContainers(isRecord(r.obj.spec) ? r.obj.spec : {}).some((c) => c.name === 'istio-init');
        for (const name of Object.keys(annotationsOf(r))) {
          const def = isIstioAnnotation(name) ? ANNOTATIONS[name] : undefined;
          if (!def || def.status !== 'Alpha' || SET_BY_ISTIO.has(name) || (cni && SET_BY_DEFAULT.has(name))) continue;
          ctx.report({ messageId: 'alpha', resource: r, path: `metadata.annotations["${name}"]`, data: { annotation: name } });
        }
      }
    }
  },
});

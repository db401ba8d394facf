import { containers, PROXY_CONTAINER } from '../../config/kinds/pod.js';
import { isRecord } from '../../config/kinds/common.js';
import { defineAnalyzer } from '../define.js';

/** Istio `injection.ImageAutoAnalyzer` (error): a Pod still has the `image: auto` placeholder, so injection did not run on it. */
export default defineAnalyzer({
  meta: {
    id: 'istio/image-auto-pod',
    code: 'IST0147',
    category: 'injection',
    severity: 'error',
    description: 'A Pod has an istio-proxy container with `image: auto` that injection never replaced',
    inputs: ['Pod'],
    messages: { imageAuto: 'Pod {{name}} contains `image: auto` but does not match any Istio injection webhook selectors.' },
    docs: 'docs/analyzers/istio/image-auto-pod.md',
    remediation: 'Enable injection for the pod (namespace label or pod label matching the injection webhook) and recreate it.',
    rootCauses: ['sidecar-not-injected'],
    istioAnalyzer: ['injection.ImageAutoAnalyzer'],
  },
  analyze(ctx) {
    for (const pod of ctx.list('Pod')) {
      const spec = isRecord(pod.obj.spec) ? pod.obj.spec : {};
      const i = containers(spec).findIndex((c) => c.name === PROXY_CONTAINER && c.image === 'auto');
      if (i >= 0) ctx.report({ messageId: 'imageAuto', resource: pod, path: `spec.containers[${i}].image`, data: { name: pod.name } });
    }
  },
});

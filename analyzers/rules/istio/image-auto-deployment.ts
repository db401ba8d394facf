import { labelsOf, nsOf } from '../../config/kinds/common.js';
import { containers, podTemplate, PROXY_CONTAINER } from '../../config/kinds/pod.js';
import { webhooksOf } from '../../config/kinds/webhook.js';
import { matchesLabelSelector } from '../../config/labels.js';
import { defineAnalyzer } from '../define.js';

/** Istio `injection.ImageAutoAnalyzer` (warning): a Deployment with `image: auto` that no Istio injection webhook would match. */
export default defineAnalyzer({
  meta: {
    id: 'istio/image-auto-deployment',
    code: 'IST0146',
    category: 'injection',
    severity: 'warning',
    description: 'A Deployment uses `image: auto` for istio-proxy but no Istio injection webhook selects its pods',
    inputs: ['Namespace', 'Deployment', 'MutatingWebhookConfiguration'],
    messages: { imageAuto: 'Deployment {{name}} contains `image: auto` but does not match any Istio injection webhook selectors.' },
    docs: 'docs/analyzers/istio/image-auto-deployment.md',
    remediation: 'Label the namespace or the pod template so an Istio injection webhook matches, or set a real image.',
    rootCauses: ['sidecar-not-injected'],
    istioAnalyzer: ['injection.ImageAutoAnalyzer'],
  },
  analyze(ctx) {
    const hooks = ctx.list('MutatingWebhookConfiguration').flatMap(webhooksOf).filter((h) => h.name.endsWith('istio.io'));
    for (const d of ctx.list('Deployment')) {
      const t = podTemplate(d);
      const i = containers(t.spec).findIndex((c) => c.name === PROXY_CONTAINER && c.image === 'auto');
      if (i < 0) continue;
      const ns = ctx.find('Namespace', undefined, nsOf(d) || 'default');
      const nsLabels = ns ? labelsOf(ns) : {};
      if (!hooks.some((h) => matchesLabelSelector(h.namespaceSelector, nsLabels) && matchesLabelSelector(h.objectSelector, t.labels))) {
        ctx.report({ messageId: 'imageAuto', resource: d, path: `spec.template.spec.containers[${i}].image`, data: { name: d.name } });
      }
    }
  },
});

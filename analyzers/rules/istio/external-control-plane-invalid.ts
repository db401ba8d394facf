import { isIstioInjectionWebhook, isIstioValidatingWebhook, webhooksOf } from '../../config/kinds/webhook.js';
import { webhookUrlHost } from '../../config/webhook-url.js';
import { defineAnalyzer } from '../define.js';

/**
 * Istio `externalcontrolplane.ExternalControlPlaneAnalyzer` (InvalidExternalControlPlaneConfig): an
 * Istio webhook with neither a URL nor a service, or with a URL that does not parse. (istioctl also
 * resolves the hostname by DNS; offline, meshlens cannot.)
 */
export default defineAnalyzer({
  meta: {
    id: 'istio/external-control-plane-invalid',
    code: 'IST0163',
    category: 'control-plane',
    severity: 'warning',
    description: 'An Istio webhook for an external control plane has a blank or malformed URL',
    inputs: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    messages: { invalid: 'The hostname ({{hostname}}) that was provided for the webhook ({{webhook}}) to reach the ingress gateway on the external control plane cluster {{problem}}. Traffic may not flow properly.' },
    docs: 'docs/analyzers/istio/external-control-plane-invalid.md',
    remediation: 'Set clientConfig.url to the external istiod (or its gateway) hostname, or clientConfig.service for an in-cluster istiod.',
    rootCauses: ['injection-webhook-failure'],
    istioAnalyzer: ['externalcontrolplane.ExternalControlPlaneAnalyzer'],
  },
  analyze(ctx) {
    const cfgs = [...ctx.list('ValidatingWebhookConfiguration').filter(isIstioValidatingWebhook), ...ctx.list('MutatingWebhookConfiguration').filter(isIstioInjectionWebhook)];
    for (const cfg of cfgs) {
      for (const h of webhooksOf(cfg)) {
        const url = h.clientConfig.url;
        if (url === undefined) {
          if (!h.clientConfig.service) ctx.report({ messageId: 'invalid', resource: cfg, path: `webhooks[${h.index}].clientConfig`, data: { hostname: '', webhook: h.name, problem: 'is blank' } });
        } else if (webhookUrlHost(url).kind === 'invalid') {
          ctx.report({ messageId: 'invalid', resource: cfg, path: `webhooks[${h.index}].clientConfig.url`, data: { hostname: url, webhook: h.name, problem: 'was provided in an invalid format' } });
        }
      }
    }
  },
});

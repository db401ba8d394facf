import { isIstioInjectionWebhook, isIstioValidatingWebhook, webhooksOf } from '../../config/kinds/webhook.js';
import { webhookUrlHost } from '../../config/webhook-url.js';
import { defineAnalyzer } from '../define.js';

/** Istio `externalcontrolplane.ExternalControlPlaneAnalyzer` (ExternalControlPlaneAddressIsNotAHostname): a webhook URL that is an IP address. */
export default defineAnalyzer({
  meta: {
    id: 'istio/external-control-plane-ip',
    code: 'IST0164',
    category: 'control-plane',
    severity: 'info',
    description: 'An Istio webhook reaches the external control plane by IP address rather than hostname',
    inputs: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
    messages: { ip: 'The address ({{hostname}}) that was provided for the webhook ({{webhook}}) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.' },
    docs: 'docs/analyzers/istio/external-control-plane-ip.md',
    remediation: 'Use a DNS name for the external control plane in the webhook URL.',
    istioAnalyzer: ['externalcontrolplane.ExternalControlPlaneAnalyzer'],
  },
  analyze(ctx) {
    const cfgs = [...ctx.list('ValidatingWebhookConfiguration').filter(isIstioValidatingWebhook), ...ctx.list('MutatingWebhookConfiguration').filter(isIstioInjectionWebhook)];
    for (const cfg of cfgs) {
      for (const h of webhooksOf(cfg)) {
        if (h.clientConfig.url !== undefined && webhookUrlHost(h.clientConfig.url).kind === 'ip') {
          ctx.report({ messageId: 'ip', resource: cfg, path: `webhooks[${h.index}].clientConfig.url`, data: { hostname: h.clientConfig.url, webhook: h.name } });
        }
      }
    }
  },
});

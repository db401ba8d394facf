/** Mutating/ValidatingWebhookConfiguration model: webhooks with their selectors and client config. */
import type { Resource } from '../../model/k8s.js';
import type { LabelSelector } from '../labels.js';
import { isRecord, listOf, str } from './common.js';

export interface Webhook {
  name: string;
  index: number;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  clientConfig: { url?: string; service?: { namespace?: string; name?: string; port?: number } };
}

export function webhooksOf(r: Resource): Webhook[] {
  return listOf(r.obj.webhooks)
    .map((w, index) => ({ w, index }))
    .filter(({ w }) => isRecord(w))
    .map(({ w, index }) => {
      const cc = isRecord(w.clientConfig) ? w.clientConfig : {};
      const svc = isRecord(cc.service) ? cc.service : undefined;
      return {
        name: str(w.name) ?? '',
        index,
        ...(isRecord(w.namespaceSelector) ? { namespaceSelector: w.namespaceSelector as LabelSelector } : {}),
        ...(isRecord(w.objectSelector) ? { objectSelector: w.objectSelector as LabelSelector } : {}),
        clientConfig: {
          ...(str(cc.url) !== undefined ? { url: str(cc.url) } : {}),
          ...(svc ? { service: { namespace: str(svc.namespace), name: str(svc.name), port: typeof svc.port === 'number' ? svc.port : undefined } } : {}),
        },
      };
    });
}

/** Istio's validating webhook configurations (`istiod-default-validator`, `istio-validator[-rev]-<ns>`). */
export function isIstioValidatingWebhook(r: Resource): boolean {
  return r.name === 'istiod-default-validator' || r.name.startsWith('istio-validator');
}

/** Istio's injection webhook configurations (`istio-sidecar-injector[-rev][-<ns>]`). */
export function isIstioInjectionWebhook(r: Resource): boolean {
  return r.name.startsWith('istio-sidecar-injector');
}

/**
 * The sidecar injector ConfigMap (`istio-sidecar-injector[-<revision>]`, key `values`: the Helm
 * values as JSON): proxy image and `sidecarInjectorWebhook.enableNamespacesByDefault`.
 */
import type { Resource } from '../../model/k8s.js';
import { isRecord } from './common.js';

export const INJECTOR_CONFIGMAP = 'istio-sidecar-injector';

/** Injector ConfigMap name for a revision (`default` and "" are the unrevisioned one). */
export function injectorConfigMapName(revision: string | undefined): string {
  return !revision || revision === 'default' ? INJECTOR_CONFIGMAP : `${INJECTOR_CONFIGMAP}-${revision}`;
}

function values(cm: Resource): Record<string, any> | undefined {
  const v = cm.obj.data?.values;
  if (typeof v !== 'string') return undefined;
  try {
    const parsed = JSON.parse(v);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `sidecarInjectorWebhook.enableNamespacesByDefault` (false when absent or unreadable). */
export function enableNamespacesByDefault(cm: Resource): boolean {
  const v = values(cm);
  return isRecord(v?.sidecarInjectorWebhook) && v.sidecarInjectorWebhook.enableNamespacesByDefault === true;
}

/** The proxy image the injector would use (Istio `GetIstioProxyImage`): `global.proxy.image` if it has a `/`, else `hub/image:tag`. */
export function injectorProxyImage(cm: Resource): string {
  const g = values(cm)?.global;
  if (!isRecord(g)) return '';
  const image = isRecord(g.proxy) && typeof g.proxy.image === 'string' ? g.proxy.image : '';
  if (image.includes('/')) return image;
  return `${typeof g.hub === 'string' ? g.hub : ''}/${image}:${typeof g.tag === 'string' || typeof g.tag === 'number' ? g.tag : ''}`;
}

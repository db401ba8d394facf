/** Namespace model: injection and dataplane-mode labels. */
import type { Resource } from '../../model/k8s.js';
import { labelsOf } from './common.js';

/** Namespaces `istioctl analyze` never reads (istio `inject.IgnoredNamespaces`). */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';

/** Is the namespace labelled for sidecar injection (`istio-injection=enabled` or an `istio.io/rev` label)? */
export function namespaceInjectionEnabled(ns: Resource | undefined): boolean {
  if (!ns) return false;
  const l = labelsOf(ns);
  if (l[INJECTION_LABEL] !== undefined) return l[INJECTION_LABEL] === 'enabled';
  return l[REVISION_LABEL] !== undefined;
}

/** Istio `NamespaceInAmbientMode`: dataplane-mode ambient and no sidecar injection label. */
export function namespaceInAmbient(ns: Resource | undefined): boolean {
  if (!ns) return false;
  const l = labelsOf(ns);
  if (l[INJECTION_LABEL] === 'enabled') return false;
  if (l[REVISION_LABEL]) return false;
  return l[DATAPLANE_MODE_LABEL] === 'ambient';
}

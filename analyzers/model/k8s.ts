import type { SourceRef } from './source.js';

/** Raw Kubernetes object as found in `kubectl get -o yaml|json` output (apiVersion/kind/metadata/spec/status). */
export interface K8sObject {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    uid?: string;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
    [k: string]: unknown;
  };
  spec?: any;
  status?: any;
  data?: Record<string, string>;
  [k: string]: unknown;
}

/**
 * One Kubernetes/Istio/Gateway API resource from the bundle, with where it was read.
 * `source.line` is the first line of the object in its file (the `- apiVersion:` item line of a List,
 * the first line of a YAML document, or the line of the JSON object's opening brace).
 * `text` is the object's own source text (the List item, YAML document or JSON object), kept so that
 * exact field lines can be found later with `locateField`; it is omitted for Secrets (never kept).
 */
export interface Resource {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name: string;
  obj: K8sObject;
  source: SourceRef;
  text?: string;
  /**
   * Lines of fields (`status.containerStatuses[0]` → 1-based line in `source.file`) for resources read from a text
   * that is not YAML/JSON (`kubectl describe`), where `locateField` cannot find them in `text`.
   */
  fieldLines?: Record<string, number>;
}

/** Identity of a resource as it appears in reports. */
export interface ResourceRef {
  kind: string;
  namespace?: string;
  name: string;
}

export function resourceRef(r: Pick<Resource, 'kind' | 'namespace' | 'name'>): ResourceRef {
  return r.namespace ? { kind: r.kind, namespace: r.namespace, name: r.name } : { kind: r.kind, name: r.name };
}

/** `Kind namespace/name` or `Kind name`, as `istioctl analyze` prints resources. */
export function resourceKey(r: ResourceRef): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

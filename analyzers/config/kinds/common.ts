/** Small typed accessors over raw Kubernetes objects; YAML from the field is loosely typed, so every read is defensive. */
import type { Resource } from '../../model/k8s.js';
import { asLabels } from '../labels.js';

export function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The namespace a resource lives in; `''` when its YAML has none (as `istioctl analyze` treats files). */
export function nsOf(r: Resource): string {
  return r.namespace ?? '';
}

/** `spec` as a record (`{}` when absent or not a mapping). */
export function specOf(r: Resource): Record<string, any> {
  return isRecord(r.obj.spec) ? r.obj.spec : {};
}

/** A list field, `[]` when absent or not a list. */
export function listOf<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** A list of strings (non-strings are stringified, null dropped). */
export function strList(v: unknown): string[] {
  return listOf(v).filter((x) => x !== null && x !== undefined && typeof x !== 'object').map(String);
}

/** A number from a YAML scalar (`8080` or `"8080"`), undefined otherwise. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === null || v === undefined || typeof v === 'object' ? undefined : String(v);
}

export function labelsOf(r: Resource): Record<string, string> {
  return asLabels(r.obj.metadata?.labels);
}

export function annotationsOf(r: Resource): Record<string, string> {
  return asLabels(r.obj.metadata?.annotations);
}

/** `ns/name`, or `name` when the resource has no namespace, as Istio's `FullName.String()` prints it. */
export function fullName(r: Resource): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/** Key for maps of resources: kind, namespace and name. */
export function keyOf(r: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return `${r.kind}\u001f${r.namespace ?? ''}\u001f${r.name}`;
}

/**
 * Kubernetes/Istio/Gateway API objects from `kubectl get -o yaml|json` output, hand-written manifests and
 * the bug-report `cluster/{k8s-resources,k8s-cluster-resources,crs,pods,nodes}` Lists.
 */
import { base64Decode } from '../envoy/x509.js';
import { load } from 'js-yaml';
import type { K8sObject, Resource } from '../../model/k8s.js';
import { chunkText, splitYaml } from './yaml-split.js';
import { JsonScanError, splitJson } from './json-split.js';

export { locateField } from './locate.js';

/** A problem met while reading a file; `line` is 1-based when known. */
export interface ParseWarning {
  file: string;
  line?: number;
  message: string;
}

/** Bounds for hostile input. Sizes are in characters (UTF-16 code units) of the object's text. */
export interface ResourceParseLimits {
  /** Largest single object (List item, document or JSON object). Default 8 Mi characters. */
  maxObjectChars: number;
  /** Deepest nesting of mappings/sequences in one object. Default 100. */
  maxDepth: number;
  /** Most YAML aliases (`*ref`) in one object. Default 100. */
  maxAliases: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceParseLimits = { maxObjectChars: 8 * 1024 * 1024, maxDepth: 100, maxAliases: 100 };

/** Limits, plus the kind to assume for objects without one (client-go typed Lists omit each item's kind). */
export interface ResourceParseOptions extends ResourceParseLimits {
  defaultKind?: { kind: string; apiVersion: string };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** First line of a parser message (js-yaml appends a source snippet, which may hold secret values). */
function reason(e: unknown): string {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return first.replace(/,? ?".*" is not valid JSON/, '');
}

/** Replaces Secret values (data, stringData, last-applied annotation) with "" and keeps the key names. */
/**
 * Public certificates kept from one Secret: Linkerd's `linkerd-identity-issuer` (`crt.pem`, `tls.crt`, `ca.crt`), so
 * that its issuer certificate can be judged against the trust anchors (analyzers/linkerd/identity.ts). A value is
 * kept only when it decodes to PEM certificates and nothing else: never a key.
 */
const PUBLIC_CERT_KEYS: Record<string, ReadonlySet<string>> = { 'linkerd-identity-issuer': new Set(['crt.pem', 'tls.crt', 'ca.crt']) };

function isOnlyCertificates(value: unknown, base64: boolean): boolean {
  if (typeof value !== 'string' || value.length > 65536) return false;
  let text = value;
  if (base64) {
    try {
      text = new TextDecoder().decode(base64Decode(value));
    } catch {
      return false;
    }
  }
  return /^\s*(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/.test(text);
}

function redactSecret(obj: K8sObject): void {
  const keep = PUBLIC_CERT_KEYS[obj.metadata.name ?? ''];
  for (const field of ['data', 'stringData'] as const) {
    const m = obj[field];
    if (m && typeof m === 'object') for (const k of Object.keys(m)) if (!keep?.has(k) || !isOnlyCertificates((m as Record<string, unknown>)[k], field === 'data')) (m as Record<string, unknown>)[k] = '';
  }
  const ann = obj.metadata.annotations;
  if (ann && LAST_APPLIED in ann) ann[LAST_APPLIED] = '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Sink {
  file: string;
  defaultKind?: { kind: string; apiVersion: string };
  resources: Resource[];
  warnings: ParseWarning[];
}

/** Turns one parsed value into Resources (a nested List yields its items, at the List's line). */
function emit(value: unknown, text: string, line: number, out: Sink): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    out.warnings.push({ file: out.file, line, message: 'not a Kubernetes object (not a mapping); skipped' });
    return;
  }
  if (Array.isArray(value.items) && (typeof value.kind !== 'string' || value.kind.endsWith('List'))) {
    for (const item of value.items) emit(item, '', line, out);
    return;
  }
  const md = value.metadata;
  if (value.kind === undefined && out.defaultKind) Object.assign(value, { kind: out.defaultKind.kind, apiVersion: value.apiVersion ?? out.defaultKind.apiVersion });
  if (typeof value.kind !== 'string' || !isObject(md) || typeof md.name !== 'string') {
    const what = typeof value.kind !== 'string' ? 'no kind' : isObject(md) && typeof md.generateName === 'string' ? 'only metadata.generateName, no name' : 'no metadata.name';
    out.warnings.push({ file: out.file, line, message: `not a Kubernetes object (${what}); skipped` });
    return;
  }
  const obj = value as K8sObject;
  const isSecret = obj.kind === 'Secret';
  if (isSecret) redactSecret(obj);
  const r: Resource = {
    kind: obj.kind,
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
    name: md.name,
    obj,
    source: { file: out.file, line },
  };
  if (typeof md.namespace === 'string' && md.namespace) r.namespace = md.namespace;
  if (!isSecret && text) r.text = text;
  out.resources.push(r);
}

function loadYaml(text: string, line: number, lim: ResourceParseLimits, out: Sink): unknown {
  const opts = { maxDepth: lim.maxDepth, maxAliases: lim.maxAliases };
  try {
    return load(text, opts);
  } catch (e) {
    if (!reason(e).startsWith('duplicated mapping key')) throw e;
    out.warnings.push({ file: out.file, line, message: `${reason(e)}: kept the last value` });
    return load(text, { ...opts, json: true });
  }
}

function tooBig(len: number, line: number, lim: ResourceParseLimits, out: Sink): boolean {
  if (len <= lim.maxObjectChars) return false;
  out.warnings.push({ file: out.file, line, message: `object of ${len} characters exceeds the ${lim.maxObjectChars}-character limit; skipped` });
  return true;
}

function parseYamlText(text: string, lim: ResourceParseLimits, out: Sink): void {
  for (const c of splitYaml(text)) {
    if (tooBig(c.end - c.start, c.line, lim, out)) continue;
    const own = chunkText(text, c);
    try {
      emit(loadYaml(own, c.line, lim, out), own, c.line, out);
    } catch (e) {
      out.warnings.push({ file: out.file, line: c.line, message: `YAML ${c.kind === 'item' ? 'List item' : 'document'} not parsed: ${reason(e)}` });
    }
  }
}

/** Parses JSON object by object; returns false when the text is not JSON after all (nothing emitted). */
function parseJsonText(text: string, lim: ResourceParseLimits, out: Sink): boolean {
  let emitted = 0;
  try {
    for (const sp of splitJson(text)) {
      emitted++;
      if (tooBig(sp.end - sp.start, sp.line, lim, out)) continue;
      if (sp.depth > lim.maxDepth) {
        out.warnings.push({ file: out.file, line: sp.line, message: `nesting deeper than ${lim.maxDepth}; skipped` });
        continue;
      }
      const own = text.slice(sp.start, sp.end);
      try {
        emit(JSON.parse(own), own, sp.line, out);
      } catch (e) {
        out.warnings.push({ file: out.file, line: sp.line, message: `JSON object not parsed: ${reason(e)}` });
      }
    }
  } catch (e) {
    if (!(e instanceof JsonScanError) || emitted === 0) return false;
    out.warnings.push({ file: out.file, message: `JSON malformed at offset ${e.offset} (${e.message}); objects before it were kept` });
  }
  return true;
}

/**
 * Reads every Kubernetes object in `text`: multi-document YAML, YAML/JSON `kind: List` (and `XxxList`)
 * `items`, top-level YAML sequences, JSON objects and arrays (several concatenated JSON values too).
 *
 * Each object becomes one `Resource` with `source.line` = the 1-based first line of the object in the
 * file (the `- ` line of a List item, the first content line of a document, the `{` of a JSON object)
 * and `text` = its own source text (a List item with its `-` replaced by a space), whose line 1 is
 * `source.line`. Secrets keep only the key names of `data`/`stringData` (values become "") and the
 * last-applied annotation is emptied; their `text` is never kept.
 *
 * Never throws on bad input: unparsable or oversized objects, objects nested deeper than
 * `limits.maxDepth`, too many YAML aliases, and values that are not Kubernetes objects are skipped with
 * a warning; duplicate YAML keys keep the last value, with a warning. JSON duplicate keys keep the last
 * value silently (JSON.parse). Warning messages never quote the object's text.
 * `options` holds the limits and `defaultKind`, given to objects that have no `kind` (troubleshoot.sh's
 * `custom-resource-definitions.json` is a client-go typed List whose items carry no kind).
 */
export function parseResourcesFromText(
  text: string,
  file: string,
  options: Partial<ResourceParseOptions> = {},
): { resources: Resource[]; warnings: ParseWarning[] } {
  const lim = { ...DEFAULT_RESOURCE_LIMITS, ...options };
  const out: Sink = { file, resources: [], warnings: [], ...(options.defaultKind ? { defaultKind: options.defaultKind } : {}) };
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  const json = (first === '{' || first === '[') && parseJsonText(text, lim, out);
  if (!json) parseYamlText(text, lim, out);
  return { resources: out.resources, warnings: out.warnings };
}

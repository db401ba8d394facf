import type { ResourceRef } from '../model/k8s.js';
import type { Evidence, Finding, Severity } from './schema.js';
import { renderTemplate, stableId } from './ids.js';

/** Metadata of a built-in check that is not a config analyzer or a log signature (status and proxy-state checks). */
export interface CheckMeta {
  id: string;
  code: string;
  severity: Severity;
  title: string;
  message: string;
  remediation?: string;
  rootCauses?: string[];
  /** Docs page; default `docs/checks/<id with / as ->.md`. */
  docs?: string;
}

/** Build a Finding for a built-in check; `key` makes the id stable and unique within the check. */
export function makeFinding(
  meta: CheckMeta,
  key: string,
  parts: {
    data?: Record<string, string | number>;
    resources?: ResourceRef[];
    evidence: Evidence[];
    count?: number;
    firstSeen?: string;
    lastSeen?: string;
    severity?: Severity;
  },
): Finding {
  return {
    id: stableId(meta.id, key),
    code: meta.code,
    analyzer: meta.id,
    severity: parts.severity ?? meta.severity,
    title: meta.title,
    message: renderTemplate(meta.message, parts.data),
    resources: parts.resources ?? [],
    evidence: parts.evidence,
    count: parts.count ?? 1,
    ...(parts.firstSeen ? { firstSeen: parts.firstSeen } : {}),
    ...(parts.lastSeen ? { lastSeen: parts.lastSeen } : {}),
    ...(meta.remediation ? { remediation: meta.remediation } : {}),
    docs: meta.docs ?? `docs/checks/${meta.id.replace('/', '-')}.md`,
    ...(meta.rootCauses ? { rootCauses: meta.rootCauses } : {}),
  };
}

/** Earliest and latest of RFC3339 strings (lexical order equals time order for UTC `Z` strings of equal precision; we compare as dates). */
export function timeRange(times: Array<string | undefined>): { first?: string; last?: string } {
  let first: string | undefined;
  let last: string | undefined;
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) continue;
    if (ms < firstMs) { firstMs = ms; first = t; }
    if (ms > lastMs) { lastMs = ms; last = t; }
  }
  return { first, last };
}

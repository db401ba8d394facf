/**
 * The finding vocabulary shared by every producer (config analyzers, proxy checks, status checks, log
 * signatures) and by the correlator: severities, evidence, findings, and the helper that builds a
 * finding from a check's metadata. The report layer only renders these.
 */
import type { ResourceRef } from './k8s.js';
import { renderTemplate, stableId } from './ids.js';

export type Severity = 'critical' | 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/** Where a finding's evidence is in the bundle: `file` and a 1-based `line` or a `jsonPath`; `time` is RFC3339 UTC. */
export interface Evidence {
  file: string;
  line?: number;
  jsonPath?: string;
  excerpt?: string;
  time?: string;
}

export interface Finding {
  /** Stable hash of analyzer + resource/group key + messageId: the same input gives the same id. */
  id: string;
  code: string;
  analyzer: string;
  severity: Severity;
  title: string;
  message: string;
  resources: ResourceRef[];
  evidence: Evidence[];
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  remediation?: string;
  docs?: string;
  /** Root-cause catalogue ids this finding supports (from the analyzer/signature metadata). */
  rootCauses?: string[];
  /**
   * The values the message was rendered from (`{{name}}` placeholders: counts, pods, captures, reasons), so
   * that cause models and tests reason on data rather than on wording.
   */
  data?: Record<string, string | number>;
}


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
    ...(parts.data ? { data: parts.data } : {}),
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

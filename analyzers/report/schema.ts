/**
 * The canonical meshlens report (JSON). Every other output format (text, Markdown, HTML, SARIF) renders
 * from this shape. Times are RFC3339 UTC strings; sizes are bytes; durations are ms.
 * `schemaVersion` changes only on breaking changes.
 */
import type { ResourceRef } from '../model/k8s.js';
import type { ConfigGraph } from '../config/graph.js';
import type { RedactionSummary } from './redact.js';

export type Severity = 'critical' | 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

export type BundleFormat = 'istioctl-bug-report' | 'kubectl-dump' | 'envoy-config-dump' | 'logs' | 'troubleshoot' | 'mixed' | 'unknown';

/** How `capturedAt` was obtained (DESIGN.md "Capture time"). */
export type CapturedAtSource = 'archive-mtime' | 'newest-log' | 'bug-report-log' | 'none';

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
}

export interface RootCause {
  id: string;
  title: string;
  confidence: number;
  summary: string;
  findingIds: string[];
  /** Findings explained by this cause rather than causing anything (e.g. istiod readiness 503 during a CA storm). */
  symptoms: Array<{ findingId: string; text: string }>;
  remediation: string[];
  firstSeen?: string;
}

export type TimelineKind = 'event' | 'log' | 'status' | 'config';

export interface TimelineItem {
  time: string;
  kind: TimelineKind;
  severity: Severity;
  component: string;
  resource?: ResourceRef;
  text: string;
  file?: string;
  line?: number;
  findingId?: string;
  /** 'root-cause' when the item is evidence of the top root cause, 'symptom' when of one of its symptoms. */
  role?: 'root-cause' | 'symptom';
  count?: number;
}

export type FileStatus = 'used' | 'skipped' | 'unreadable';

export interface FileRecord {
  path: string;
  size: number;
  status: FileStatus;
  /** What the file was read as (e.g. `k8s-resources`, `events-table`, `proxy-log`, `config-dump`). */
  role?: string;
  reason?: string;
}

export interface Coverage {
  present: string[];
  missing: string[];
  skippedAnalyzers: Array<{ id: string; reason: string }>;
}

export interface Inventory {
  resources: number;
  pods: number;
  events: number;
  logFiles: number;
  logLines: number;
  proxies: Array<{ namespace: string; name: string; configDump: boolean; log: boolean; logLines?: number }>;
  controlPlane: Array<{ namespace: string; name: string; kind: string; log: boolean; logLines?: number }>;
  cni: Array<{ name: string; log: boolean; logLines?: number }>;
  versions?: { istioctl?: string; controlPlane?: string[]; proxies?: string[]; kubernetes?: string };
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'meshlens'; version: string };
  bundle: {
    source: string;
    format: BundleFormat;
    formatVersion?: string;
    capturedAt?: string;
    capturedAtSource: CapturedAtSource;
    coverage: Coverage;
    inventory: Inventory;
    files: FileRecord[];
    warnings: Array<{ file?: string; message: string }>;
  };
  findings: Finding[];
  rootCauses: RootCause[];
  timeline: TimelineItem[];
  /** The config graph (Gateway → VirtualService → DestinationRule subset → Service → Pods, plus policies), nodes and edges carrying finding ids. */
  graph?: ConfigGraph;
  /** istioctl's own `analyze` output found in the bundle (bug-report `analyze/allNamespaces/allNamespaces`), for `--compare-istioctl`. */
  istioctlAnalyze?: { file: string; text: string };
  stats: { durationMs: number; bytesRead: number; filesRead: number; linesScanned: number };
  /** What was redacted and where (analyzers/report/redact.ts); absent when nothing was. */
  redaction?: RedactionSummary;
}

/**
 * The canonical meshlens report (JSON). Every other output format (text, Markdown, HTML, SARIF) renders
 * from this shape. Times are RFC3339 UTC strings; sizes are bytes; durations are ms.
 * `schemaVersion` changes only on breaking changes.
 */
import type { ConfigGraph } from '../config/graph.js';
import type { BundleFormat, CapturedAtSource, FileRecord } from '../model/bundle.js';
import type { Finding } from '../model/finding.js';
import type { Exposure, Incident, RootCause, StateAtCapture, TimelineItem, UnrecognisedTemplate } from '../model/diagnosis.js';
import type { MeshFacts } from '../model/facts.js';
import type { RedactionSummary } from './redact.js';

// The vocabulary the report is made of belongs to the model layer; it is re-exported here because it is
// part of the report's public shape (the renderer, tests and consumers of the JSON read it from here).
export type { Evidence, Finding, Severity } from '../model/finding.js';
export { SEVERITIES } from '../model/finding.js';
export type { CauseCheck, Exposure, Incident, RootCause, StateAtCapture, TimelineItem, TimelineKind, UnrecognisedTemplate } from '../model/diagnosis.js';
export type { Fact, MeshFacts } from '../model/facts.js';
export type { BundleFormat, CapturedAtSource, FileRecord, FileStatus } from '../model/bundle.js';

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

/**
 * The report's schema version (`Report.schemaVersion`, `schema/report.schema.json`). Additive, optional fields keep
 * it; a rename, a removal or a change of meaning bumps it (docs/report-schema.md).
 */
export const REPORT_SCHEMA_VERSION = 1;

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
  /** Ranked causes of the incident at capture, best first (empty, or nothing at ≥ 0.5, when nothing is broken now). */
  rootCauses: RootCause[];
  /** Episode clusters: the incident at capture (at most one) and past incidents, oldest first. */
  incidents?: Incident[];
  /** Failures outside the mesh (scheduling, image pulls, nodes, PVCs, quota, other admission webhooks); never mesh root causes. */
  platform?: Finding[];
  /** Error templates no signature recognised, best first. */
  unrecognised?: UnrecognisedTemplate[];
  /** The mesh's state when the bundle was taken. */
  stateAtCapture?: StateAtCapture;
  /** Every cause model's preconditions, evaluated on this bundle (what it is exposed to; the fleet view reads these). */
  exposure?: Exposure[];
  /** Settings that tell clusters apart (versions, CA, istiod, meshConfig, mesh-wide policies, sidecar resources), for `meshlens fleet` drift. */
  meshFacts?: MeshFacts;
  timeline: TimelineItem[];
  /** The config graph (Gateway → VirtualService → DestinationRule subset → Service → Pods, plus policies), nodes and edges carrying finding ids. */
  graph?: ConfigGraph;
  /** istioctl's own `analyze` output found in the bundle (bug-report `analyze/allNamespaces/allNamespaces`), for `--compare-istioctl`. */
  istioctlAnalyze?: { file: string; text: string };
  stats: {
    durationMs: number;
    bytesRead: number;
    filesRead: number;
    linesScanned: number;
    /** Set when the report was over its byte budget and detail was left out (report/budget.ts fitReport). */
    trimmed?: { maxBytes: number; bytesBefore: number; evidenceRowsDropped: number; timelineEntriesDropped: number; resourcesDropped: number; findingsFolded: number };
  };
  /** Set when the report was narrowed (`meshlens analyze -n NAMESPACE`): only what touches that namespace is kept. */
  filter?: { namespace: string };
  /** What was redacted and where (analyzers/report/redact.ts); absent when nothing was. */
  redaction?: RedactionSummary;
}

/**
 * The contract between the UI and whatever hosts the engine: the Electron shell (IPC through the
 * preload's `window.meshlens`) or `meshlens serve` (HTTP on 127.0.0.1). Pure types, no DOM and no Node,
 * so that the server (`analyzers/node/serve/`) and the shell (`electron/`) import them too.
 *
 * Units: sizes in bytes, times RFC3339 UTC strings, durations in ms, line numbers 1-based.
 */
import type { FleetSummary } from '../fleet/index.js';
import type { BundleDiff } from '../diff/index.js';
import type { Report } from '../report/schema.js';

export type { BundleDiff, Report };

/** Progress of opening a bundle: raw bytes and files read so far (from the bundle, before decompression for dirs). */
export interface OpenProgress {
  bytesRead: number;
  filesRead: number;
  currentFile?: string;
  /** Total size in bytes of the bundle on disk (compressed size for archives), when known. */
  totalBytes?: number;
}

export type SessionStatus =
  | { state: 'idle' }
  /**
   * `reportReady`: the analysis is done and `report()` answers (the app shows it) while the log index still builds;
   * `progress` then counts the log bytes indexed. Log calls wait for the index; excerpts and proxies for the bundle's files.
   */
  | { state: 'loading'; bundle: string; progress: OpenProgress; reportReady?: boolean }
  | { state: 'ready'; bundle: string; progress: OpenProgress }
  | { state: 'error'; bundle?: string; message: string }
  | { state: 'cancelled'; bundle: string };

/** Lines `startLine..startLine+lines.length-1` of one bundle file. Lines longer than `lineCap` are cut and listed in `cutLines`. */
export interface FileExcerpt {
  path: string;
  size: number;
  totalLines: number;
  startLine: number;
  lines: string[];
  cutLines: number[];
  /** Set when the request named a JSON path: the line where that path's value starts (undefined when not found). */
  jsonPathLine?: number;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** One log file in the bundle, as the log index saw it. */
export interface LogSource {
  id: number;
  file: string;
  component: string;
  namespace?: string;
  pod?: string;
  container?: string;
  lines: number;
  bytes: number;
  firstTime?: string;
  lastTime?: string;
}

export interface LogSources {
  files: LogSource[];
  totalLines: number;
  totalBytes: number;
  /** Time spent building the index, ms. */
  indexMs: number;
}

/**
 * A log query. Rows are every indexed line, merged across files by time (lines without a time take the
 * time of the line before them in the same file). All filters are ANDed; an empty list means "any".
 * `text` is matched as a literal (case-insensitive unless it holds an upper-case letter) or, with
 * `regex`, as a JavaScript regular expression (≤ 512 chars, bounded run time).
 */
export interface LogQuery {
  namespaces?: string[];
  /** `namespace/pod` keys. */
  pods?: string[];
  containers?: string[];
  components?: string[];
  fileIds?: number[];
  levels?: LogLevel[];
  from?: string;
  to?: string;
  text?: string;
  regex?: boolean;
  /** Page start in the filtered rows and page size (≤ 2000). */
  offset: number;
  limit: number;
  /** When set, the answer carries `timeIndex`: the first filtered row at or after this time. */
  aroundTime?: string;
  /** When set (with `aroundFileId`), the answer carries `lineIndex`: the filtered row of that file's line. */
  aroundLine?: number;
  aroundFileId?: number;
}

export interface LogRow {
  /** Position in the filtered result. */
  index: number;
  fileId: number;
  line: number;
  time?: string;
  level?: LogLevel;
  text: string;
  /** Character ranges `[start, end)` in `text` matched by the query's text filter. */
  matches?: Array<[number, number]>;
}

export interface LogPage {
  total: number;
  offset: number;
  rows: LogRow[];
  timeIndex?: number;
  /** Row of `aroundFileId`:`aroundLine` in the filtered result (undefined when filtered out). */
  lineIndex?: number;
  /** Time the server spent filtering for this call (0 when the rows were found already), ms. */
  filterMs: number;
  /**
   * Set while the filter has not yet walked every line (each call does bounded work; the server goes on in the
   * background): `total` counts the rows found so far. Rows found keep their positions; ask again for the full count.
   */
  partial?: boolean;
  error?: string;
}

/** A mesh pod's state at capture, from its Pod object (`status`, `spec.nodeName`). */
export interface ProxyPodState {
  /** `status.phase`: Running, Pending, Failed… */
  phase?: string;
  /** The pod's `Ready` condition. */
  ready: boolean;
  node?: string;
  /** The container these fields describe: the proxy's own (istio-proxy, ztunnel) unless another restarted more. */
  container?: string;
  restarts: number;
  /** Current waiting reason (CrashLoopBackOff, ImagePullBackOff…). */
  waiting?: string;
  /** The container's last termination (`lastState.terminated`, or `state.terminated`), with where the pod says so. */
  lastTermination?: { exitCode?: number; reason?: string; at?: string; file: string; line?: number };
}

/**
 * One proxy of the mesh: a pod whose `proxies/<ns>/<pod>/` files the bug-report collected, or a pod that runs
 * a proxy (sidecar, gateway, waypoint, ztunnel) with nothing collected, or an `ambient` workload, whose traffic
 * the ztunnel of its node proxies. Undefined fields were not in the bundle.
 */
export interface ProxySummary {
  namespace: string;
  name: string;
  kind: 'sidecar' | 'gateway' | 'waypoint' | 'ztunnel' | 'ambient' | 'unknown';
  /** True when the bundle holds this proxy's own files (`proxies/<ns>/<pod>/`); false when only its pod is known. */
  collected: boolean;
  /** The istio-proxy runs as a native sidecar (an init container with `restartPolicy: Always`). */
  nativeSidecar?: boolean;
  /** The pod's state at capture, when the bundle has the Pod object. */
  pod?: ProxyPodState;
  version?: string;
  /** Per xDS type (CDS, LDS, EDS, RDS, ECDS): SYNCED, STALE, NOT SENT…, from istiod's `debug/syncz`. */
  sync?: Record<string, string>;
  certs?: Array<{ name: string; serial?: string; validFrom?: string; validTo?: string }>;
  /** `valid` | `expired` | `not-yet-valid` | `missing`, judged at the capture time. */
  certStatus: 'valid' | 'expired' | 'not-yet-valid' | 'missing' | 'unknown';
  clusters?: number;
  listeners?: number;
  routes?: number;
  endpoints?: number;
  configDump?: string;
  logLines?: number;
  findingIds: string[];
}

export type ProxyTableKind = 'cluster' | 'listener' | 'route' | 'endpoint' | 'secret';
export const PROXY_TABLE_KINDS: readonly ProxyTableKind[] = ['cluster', 'listener', 'route', 'endpoint', 'secret'];

/** An `istioctl proxy-config <kind>`-style table read from one proxy's config dump. */
export interface ProxyTable {
  kind: ProxyTableKind;
  columns: string[];
  rows: string[][];
  source: { file: string; jsonPath?: string };
  /** Per row, the JSON path of the dumped object the row was read from (same length as rows). */
  rowPaths?: string[];
  note?: string;
}

/**
 * The config graph the config analyzers add to the report as `report.graph` (analyzers/config/graph.ts):
 * Gateway → VirtualService → DestinationRule → Service → Endpoints → Pod, plus policies. Nodes name their
 * resource either flat (`kind`, `namespace`, `name`) or as `ref`; edges their relation as `type` or `kind`.
 */
export interface ConfigGraphNode {
  id: string;
  kind?: string;
  namespace?: string;
  name?: string;
  ref?: { kind: string; namespace?: string; name: string };
  /** A destination host that resolves to nothing. */
  missing?: boolean;
  file?: string;
  line?: number;
  findingIds: string[];
}
export interface ConfigGraphEdge {
  from: string;
  to: string;
  kind?: string;
  type?: string;
  label?: string;
  findingIds: string[];
}
export interface ConfigGraph {
  nodes: ConfigGraphNode[];
  edges: ConfigGraphEdge[];
}

export type ExportFormat = 'json' | 'md' | 'html';

/**
 * What the UI needs from its host. Both implementations (Electron IPC, HTTP) reject with an Error whose
 * message is fit to show the user.
 */
export interface Backend {
  readonly kind: 'electron' | 'http';
  /** Electron only: ask the shell to show the open dialog (undefined when the host cannot open files). */
  pickAndOpen?(): Promise<void>;
  /** Electron only: open a bundle by path (drag and drop, recent files). */
  openPath?(path: string): Promise<void>;
  /** Electron only: absolute path of a dropped file. */
  pathForFile?(file: unknown): string | undefined;
  recent?(): Promise<string[]>;
  status(): Promise<SessionStatus>;
  /** Calls `cb` on every status change until the returned function is called. */
  subscribe(cb: (s: SessionStatus) => void): () => void;
  cancel(): Promise<void>;
  report(): Promise<Report>;
  excerpt(path: string, startLine: number, endLine: number, jsonPath?: string): Promise<FileExcerpt>;
  logSources(): Promise<LogSources>;
  queryLogs(q: LogQuery): Promise<LogPage>;
  proxies(): Promise<ProxySummary[]>;
  proxyTable(namespace: string, name: string, kind: ProxyTableKind): Promise<ProxyTable>;
  /** `meshlens serve --fleet DIR` only: the fleet's progress, then its summary; `null` on a server without one. */
  fleet?(): Promise<FleetState | null>;
  /** `meshlens serve --fleet DIR` only: open one cluster of the fleet (by its fleet name) as the session's bundle. */
  openCluster?(name: string): Promise<null>;
  /**
   * `meshlens serve --diff A B` only: what changed from A to B (the open bundle), as `meshlens diff -o json`
   * gives it; `null` when the host was not asked to compare. Absent on hosts that never compare (Electron).
   */
  diff?(): Promise<BundleDiff | null>;
}

/** The fleet of `meshlens serve --fleet DIR` (analyzers/node/serve/fleet.ts): clusters read so far, then the summary. */
export type FleetState =
  | { state: 'loading'; done: number; total: number }
  | { state: 'ready'; summary: FleetSummary; notes: string[] }
  | { state: 'error'; message: string };

/**
 * What the Electron preload exposes as `window.meshlens` (contextBridge): named functions only, one IPC
 * channel each (`meshlens:<name>`), all checked by the main process.
 */
export interface MeshlensBridge {
  pickAndOpen(): Promise<void>;
  openPath(path: string): Promise<void>;
  pathForFile(file: unknown): string | undefined;
  recent(): Promise<string[]>;
  onStatus(cb: (s: SessionStatus) => void): () => void;
  status(): Promise<SessionStatus>;
  cancel(): Promise<void>;
  report(): Promise<Report>;
  excerpt(path: string, startLine: number, endLine: number, jsonPath?: string): Promise<FileExcerpt>;
  logSources(): Promise<LogSources>;
  queryLogs(q: LogQuery): Promise<LogPage>;
  proxies(): Promise<ProxySummary[]>;
  proxyTable(namespace: string, name: string, kind: ProxyTableKind): Promise<ProxyTable>;
}

/** IPC channels, one per bridge function that goes to the main process. */
export const IPC_CHANNELS = {
  pickAndOpen: 'meshlens:pick-and-open',
  openPath: 'meshlens:open-path',
  recent: 'meshlens:recent',
  status: 'meshlens:status',
  cancel: 'meshlens:cancel',
  report: 'meshlens:report',
  excerpt: 'meshlens:excerpt',
  logSources: 'meshlens:log-sources',
  queryLogs: 'meshlens:query-logs',
  proxies: 'meshlens:proxies',
  proxyTable: 'meshlens:proxy-table',
  /** main → renderer only. */
  statusEvent: 'meshlens:status-event',
} as const;

/**
 * One streaming pass over a bundle → BundleModel. Every entry is accounted for in `files` (used, skipped with
 * a reason, or unreadable); logs are streamed chunk by chunk into LogSinks, never buffered whole; structured
 * files (YAML/JSON Lists, tables, version files) are buffered up to a per-file cap and parsed.
 */
import type { BundleModel, VersionsInfo } from '../model/bundle.js';
import type { Resource } from '../model/k8s.js';
import type { LogFileMeta } from '../model/logs.js';
import type { LogSink, LogFileSummary } from '../parse/logs/sink.js';
import type { FileRecord } from '../model/bundle.js';
import type { BundleItem, BundleSource, SourceWarning } from './source.js';
import { parseResourcesFromText, type ResourceParseLimits } from '../parse/k8s/resources.js';
import { parseEventsTable } from '../parse/k8s/events.js';
import { parseDescribeNodes } from '../parse/k8s/describe-nodes.js';
import { parseDescribePods } from '../parse/k8s/describe-pods.js';
import { parseClusterVersionJson, parseKubectlVersion, parseSecretsTable, parseVersions } from '../parse/k8s/versions.js';
import { BodyReader, decodeText, printablePath } from './body.js';
import { classifyFile, type FileClass, type Owner } from './classify.js';
import { detectLayout } from './layout.js';
import { normalizeEntryPath } from './paths.js';
import { captureTime, collectEvents, collectPods, dedupeResources, mustGatherEndTime, newestLogLineTime, timeWarnings, type EventTable } from './finalize.js';
import { Owners } from './owners.js';

/** Per-file bounds of the load. Sizes in bytes. */
export interface LoadLimits {
  /** Largest structured file (YAML/JSON, tables, version files) buffered and parsed; larger ones are skipped. Default 256 MiB. */
  maxStructuredBytes: number;
  /** Most warnings kept per file; the rest are counted in one last warning. Default 20. */
  maxWarningsPerFile: number;
  /** Limits for each Kubernetes object (see parseResourcesFromText). */
  resources: Partial<ResourceParseLimits>;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxStructuredBytes: 256 * 1024 * 1024, maxWarningsPerFile: 20, resources: {} };

export interface LoadProgress {
  bytesRead: number;
  filesRead: number;
  currentFile?: string;
}

export interface LoadOptions {
  /** A sink for one log file, or undefined to skip that log. Called once per log file, in bundle order. */
  logSink: (meta: LogFileMeta) => LogSink | undefined;
  /** Called after each file and every 16 MiB within a file. */
  onProgress?: (p: LoadProgress) => void;
  /**
   * For files the loader only records (proxy, istiod and CNI state: config dumps, `clusters`, `certs`,
   * stats, `debug/*`; istioctl's own `analyze` output): a consumer that receives the whole file (up to
   * `maxStructuredBytes`) as it streams by, or undefined to leave the file unread. Lets the proxy analyzers
   * and the istioctl comparison read their files in the same single pass.
   */
  stateFile?: (path: string, file: { role: string; owner?: Owner }) => ((bytes: Uint8Array) => void) | undefined;
  limits?: Partial<LoadLimits>;
}

const HEAD_BYTES = 8192;
const PROGRESS_EVERY = 16 * 1024 * 1024;

function normalized(raw: string): string {
  const n = normalizeEntryPath(raw);
  return n.ok ? n.path : raw;
}

type Warn = { file?: string; message: string };

class Loader {
  readonly files: FileRecord[] = [];
  readonly classes: FileClass[] = [];
  readonly resources: Resource[] = [];
  /** Pods read from `kubectl describe` text: their status counts only where no Pod object gives it. */
  readonly describedPods: Resource[] = [];
  readonly eventTables: EventTable[] = [];
  readonly logs: LogFileSummary[] = [];
  readonly warnings: Warn[] = [];
  readonly owners = new Owners();
  versions?: VersionsInfo;
  kubernetes?: { version: string; file: string };
  newestMtimeMs?: number;
  bugReportLogTime?: string;
  mustGatherTime?: string;
  bytesRead = 0;
  filesRead = 0;
  private lastProgress = 0;

  constructor(
    private readonly opts: LoadOptions,
    private readonly limits: LoadLimits,
  ) {}

  progress(currentFile?: string): void {
    this.lastProgress = this.bytesRead;
    this.opts.onProgress?.({ bytesRead: this.bytesRead, filesRead: this.filesRead, ...(currentFile ? { currentFile } : {}) });
  }

  warn(file: string, list: Array<{ line?: number; message: string }>): void {
    const max = this.limits.maxWarningsPerFile;
    for (const w of list.slice(0, max)) this.warnings.push({ file, message: w.line ? `line ${w.line}: ${w.message}` : w.message });
    if (list.length > max) this.warnings.push({ file, message: `${list.length - max} more warnings not shown` });
  }

  async item({ entry, body }: BundleItem): Promise<void> {
    if (entry.mtimeMs !== undefined && (this.newestMtimeMs === undefined || entry.mtimeMs > this.newestMtimeMs)) this.newestMtimeMs = entry.mtimeMs;
    const norm = normalizeEntryPath(entry.path);
    const record = (path: string, rest: Omit<FileRecord, 'path' | 'size'>) => this.files.push({ path, size: entry.size, ...rest });
    if (!norm.ok) return void record(printablePath(entry.path), { status: 'skipped', reason: `unsafe path (${norm.reason}): not read` });
    const path = norm.path;
    if (entry.type === 'directory') return void record(path, { status: 'skipped', reason: 'directory' });
    if (entry.type === 'symlink' || entry.type === 'link') {
      const what = entry.type === 'symlink' ? 'symlink' : 'hard link';
      return void record(path, { status: 'skipped', reason: `${what}${entry.linkTarget ? ` to ${printablePath(entry.linkTarget)}` : ''}: not followed` });
    }
    if (entry.type === 'other') return void record(path, { status: 'skipped', reason: 'device, FIFO or other special file: not read' });
    if (entry.type === 'archive') return void record(path, { status: 'used', role: 'nested-archive' }); // its entries follow
    await this.file(path, entry.size, entry.mtimeMs, new BodyReader(body));
  }

  private async file(path: string, size: number, mtimeMs: number | undefined, reader: BodyReader): Promise<void> {
    const rec: FileRecord = { path, size, status: 'used' };
    this.files.push(rec);
    this.filesRead++;
    const before = this.bytesRead;
    try {
      const cls = classifyFile(path, await reader.head(HEAD_BYTES));
      this.classes.push(cls);
      rec.role = cls.role;
      await this.dispatch(path, cls, reader, rec, mtimeMs);
    } catch (e) {
      rec.status = 'unreadable';
      rec.reason = `read failed: ${e instanceof Error ? e.message : String(e)}`;
      this.warnings.push({ file: path, message: rec.reason });
    } finally {
      await reader.abandon();
      this.bytesRead = before + reader.bytes;
      if (!rec.size) rec.size = reader.bytes;
      this.progress(path);
    }
  }

  private async dispatch(path: string, cls: FileClass, reader: BodyReader, rec: FileRecord, mtimeMs: number | undefined): Promise<void> {
    if (cls.owner) this.owners.add(cls.owner, path);
    if (cls.read === 'skip') {
      rec.status = 'skipped';
      rec.reason = cls.reason;
      return;
    }
    if (cls.read === 'record') return this.state(path, cls, reader, rec);
    if (cls.read === 'log') return this.log(path, cls, reader, rec);
    const bytes = await this.whole(path, reader, rec);
    if (bytes) this.structured(path, cls, decodeText(bytes), mtimeMs);
  }

  private async state(path: string, cls: FileClass, reader: BodyReader, rec: FileRecord): Promise<void> {
    const consume = this.opts.stateFile?.(path, { role: cls.role, ...(cls.owner ? { owner: cls.owner } : {}) });
    if (!consume) {
      rec.status = 'skipped';
      rec.reason = 'no check reads this file (its path is kept for proxy-config and the UI)';
      return;
    }
    const bytes = await this.whole(path, reader, rec);
    if (bytes) consume(bytes);
  }

  /** The whole file, or undefined (recorded as skipped, with a warning) when it is over the structured-file limit. */
  private async whole(path: string, reader: BodyReader, rec: FileRecord): Promise<Uint8Array | undefined> {
    const bytes = await reader.all(this.limits.maxStructuredBytes);
    if (bytes) return bytes;
    rec.status = 'skipped';
    rec.reason = `larger than the ${this.limits.maxStructuredBytes}-byte limit for structured files: not parsed`;
    this.warnings.push({ file: path, message: rec.reason });
    return undefined;
  }

  private async log(path: string, cls: FileClass, reader: BodyReader, rec: FileRecord): Promise<void> {
    const meta: LogFileMeta = { file: path, component: cls.log?.component ?? 'unknown' };
    for (const k of ['namespace', 'pod', 'container'] as const) if (cls.log?.[k]) meta[k] = cls.log[k];
    const sink = this.opts.logSink(meta);
    if (!sink) {
      rec.status = 'skipped';
      rec.reason = 'log not scanned (no log sink for it)';
      return;
    }
    sink.begin(meta);
    try {
      for await (const chunk of reader.chunks()) {
        sink.write(chunk);
        const now = this.bytesRead + reader.bytes;
        if (now - this.lastProgress >= PROGRESS_EVERY) {
          this.lastProgress = now;
          this.opts.onProgress?.({ bytesRead: now, filesRead: this.filesRead, currentFile: path });
        }
      }
    } finally {
      const summary = sink.end();
      this.logs.push(summary);
      this.warn(path, summary.warnings.map((message) => ({ message }))); // e.g. over-long lines cut
    }
  }

  private structured(path: string, cls: FileClass, text: string, mtimeMs: number | undefined): void {
    switch (cls.read) {
      case 'resources': {
        const r = parseResourcesFromText(text, path, { ...this.limits.resources, ...(cls.defaultKind ? { defaultKind: cls.defaultKind } : {}) });
        this.resources.push(...r.resources);
        return this.warn(path, r.warnings);
      }
      case 'events-table': {
        const r = parseEventsTable(text, path);
        this.eventTables.push(mtimeMs !== undefined ? { rows: r.events, mtimeMs } : { rows: r.events });
        return this.warn(path, r.warnings);
      }
      case 'secrets-table': {
        const r = parseSecretsTable(text, path);
        this.resources.push(...r.resources);
        return this.warn(path, r.warnings);
      }
      case 'describe-nodes':
        this.resources.push(...parseDescribeNodes(text, path));
        return;
      case 'describe-pods':
        this.describedPods.push(...parseDescribePods(text, path));
        return;
      case 'versions':
        this.versions = parseVersions(text, path);
        return;
      case 'kubectl-version':
      case 'k8s-version-json': {
        const v = cls.read === 'kubectl-version' ? parseKubectlVersion(text) : parseClusterVersionJson(text);
        if (v) this.kubernetes = { version: v, file: path };
        return;
      }
      case 'bug-report-log':
        this.bugReportLogTime = newestLogLineTime(text);
        return;
      case 'must-gather-timestamp':
        this.mustGatherTime = mustGatherEndTime(text) ?? this.mustGatherTime;
        return;
    }
  }

  /** Adds the source's warnings, and marks the files they say were cut or could not be read to the end. */
  sourceWarnings(list: readonly SourceWarning[]): void {
    for (const w of list) {
      this.warnings.push({ ...(w.file ? { file: w.file } : {}), message: w.message });
      const rec = w.effect && w.file ? this.files.findLast((f) => f.path === w.file || f.path === normalized(w.file!)) : undefined;
      if (!rec) continue;
      if (w.effect === 'unreadable' && rec.status !== 'unreadable') {
        rec.status = 'unreadable';
        rec.reason = `read failed: ${w.message}`;
      } else if (w.effect === 'partial') {
        rec.reason = `partly read: ${w.message}`;
      }
    }
  }

  versionsInfo(): VersionsInfo | undefined {
    if (!this.kubernetes) return this.versions;
    const base = this.versions ?? { controlPlane: [], proxies: [], source: { file: this.kubernetes.file } };
    return { ...base, kubernetes: this.kubernetes.version };
  }
}

/**
 * Loads a bundle in one pass over `source.items()`.
 *
 * - Logs (proxy, istiod discovery, CNI, ztunnel, operator, troubleshoot container logs, loose `*.log`) are
 *   streamed into `opts.logSink(meta)`; each returned LogFileSummary goes into `model.logs`.
 * - Kubernetes YAML/JSON (bug-report `cluster/*` Lists, troubleshoot `cluster-resources/`, loose manifests) →
 *   `resources` (deduplicated by kind/namespace/name), `events` (Event objects plus the `cluster/events`
 *   table, ages resolved against capturedAt), `pods`, `containerStates` (from the Pod objects, and from
 *   `kubectl describe pods` text for pods no object holds).
 * - Proxy, istiod and CNI files are recorded by path in `proxies`/`controlPlane`/`cniPods` (not parsed here).
 * - capturedAt: newest trusted entry mtime (tar, zip UTC), else newest log time, else `bug-report.log` time (see `captureTime`).
 * - A nested archive's entry (`type: 'archive'`) is recorded as `used` with role `nested-archive`; its own
 *   entries follow under its path and are read like any other.
 *
 * Never throws for bad content: unreadable entries are `unreadable` records, source problems (truncated gzip,
 * limits hit) are in `warnings`, and whatever was read is kept.
 */
export async function loadBundle(source: BundleSource, opts: LoadOptions): Promise<BundleModel> {
  const limits: LoadLimits = { ...DEFAULT_LOAD_LIMITS, ...opts.limits };
  const l = new Loader(opts, limits);
  try {
    for await (const item of source.items()) await l.item(item);
  } catch (e) {
    l.warnings.push({ message: `bundle read stopped: ${e instanceof Error ? e.message : String(e)}; what was read before is kept` });
  }
  l.sourceWarnings(source.warnings());
  // sources set mtimeMs only when it can be trusted (tar headers, zip UTC timestamps, nested ones included)
  const cap = captureTime({ newestEntryMtimeMs: l.newestMtimeMs, logs: l.logs, bugReportLogTime: l.bugReportLogTime, mustGatherTime: l.mustGatherTime });
  l.warnings.push(...timeWarnings(l.logs, cap.capturedAt));
  const resources = dedupeResources(l.resources);
  // Pod objects win over describe text for the same pod (dedupe keeps the first).
  const { pods, containerStates } = collectPods(dedupeResources([...resources, ...l.describedPods]));
  const layout = detectLayout(l.classes);
  const versions = l.versionsInfo();
  return {
    source: source.name,
    format: layout.format,
    ...(layout.formatVersion ? { formatVersion: layout.formatVersion } : {}),
    ...(cap.capturedAt ? { capturedAt: cap.capturedAt } : {}),
    capturedAtSource: cap.capturedAtSource,
    files: l.files,
    resources,
    events: collectEvents(resources, l.eventTables, cap.capturedAt),
    pods,
    containerStates,
    logs: l.logs,
    ...(versions ? { versions } : {}),
    proxies: l.owners.proxies(),
    controlPlane: l.owners.controlPlane(),
    cniPods: l.owners.cni(),
    warnings: l.warnings,
    stats: { bytesRead: l.bytesRead, filesRead: l.filesRead, linesScanned: l.logs.reduce((n, s) => n + s.lines, 0) },
  };
}

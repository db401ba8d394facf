/**
 * The whole engine on one bundle, in one streaming pass: load (ingest + parse) with every log file fed
 * to the signature scanner and every proxy/istiod state file to the proxy-state collector as it
 * streams by; then Kubernetes events through the event signatures, config analyzers, proxy analyzers
 * and status checks; platform findings (outside the mesh) and the state at capture beside them; then the
 * diagnosis (incidents, cause models, exposure) and the timeline. Pure: the caller supplies the bundle
 * source, the signature packs and a monotonic clock for `stats.durationMs`.
 */
import type { BundleSource } from '../ingest/source.js';
import { loadBundle, type LoadProgress } from '../ingest/load.js';
import type { SignatureDef } from '../signatures/types.js';
import { compileEngine, createLogScanner, type LogScanner } from '../signatures/engine.js';
import type { LogFileMeta } from '../model/logs.js';
import type { LogSink } from '../parse/logs/sink.js';
import { groupsToFindings } from '../signatures/findings.js';
import { runAnalyzers } from '../rules/runner.js';
import { analyzeProxies } from '../proxy/analyze/index.js';
import { stateAtCapture, statusFindings } from '../status/index.js';
import { diagnose } from '../correlate/diagnose.js';
import { buildTimeline } from '../correlate/timeline.js';
import { buildReport } from '../report/build.js';
import type { Finding } from '../model/finding.js';
import type { BundleModel } from '../model/bundle.js';
import type { ProxyAnalysisInput } from '../proxy/snapshot.js';
import type { KubeEvent } from '../model/events.js';
import type { Report } from '../report/schema.js';
import { ProxyStateCollector } from './proxy-state.js';
import { ToolOutputCollector } from '../tools/outputs.js';
import { redactReport, type RedactClass } from '../report/redact.js';
import { mineEvent, TemplateMiner, unrecognisedTemplates } from '../mining/index.js';
import { resolveTableEvents } from '../parse/k8s/events.js';
import { platformFindings } from '../platform/index.js';
import { meshFacts } from '../facts/mesh-facts.js';

export interface AnalyzeOptions {
  source: BundleSource;
  signatures: readonly SignatureDef[];
  toolVersion: string;
  /** Check ids, codes or signature ids to leave out. */
  disable?: readonly string[];
  onProgress?: (p: LoadProgress) => void;
  /** Monotonic milliseconds (performance.now in Node/browsers); only used for `stats.durationMs`. */
  clockMs?: () => number;
  /** Redaction classes on top of `secrets`, which are always redacted (report/redact.ts). */
  redact?: readonly RedactClass[];
  /**
   * Called once after analysis with the loaded model and the proxy-analysis input, for callers that keep a
   * digest of what the report does not hold (`meshlens diff` keeps normalized resources and proxy config).
   * Unredacted: the caller must redact whatever it prints.
   */
  inspect?: (model: BundleModel, proxies: ProxyAnalysisInput) => void;
  /**
   * Scan log files elsewhere (worker threads: analyzers/node/sources/scan-pool.ts). Given the signatures and the
   * scanner that must end up holding every log file's results, returns the log sink for loadBundle and the source to
   * read through (which ends once every file's results are merged into `into`). Without it, logs are scanned inline.
   */
  logScan?: (signatures: readonly SignatureDef[], into: LogScanner, opts: { allHits: boolean }) => { sink: (meta: LogFileMeta) => LogSink; source: (s: BundleSource) => BundleSource };
  /**
   * Evidence of signature findings: `exemplars` (default) cites a bounded set of hits per finding (the first, the
   * last, a few spread between); `all` adds one row (file, line, time) for every other hit, so that no hit is left
   * out of the report (its size then grows with the hits).
   */
  evidence?: 'exemplars' | 'all';
}

export async function analyzeBundle(opts: AnalyzeOptions): Promise<Report> {
  const clock = opts.clockMs ?? (() => 0);
  const started = clock();
  const disabled = new Set(opts.disable ?? []);
  const signatures = opts.signatures.filter((s) => !disabled.has(s.id));
  const miner = new TemplateMiner();
  const allHits = opts.evidence === 'all';
  const scanner = createLogScanner(compileEngine(signatures), { miner, allHits });
  const proxyState = new ProxyStateCollector();
  const tools = new ToolOutputCollector();

  const remote = opts.logScan?.(signatures, scanner, { allHits });
  const model = await loadBundle(remote ? remote.source(opts.source) : opts.source, {
    logSink: remote ? remote.sink : (meta) => scanner.sink(meta),
    stateFile: (path, file) => proxyState.consumer(path, file) ?? tools.consumer(path, file),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  // Event rows pasted into log files (kubectl describe / get events) join the bundle's events.
  model.events.push(...resolveTableEvents(scanner.logEvents(), model.capturedAt));
  const unmatchedEvents = model.events.filter((e) => !scanner.matchEvent(e));

  const config = runAnalyzers(
    {
      resources: model.resources,
      ...(model.capturedAt ? { capturedAt: model.capturedAt } : {}),
      ...(model.versions?.controlPlane[0] ? { istioVersion: model.versions.controlPlane[0] } : {}),
      ...(proxyState.meshConfig ? { meshConfig: proxyState.meshConfig } : {}),
    },
    { disable: [...disabled] },
  );
  const proxyInput = proxyState.analysisInput(model);
  const findings: Finding[] = [
    ...groupsToFindings(scanner.groups()),
    ...config.findings,
    ...analyzeProxies(proxyInput),
    ...statusFindings(model),
    ...tools.findings(model.resources, model.capturedAt),
  ].filter((f) => !disabled.has(f.code) && !disabled.has(f.analyzer));
  const platform = platformFindings(model, disabled);
  // Warning events no signature matched go to the miner, unless a platform finding already explains their kind.
  for (const e of withoutPlatformEvents(unmatchedEvents, platform)) mineEvent(miner, e);
  model.warnings.push(...config.warnings, ...proxyState.warnings(), ...tools.warnings());

  const diagnosis = diagnose({ model, findings, platform, controlPlane: proxyInput.controlPlane });
  const { rootCauses, incidents, exposure } = diagnosis;
  const timeline = buildTimeline(model, findings, rootCauses, diagnosis);
  const report = buildReport({
    model, findings, rootCauses, incidents, exposure, timeline,
    skippedAnalyzers: config.skipped,
    toolVersion: opts.toolVersion,
    durationMs: clock() - started,
  });
  opts.inspect?.(model, proxyInput);
  const secretObjects = model.resources.filter((r) => r.kind === 'Secret').map((r) => ({ file: r.source.file, ...(r.source.line ? { line: r.source.line } : {}), keys: Object.keys(r.obj.data ?? {}).length + Object.keys(r.obj.stringData ?? {}).length }));
  return redactReport(
    {
      ...report,
      platform,
      stateAtCapture: stateAtCapture(model, proxyInput),
      unrecognised: unrecognisedTemplates(miner, { ...(model.capturedAt ? { capturedAt: model.capturedAt } : {}), ...(report.incidents ? { incidents: report.incidents } : {}) }),
      graph: config.graph,
      meshFacts: meshFacts({ model, ...(proxyState.meshConfig ? { meshConfig: proxyState.meshConfig } : {}) }),
      ...(proxyState.istioctlAnalyze ?? tools.istioctlAnalyze ? { istioctlAnalyze: proxyState.istioctlAnalyze ?? tools.istioctlAnalyze } : {}),
    },
    { classes: opts.redact ?? [], secretObjects },
  );
}

/**
 * Events outside what the platform findings cite: an event is left out when a cited event (evidence at its file and
 * line, excerpt `<type> <reason>: …`) has its reason in its namespace, as the platform checks aggregate that way.
 */
function withoutPlatformEvents(events: readonly KubeEvent[], platform: readonly Finding[]): KubeEvent[] {
  if (!platform.length) return [...events];
  const at = (file: string, line: number | undefined, head: string) => `${file}\u0000${line ?? ''}\u0000${head}`;
  const cited = new Set(platform.flatMap((f) => f.evidence.map((e) => at(e.file, e.line, (e.excerpt ?? '').split(':')[0]))));
  const key = (e: KubeEvent) => `${e.object?.namespace ?? e.namespace ?? ''}\u0000${e.reason}`;
  const claimed = new Set(events.filter((e) => cited.has(at(e.source.file, e.source.line, `${e.type} ${e.reason}`))).map(key));
  return events.filter((e) => !claimed.has(key(e)));
}

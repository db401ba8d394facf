/**
 * Runs config analyzers over a bundle's resources: builds the shared indexes once, resolves the mesh
 * config, skips analyzers whose inputs the bundle lacks (saying why), and turns reports into
 * `Finding`s with stable ids, rendered messages and `{file, line}` evidence at the reported field.
 */
import { buildConfigGraph, type ConfigGraph } from '../config/graph.js';
import { defaultMeshConfig, findMeshConfigMap, meshNetworksFrom, meshView, parseMeshConfig } from '../config/mesh.js';
import { IGNORED_NAMESPACES } from '../config/kinds/namespace.js';
import { ConfigView, SharedIndexes, groupBy } from '../config/view.js';
import { resourceKey, resourceRef, type Resource } from '../model/k8s.js';
import { locateField } from '../parse/k8s/resources.js';
import { renderTemplate, stableId } from '../model/ids.js';
import type { Evidence, Finding } from '../model/finding.js';
import { availableKinds } from './availability.js';
import type { Analyzer, AnalyzerContext, MeshConfigView, ReportDescriptor } from './define.js';
import { ALL_ANALYZERS } from './registry.js';

export interface RunInput {
  resources: readonly Resource[];
  /** Capture time of the bundle (RFC3339). Never the current time. */
  capturedAt?: string;
  /** Istio control-plane version (from the bug-report `versions` file), for version-dependent checks. */
  istioVersion?: string;
  /**
   * Mesh config text (YAML or JSON: istiod `debug/mesh`, or a mesh config file) with its bundle path.
   * When absent, the ConfigMap `istio-system/istio` key `mesh` among `resources` is used; else Istio's defaults.
   */
  meshConfig?: { text: string; file: string };
  /**
   * meshNetworks text (YAML) with its bundle path. When absent, the mesh-config ConfigMap's
   * `meshNetworks` key is used. Either becomes the resource `MeshNetworks istio-system/meshnetworks`.
   */
  meshNetworks?: { text: string; file: string };
  /**
   * Kinds whose source the bundle held (from ingest coverage), or `'all'` to treat every kind as read
   * (the conformance harness). Default: inferred from the kinds present (see `availableKinds`).
   */
  availableKinds?: readonly string[] | 'all';
}

export interface RunOptions {
  /** Analyzer ids or codes (`istio/port-name-convention`, `IST0118`) not to run. */
  disable?: readonly string[];
  /** Run only these analyzer ids or codes (this also runs analyzers that are off by default). */
  only?: readonly string[];
  /** Analyzers to choose from; default `ALL_ANALYZERS`. */
  analyzers?: readonly Analyzer<any>[];
  /** Polled between analyzers and by `ctx.cancelled()`. */
  shouldCancel?: () => boolean;
  /** Called for every kind an analyzer reads (through `list`, `find` or `config`), as Istio's collection reporter. */
  onRead?: (analyzerId: string, kind: string) => void;
}

export interface RunResult {
  findings: Finding[];
  /** Analyzers not run: inputs absent, disabled, or failed (with the error). */
  skipped: Array<{ id: string; reason: string }>;
  graph: ConfigGraph;
  mesh: MeshConfigView;
  /** Where the mesh config came from (`file:line`, or `defaults`). */
  meshSource: string;
  warnings: Array<{ file?: string; message: string }>;
}

const MAX_EXCERPT = 200;

function selected(a: Analyzer<any>, opts: RunOptions): string | undefined {
  const hit = (list?: readonly string[]) => !!list && (list.includes(a.meta.id) || list.includes(a.meta.code));
  if (hit(opts.disable)) return 'disabled by configuration';
  if (opts.only) return hit(opts.only) ? undefined : 'not selected';
  return a.meta.defaultEnabled === false ? 'off by default (run it by id)' : undefined;
}

function resolveMesh(input: RunInput, warnings: RunResult['warnings']): { mesh: MeshConfigView; source: string } {
  if (input.meshConfig) {
    const { mesh, error } = parseMeshConfig(input.meshConfig.text);
    if (error) warnings.push({ file: input.meshConfig.file, message: error });
    return { mesh, source: input.meshConfig.file };
  }
  const cm = findMeshConfigMap(input.resources);
  if (!cm) return { mesh: meshView(defaultMeshConfig()), source: 'defaults' };
  const { mesh, error } = parseMeshConfig(String(cm.obj.data?.mesh ?? ''));
  if (error) warnings.push({ file: cm.source.file, message: `ConfigMap ${cm.namespace}/${cm.name} key mesh: ${error}` });
  return { mesh, source: `${cm.source.file}:${cm.source.line ?? 1}` };
}

/** meshNetworks as the resource istioctl reports on (`MeshNetworks istio-system/meshnetworks`), or undefined. */
function meshNetworksResource(input: RunInput, mesh: MeshConfigView): Resource | undefined {
  let doc: Record<string, unknown> | undefined;
  let source: Resource['source'];
  if (input.meshNetworks) {
    doc = meshNetworksFrom(input.meshNetworks.text);
    source = { file: input.meshNetworks.file, line: 1 };
  } else {
    const cm = findMeshConfigMap(input.resources, mesh.rootNamespace);
    doc = meshNetworksFrom(typeof cm?.obj.data?.meshNetworks === 'string' ? cm.obj.data.meshNetworks : undefined);
    source = cm ? cm.source : { file: '' };
  }
  if (!doc) return undefined;
  const metadata = { name: 'meshnetworks', namespace: mesh.rootNamespace };
  return { kind: 'MeshNetworks', apiVersion: 'mesh.istio.io/v1alpha1', namespace: metadata.namespace, name: metadata.name, obj: { kind: 'MeshNetworks', metadata, spec: doc }, source };
}

/** The `line` (absolute) of a field, and that line's text as an excerpt. */
function fieldEvidence(r: Resource, path: string | undefined): Evidence {
  const base = r.source.line;
  let line = base;
  if (path && r.text && base !== undefined) line = locateField(r.text, base, path) ?? base;
  const ev: Evidence = { file: r.source.file, ...(line !== undefined ? { line } : {}), ...(r.source.jsonPath ? { jsonPath: r.source.jsonPath } : {}) };
  if (r.text && line !== undefined && base !== undefined) {
    const t = r.text.split('\n', line - base + 1)[line - base]?.trim();
    if (t) ev.excerpt = t.length > MAX_EXCERPT ? `${t.slice(0, MAX_EXCERPT)}…` : t;
  }
  return ev;
}

class Collector {
  readonly byKey = new Map<string, Finding>();

  add(a: Analyzer<any>, d: ReportDescriptor<string>): void {
    const template = a.meta.messages[d.messageId];
    if (template === undefined) throw new Error(`${a.meta.id} reported unknown messageId "${d.messageId}"`);
    const message = renderTemplate(template, d.data);
    const ref = resourceRef(d.resource);
    const k = `${a.meta.id}\u001f${resourceKey(ref)}\u001f${message}`;
    const seen = this.byKey.get(k);
    if (seen) {
      seen.count++;
      return;
    }
    const related = d.related ?? [];
    this.byKey.set(k, {
      id: stableId(a.meta.id, resourceKey(ref), d.messageId, message),
      code: a.meta.code,
      analyzer: a.meta.id,
      severity: d.severity ?? a.meta.severity,
      title: a.meta.description,
      message,
      resources: [ref, ...related.map(resourceRef)],
      evidence: [fieldEvidence(d.resource, d.path), ...related.map((r) => fieldEvidence(r, undefined)), ...(d.evidence ?? [])],
      count: 1,
      ...(a.meta.remediation ? { remediation: a.meta.remediation } : {}),
      docs: a.meta.docs,
      ...((d.rootCauses ?? a.meta.rootCauses)?.length ? { rootCauses: [...(d.rootCauses ?? a.meta.rootCauses)!] } : {}),
      data: { messageId: d.messageId, ...d.data },
    });
  }
}

/** Resources grouped by kind, with `find` by kind/namespace/name. */
class Store {
  private readonly byKind: Map<string, Resource[]>;
  private readonly byName = new Map<string, Resource>();

  constructor(resources: readonly Resource[]) {
    this.byKind = groupBy(resources, (r) => r.kind);
    for (const r of resources) this.byName.set(`${r.kind}\u001f${r.namespace ?? ''}\u001f${r.name}`, r);
  }

  list = (kind: string): readonly Resource[] => this.byKind.get(kind) ?? [];

  find(kind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.byName.get(`${kind}\u001f${namespace ?? ''}\u001f${name}`);
  }
}

/**
 * Runs the analyzers over `input.resources`. Never throws on bad input: an analyzer that fails is
 * listed in `skipped` with its error and the others still run. Analyzers that reproduce an Istio
 * analyzer do not see namespaces `istioctl analyze` ignores (kube-system, kube-public,
 * kube-node-lease, local-path-storage).
 */
export function runAnalyzers(input: RunInput, opts: RunOptions = {}): RunResult {
  const warnings: RunResult['warnings'] = [];
  const { mesh, source: meshSource } = resolveMesh(input, warnings);
  const networks = meshNetworksResource(input, mesh);
  const resources = networks ? [...input.resources, networks] : input.resources;
  const full = new Store(resources);
  const istioVisible = resources.filter((r) => !(r.kind === 'Namespace' ? IGNORED_NAMESPACES.has(r.name) : r.namespace && IGNORED_NAMESPACES.has(r.namespace)));
  const filtered = new Store(istioVisible);
  const stores = new Map<Store, SharedIndexes>();
  const sharedFor = (s: Store) => {
    let x = stores.get(s);
    if (!x) stores.set(s, (x = new SharedIndexes(s.list)));
    return x;
  };
  const available = input.availableKinds === 'all' ? undefined : input.availableKinds ? new Set(input.availableKinds) : availableKinds(resources.map((r) => r.kind));
  const collector = new Collector();
  const skipped: RunResult['skipped'] = [];

  for (const a of opts.analyzers ?? ALL_ANALYZERS) {
    const why = selected(a, opts);
    if (why) {
      if (why !== 'not selected') skipped.push({ id: a.meta.id, reason: why });
      continue;
    }
    const missing = available ? a.meta.inputs.filter((k) => !available.has(k)) : [];
    if (missing.length) {
      skipped.push({ id: a.meta.id, reason: `input ${missing.join(', ')} not in the bundle` });
      continue;
    }
    if (opts.shouldCancel?.()) {
      skipped.push({ id: a.meta.id, reason: 'cancelled' });
      continue;
    }
    const store = a.meta.istioAnalyzer ? filtered : full;
    try {
      a.analyze(makeContext(a, store, sharedFor(store), mesh, { capturedAt: input.capturedAt, istioVersion: input.istioVersion }, collector, opts));
    } catch (e) {
      skipped.push({ id: a.meta.id, reason: `failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` });
    }
  }
  const findings = [...collector.byKey.values()].sort((x, y) => x.code.localeCompare(y.code) || x.id.localeCompare(y.id));
  const graph = buildConfigGraph(input.resources, sharedFor(full), findings);
  return { findings, skipped, graph, mesh, meshSource, warnings };
}

/** A context whose `list`/`find` refuse kinds the analyzer did not declare in `inputs` or `optionalInputs`. */
export function makeContext(
  a: Analyzer<any>,
  store: { list: (kind: string) => readonly Resource[]; find: (kind: string, ns: string | undefined, name: string) => Resource | undefined },
  shared: SharedIndexes,
  mesh: MeshConfigView,
  times: { capturedAt?: string; istioVersion?: string },
  sink: { add: (a: Analyzer<any>, d: ReportDescriptor<string>) => void },
  hooks: Pick<RunOptions, 'shouldCancel' | 'onRead'> = {},
): AnalyzerContext<string> {
  const declared = new Set([...a.meta.inputs, ...(a.meta.optionalInputs ?? [])]);
  const guard = (kind: string) => {
    if (!declared.has(kind)) throw new Error(`${a.meta.id} reads ${kind}, which it does not declare in meta.inputs`);
    hooks.onRead?.(a.meta.id, kind);
  };
  const list = (kind: string) => {
    guard(kind);
    return store.list(kind);
  };
  return {
    list,
    find(kind, ns, name) {
      guard(kind);
      return store.find(kind, ns, name);
    },
    mesh,
    ...(times.capturedAt ? { capturedAt: times.capturedAt } : {}),
    ...(times.istioVersion ? { istioVersion: times.istioVersion } : {}),
    report: (d) => sink.add(a, d),
    cancelled: () => !!hooks.shouldCancel?.(),
    config: new ConfigView(shared, list),
  };
}

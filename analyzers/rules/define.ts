import type { ConfigView } from '../config/view.js';
import type { Resource } from '../model/k8s.js';
import type { Evidence, Severity } from '../model/finding.js';

/**
 * Analyzer metadata, in the manner of ESLint rule `meta` and Istio analyzer `Metadata`.
 * `code` is Istio's IST code where the check is the same as `istioctl analyze`'s; otherwise our own
 * stable `MSH####` code (never reused). `inputs` lists the kinds the analyzer reads: the runner skips
 * the analyzer when none of them is present, and `ctx.list` refuses an undeclared kind.
 * `messages` are templates with `{{placeholders}}` filled from `report({ data })`.
 */
export interface AnalyzerMeta<M extends string = string> {
  id: string;
  code: string;
  category: 'routing' | 'security' | 'gateway' | 'injection' | 'control-plane' | 'data-plane' | 'config' | 'resources';
  severity: Severity;
  description: string;
  inputs: string[];
  messages: Record<M, string>;
  docs: string;
  remediation?: string;
  rootCauses?: string[];
  /**
   * Istio analyzers (`virtualservice.DestinationHostAnalyzer`…) this one reproduces, for the
   * conformance grid, `rules list` and the docs. Absent for our own MSH checks.
   */
  istioAnalyzer?: string[];
  /** Kinds read when present but not needed to run: the runner does not skip the analyzer without them. */
  optionalInputs?: string[];
  /** `false` for checks that run only when asked for by id (as istioctl leaves its alpha-annotation check out of "all"). */
  defaultEnabled?: boolean;
}

export interface ReportDescriptor<M extends string = string> {
  messageId: M;
  resource: Resource;
  /** Dotted field path inside the resource (`spec.http[0].route[0].destination.subset`), used to cite the exact line. */
  path?: string;
  data?: Record<string, string | number>;
  severity?: Severity;
  /** Extra evidence beyond the resource itself (another resource, a log line, a dump path). */
  evidence?: Evidence[];
  related?: Resource[];
  /** Catalogue causes this report supports, when they depend on what was found (default: `meta.rootCauses`). */
  rootCauses?: string[];
}

/** Istio mesh config values that analyzers read (ConfigMap `istio-system/istio` key `mesh`, or istiod `debug/mesh`). */
export interface MeshConfigView {
  rootNamespace: string;
  ingressService: string;
  ingressControllerMode?: string;
  defaultMtlsMode?: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';
  raw: Record<string, unknown>;
}

export interface AnalyzerContext<M extends string = string> {
  /** All resources of a kind (must be declared in `meta.inputs`). */
  list(kind: string): readonly Resource[];
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
  mesh: MeshConfigView;
  /** Capture time of the bundle (RFC3339), when known. Never the current time. */
  capturedAt?: string;
  /** Istio control-plane version of the bundle (`1.20.3`, `1.20-dev`), when known; version-dependent checks use it. */
  istioVersion?: string;
  report(d: ReportDescriptor<M>): void;
  cancelled(): boolean;
  /**
   * Shared, memoized indexes (host registry, pods by namespace, services selecting pods, subsets).
   * Each accessor reads its kinds through this context's `list`, so it must be declared too.
   * Always set by `runAnalyzers`; see `configOf`.
   */
  config?: ConfigView;
}

/** `ctx.config`, which the runner and the table tester always provide. Throws when a caller built a context without it. */
export function configOf(ctx: AnalyzerContext<any>): ConfigView {
  if (!ctx.config) throw new Error('AnalyzerContext.config is not set (run analyzers through runAnalyzers or the table tester)');
  return ctx.config;
}

export interface Analyzer<M extends string = string> {
  meta: AnalyzerMeta<M>;
  analyze(ctx: AnalyzerContext<M>): void;
}

export function defineAnalyzer<M extends string>(a: Analyzer<M>): Analyzer<M> {
  return a;
}

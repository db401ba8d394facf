/**
 * What a cause model's checks read: the episode view (the findings of one incident, with helpers to pick
 * them by check and read their counted values) and the cluster view (cluster-view.ts). A check returns
 * what shows it, findings and/or direct evidence (a resource field, an event), so the report can cite it.
 */
import type { Evidence, Finding } from '../model/finding.js';
import type { Resource } from '../model/k8s.js';
import type { ClusterView } from './cluster-view.js';

/** What a check found: findings that show it and evidence read directly from the bundle. */
export interface Shown {
  findings: Finding[];
  evidence: Evidence[];
}

/** What a check's test may return: a Shown, findings, true/false (a fact without a citation), or nothing. */
export type Showing = Shown | readonly Finding[] | boolean | undefined | null;

/** A Shown from findings and evidence; undefined when both are empty (the check did not find it). */
export function shown(findings: readonly Finding[] = [], evidence: readonly Evidence[] = []): Shown | undefined {
  return findings.length || evidence.length ? { findings: [...findings], evidence: [...evidence] } : undefined;
}

/** Both shown, or undefined when either is missing (a join: config and traffic together). */
export function both(a: Showing, b: Showing): Shown | undefined {
  const x = normalize(a);
  const y = normalize(b);
  if (!x || !y) return undefined;
  return { findings: dedupe([...x.findings, ...y.findings]), evidence: [...x.evidence, ...y.evidence] };
}

/** Whatever of the parts is shown, or undefined when none is. */
export function any(...parts: Showing[]): Shown | undefined {
  const all = parts.map(normalize).filter((s): s is Shown => s !== undefined);
  return all.length ? { findings: dedupe(all.flatMap((s) => s.findings)), evidence: all.flatMap((s) => s.evidence) } : undefined;
}

/** A check result as a Shown, or undefined when it shows nothing. `true` is a fact shown without citation. */
export function normalize(r: Showing): Shown | undefined {
  if (r === undefined || r === null || r === false) return undefined;
  if (r === true) return { findings: [], evidence: [] };
  if (Array.isArray(r)) return r.length ? { findings: dedupe(r as Finding[]), evidence: [] } : undefined;
  const s = r as Shown;
  return s.findings.length || s.evidence.length ? s : undefined;
}

function dedupe(fs: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}

/** `ns/name` of the pods a finding names. */
export function podsOf(f: Finding): string[] {
  return f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace ?? ''}/${r.name}`);
}

/** The counted values of a capture in a finding (`data.causeCounts = '[["no such host",1259],…]'`), most first; else its single value. */
export function valueCounts(f: Finding, capture: string): Array<{ value: string; count: number }> {
  const out: Array<{ value: string; count: number }> = [];
  const raw = f.data?.[`${capture}Counts`];
  if (typeof raw === 'string') {
    try {
      for (const x of JSON.parse(raw) as unknown[]) if (Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'number') out.push({ value: x[0], count: x[1] });
    } catch { /* a redacted or cut value reads as no counts */ }
  }
  if (out.length === 0) {
    const single = f.data?.[capture];
    if (single !== undefined) out.push({ value: String(single), count: f.count });
  }
  return out.sort((a, b) => b.count - a.count);
}

/** How many of a finding's hits had a value of `capture` matching `re` (0 when none). */
export function countWhere(f: Finding, capture: string, re: RegExp): number {
  return valueCounts(f, capture).filter((v) => re.test(v.value)).reduce((n, v) => n + v.count, 0);
}

/** Does any of the finding's evidence lines match `re`? */
export function excerptMatches(f: Finding, re: RegExp): boolean {
  return f.evidence.some((e) => e.excerpt !== undefined && re.test(e.excerpt));
}

/**
 * One incident as a cause model sees it: its findings (timed episodes inside its window, state findings
 * joined to it, platform findings), whether it is the incident at capture, and the cluster.
 */
export class EpisodeView {
  private readonly byCode = new Map<string, Finding[]>();

  constructor(
    readonly findings: readonly Finding[],
    readonly cluster: ClusterView,
    readonly window: { startMs: number; endMs: number; atCapture: boolean },
  ) {
    for (const f of findings) {
      for (const k of new Set([f.code, f.analyzer])) {
        const list = this.byCode.get(k);
        if (list) list.push(f);
        else this.byCode.set(k, [f]);
      }
    }
  }

  get atCapture(): boolean {
    return this.window.atCapture;
  }

  /** Findings of these checks (codes like `SIG-XDS-001`, `MSH5001`, or analyzer ids like `istio/vs-subset-not-found`). */
  code(...codes: string[]): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const c of codes) for (const f of this.byCode.get(c) ?? []) if (!seen.has(f.id)) { seen.add(f.id); out.push(f); }
    return out;
  }

  where(pred: (f: Finding) => boolean): Finding[] {
    return this.findings.filter(pred);
  }

  /** Findings whose analyzer is a status check on this container (`data.container`), any code. */
  container(codes: string[], container: string | RegExp): Finding[] {
    return this.code(...codes).filter((f) => {
      const c = String(f.data?.['container'] ?? '');
      return typeof container === 'string' ? c === container : container.test(c);
    });
  }

  /** Distinct `ns/name` pods named by these findings. */
  pods(fs: readonly Finding[]): string[] {
    return [...new Set(fs.flatMap(podsOf))];
  }

  /** The Pod objects of those pods the bundle holds. */
  podResources(fs: readonly Finding[]): Resource[] {
    return this.pods(fs).map((k) => {
      const i = k.indexOf('/');
      return this.cluster.pod(k.slice(0, i), k.slice(i + 1));
    }).filter((p): p is Resource => p !== undefined);
  }

  /**
   * Is this time (ms) inside the incident (30 min either side, as incidents join)? The incident at capture
   * also holds everything up to the capture time. For evidence read from the cluster (events, objects) rather
   * than from the incident's findings, so a check does not find the same thing in every incident.
   */
  inWindow(ms: number): boolean {
    const slack = 30 * 60_000;
    const end = this.atCapture && Number.isFinite(this.cluster.capturedMs) ? Math.max(this.window.endMs, this.cluster.capturedMs) : this.window.endMs;
    return ms >= this.window.startMs - slack && ms <= end + slack;
  }

  /** The same incident without some findings (those another cause already explains). */
  without(ids: ReadonlySet<string>): EpisodeView {
    return new EpisodeView(this.findings.filter((f) => !ids.has(f.id)), this.cluster, this.window);
  }
}

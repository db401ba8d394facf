/**
 * The one scorer every cause model goes through. No cause is special-cased here: the models say what
 * defines, supports and contradicts them (causes/*.ts); this file turns what one incident shows into a
 * confidence and a ranking.
 *
 * Confidence of a cause on an incident:
 * - found defining checks combine by noisy-OR at 0.6 each, found supporting checks at 0.2 each:
 *   c = 1 − (1 − 0.6)^d · (1 − 0.2)^s;
 * - without any defining check found, c is capped at 0.45 (the cause fits, but what defines it is missing);
 * - each contradicting check found halves c.
 * A cause is a candidate when a defining check is found, or a supporting check cites a timed finding or an
 * error-level finding of the incident (facts read from config alone, such as "the CA is external", and
 * config warnings support a candidate but do not make one).
 *
 * Ranking (explaining away): the best cause at ≥ 0.5 goes first, unless another likely cause is known to
 * explain it (`explains`) and started no later (5 min slack): then that one. The chosen cause claims the
 * findings it cites, and the findings of the causes it explains that started no earlier become its
 * symptoms. Every remaining cause is scored again without the claimed findings, so a second cause must
 * stand on evidence of its own; a cause left with nothing keeps a quarter of its first score and says by
 * which cause it is explained.
 */
import type { Finding } from '../model/finding.js';
import type { CauseCheck, RootCause } from '../model/diagnosis.js';
import { timeRange } from '../model/finding.js';
import type { CauseCheckDef, CauseModel } from './causes/define.js';
import { normalize, type EpisodeView, type Shown } from './context.js';

export const LIKELY = 0.5;
export const DEFINING_WEIGHT = 0.6;
export const SUPPORTING_WEIGHT = 0.2;
export const NO_DEFINING_CAP = 0.45;
export const CONTRADICTING_FACTOR = 0.5;
const EXPLAIN_SLACK_MS = 5 * 60_000;
const EXPLAINED_FACTOR = 0.25;
/** Checks whose findings are consequences of whatever broke (restarts, crash loops): symptoms of the top cause, never causes. */
const SYMPTOM_CHECKS: ReadonlySet<string> = new Set(['status/container-restarting', 'SIG-K8S-001']);

/** One cause model judged on one incident. */
export interface Evaluation {
  model: CauseModel;
  confidence: number;
  found: CauseCheck[];
  missing: CauseCheck[];
  against: CauseCheck[];
  /** Findings the found checks cite, defining ones first. */
  findings: Finding[];
  /** Earliest time of those findings, ms (Infinity when none has a time). */
  startMs: number;
  lastMs: number;
  notes: string[];
  /** The model's remediation for this incident (`remediationFor`, else the catalogue's). */
  remediation: string[];
}

function run(def: CauseCheckDef, ep: EpisodeView): Shown | undefined {
  try {
    return normalize(def.test(ep, ep.cluster));
  } catch {
    // A check that trips over odd input shows nothing; the others still count.
    return undefined;
  }
}

function check(def: CauseCheckDef, role: CauseCheck['role'], s: Shown | undefined): CauseCheck {
  return { says: def.says, role, findingIds: s ? s.findings.map((f) => f.id) : [], ...(s && s.evidence.length ? { evidence: s.evidence } : {}) };
}

/** Judge one model on one incident; undefined when nothing of it is found in the incident's findings. */
export function evaluateCause(model: CauseModel, ep: EpisodeView): Evaluation | undefined {
  const found: CauseCheck[] = [];
  const missing: CauseCheck[] = [];
  const against: CauseCheck[] = [];
  const cited: Finding[] = [];
  let defining = 0;
  let supporting = 0;
  for (const [role, defs] of [['defining', model.defining], ['supporting', model.supporting]] as const) {
    for (const def of defs) {
      const s = run(def, ep);
      if (!s) {
        missing.push(check(def, role, undefined));
        continue;
      }
      found.push(check(def, role, s));
      cited.push(...s.findings);
      if (role === 'defining') defining++;
      else supporting++;
    }
  }
  // A candidate needs what defines it, or support from the incident's own activity (a timed finding or an
  // error in the state at capture); warnings read from config alone support but never make a candidate.
  if (defining === 0 && !cited.some((f) => f.firstSeen !== undefined || f.severity === 'error' || f.severity === 'critical')) return undefined;
  let confidence = 1 - (1 - DEFINING_WEIGHT) ** defining * (1 - SUPPORTING_WEIGHT) ** supporting;
  const notes: string[] = [];
  if (defining === 0) confidence = Math.min(confidence, NO_DEFINING_CAP);
  for (const def of model.contradicting) {
    const s = run(def, ep);
    if (!s) continue;
    against.push(check(def, 'contradicting', s));
    confidence *= CONTRADICTING_FACTOR;
  }
  const findings = [...new Map(cited.map((f) => [f.id, f])).values()];
  const { first, last } = timeRange(findings.flatMap((f) => [f.firstSeen, f.lastSeen]));
  let remediation = model.remediation;
  try {
    remediation = model.remediationFor?.(ep, ep.cluster, findings) ?? model.remediation;
  } catch {
    // odd input: the catalogue's steps still hold
  }
  return {
    model, confidence, found, missing, against, findings, notes, remediation,
    startMs: first ? Date.parse(first) : Infinity,
    lastMs: last ? Date.parse(last) : -Infinity,
  };
}

/** Ranked causes of one incident, best first; each carries what was found, missing and found against. */
export function rankCauses(models: readonly CauseModel[], ep: EpisodeView): RootCause[] {
  const first = new Map<string, Evaluation>();
  for (const m of models) {
    const e = evaluateCause(m, ep);
    if (e) first.set(m.id, e);
  }
  let pending = [...first.values()];
  const claimed = new Map<string, string>(); // finding id → cause that explains it
  const out: RootCause[] = [];
  while (pending.length > 0) {
    pending.sort((a, b) => b.confidence - a.confidence || a.startMs - b.startMs || a.model.id.localeCompare(b.model.id));
    const best = causeFirst(pending);
    pending = pending.filter((p) => p !== best);
    const cause = toRootCause(best);
    out.push(cause);
    if (best.confidence < LIKELY) continue;
    for (const f of best.findings) if (!claimed.has(f.id)) claimed.set(f.id, best.model.id);
    for (const other of pending) {
      if (!best.model.explains.includes(other.model.id) || other.startMs < best.startMs - EXPLAIN_SLACK_MS) continue;
      for (const f of other.findings) {
        if (claimed.has(f.id)) continue;
        claimed.set(f.id, best.model.id);
        cause.symptoms.push({ findingId: f.id, text: f.message });
      }
    }
    const rest = ep.without(new Set(claimed.keys()));
    pending = pending.map((p) => {
      const again = evaluateCause(p.model, rest);
      if (again) return again;
      const by = [...new Set(p.findings.map((f) => claimed.get(f.id)).filter(Boolean))].join(', ');
      return { ...first.get(p.model.id)!, confidence: first.get(p.model.id)!.confidence * EXPLAINED_FACTOR, notes: [`its signals are explained by ${by}`] };
    });
  }
  attachSymptoms(out, ep, claimed);
  return out;
}

/**
 * The best candidate, unless another likely candidate is known to explain it and started no later: then
 * that one (and so on up the chain). What broke first is the root cause; its consequences are symptoms.
 */
function causeFirst(ranked: readonly Evaluation[]): Evaluation {
  let best = ranked[0]!;
  for (let hops = 0; hops < ranked.length && best.confidence >= LIKELY; hops++) {
    const cause = ranked.find((c) => c !== best && c.confidence >= LIKELY && c.model.explains.includes(best.model.id) && !(c.startMs > best.startMs + EXPLAIN_SLACK_MS));
    if (!cause) break;
    best = cause;
  }
  return best;
}

const round = (x: number) => Math.round(x * 100) / 100;

function toRootCause(e: Evaluation): RootCause {
  const defining = e.found.filter((c) => c.role === 'defining');
  const strongest = [...e.findings].sort((a, b) => sev(b) - sev(a) || b.count - a.count)[0];
  const lead = defining.length
    ? `Found what defines it: ${defining.map((c) => c.says).join('; ')}.`
    : `Not found what defines it: ${e.missing.filter((c) => c.role === 'defining').map((c) => c.says).join('; ') || 'no defining evidence'}.`;
  const summary = [
    lead,
    strongest ? `Strongest signal: ${strongest.message}.` : '',
    e.against.length ? `Against it: ${e.against.map((c) => c.says).join('; ')}.` : '',
    ...e.notes.map((n) => `(${n})`),
  ].filter(Boolean).join(' ');
  const { first, last } = timeRange(e.findings.flatMap((f) => [f.firstSeen, f.lastSeen]));
  return {
    id: e.model.id, title: e.model.title, confidence: round(e.confidence), summary,
    findingIds: e.findings.map((f) => f.id), symptoms: [], remediation: e.remediation,
    ...(first ? { firstSeen: first } : {}), ...(last ? { lastSeen: last } : {}),
    found: e.found, missing: e.missing, against: e.against,
  };
}

const SEV = { critical: 3, error: 2, warning: 1, info: 0 } as const;
const sev = (f: Finding) => SEV[f.severity];

/** Restarts and crash loops that came after the top cause started are its symptoms. */
function attachSymptoms(causes: RootCause[], ep: EpisodeView, claimed: Map<string, string>): void {
  const top = causes[0];
  if (!top || top.confidence < LIKELY) return;
  const startMs = top.firstSeen ? Date.parse(top.firstSeen) : -Infinity;
  const listed = new Set([...top.findingIds, ...top.symptoms.map((s) => s.findingId)]);
  for (const f of ep.findings) {
    if (!(SYMPTOM_CHECKS.has(f.analyzer) || SYMPTOM_CHECKS.has(f.code)) || listed.has(f.id) || claimed.has(f.id)) continue;
    const t = f.lastSeen ?? f.firstSeen;
    if (t && Date.parse(t) < startMs - EXPLAIN_SLACK_MS) continue;
    top.symptoms.push({ findingId: f.id, text: f.message });
  }
}

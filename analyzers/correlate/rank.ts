/**
 * Rank root causes from findings. Each finding names the catalogue causes it supports
 * (`finding.rootCauses`); a finding that supports k causes says less about each (its weight is divided
 * by √k). Per cause, the findings of one check count once (their strongest severity, widened by how many
 * pods they touch); different checks combine by noisy-OR, so independent signals reinforce each other
 * while one noisy signal stays one signal. Gates cap causes whose defining signal is missing, and
 * episodes that ended long before capture are discounted.
 *
 * Then causes are chosen greedily, as an explanation: the best cause claims its findings, and the
 * findings of the causes it is known to explain (rules.ts) become its symptoms when it started first.
 * Every other cause is scored again on the findings nobody claimed yet, so a cause must stand on
 * evidence of its own to rank as a second cause.
 */
import type { Finding, Severity } from '../model/finding.js';
import type { RootCause } from '../model/diagnosis.js';
import { CATALOGUE, catalogueEntry } from './catalogue.js';
import { CAUSE_RULES, SYMPTOM_ANALYZERS } from './rules.js';
import { timeRange } from '../model/finding.js';
import { groupBy } from '../config/view.js';

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 0.55, error: 0.4, warning: 0.2, info: 0.05 };
const DEFAULT_CAP = 0.45;
/** An episode whose last signal is older than this before capture is "resolved before capture". */
const STALE_MS = 6 * 3600_000;
const STALE_FACTOR = 0.55;
const EXPLAIN_SLACK_MS = 5 * 60_000;
/** A cause left with no evidence of its own keeps this share of its first score, so it still shows as considered. */
const EXPLAINED_FACTOR = 0.25;
export const LIKELY = 0.5;

export interface RankOptions {
  capturedAt?: string;
}

interface Scored {
  confidence: number;
  notes: string[];
  first?: string;
  checks: number;
}

/** Ranked root causes, best first. Only causes with at least one supporting finding appear. */
export function rankRootCauses(findings: readonly Finding[], opts: RankOptions = {}): RootCause[] {
  const byCause = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const id of new Set(f.rootCauses ?? [])) {
      if (!catalogueEntry(id)) continue;
      const list = byCause.get(id);
      if (list) list.push(f);
      else byCause.set(id, [f]);
    }
  }
  const pending = new Map(CATALOGUE.filter((e) => byCause.has(e.id)).map((e) => [e.id, byCause.get(e.id)!]));
  const initial = new Map([...pending].map(([id, fs]) => [id, score(id, fs, fs, opts)]));
  const claimed = new Map<string, string>(); // finding id → cause that explains it
  const out: RootCause[] = [];
  while (pending.size > 0) {
    const round = [...pending].map(([id, fs]) => {
      const own = fs.filter((f) => !claimed.has(f.id));
      const first = initial.get(id)!;
      const s = own.length === 0
        ? { ...first, confidence: first.confidence * EXPLAINED_FACTOR, notes: [...first.notes, `its signals are explained by ${explainerOf(fs, claimed)}`] }
        : own.length === fs.length ? first : { ...score(id, own, fs, opts), first: first.first };
      return { id, fs, s };
    });
    round.sort((a, b) => b.s.confidence - a.s.confidence || timeMs(a.s.first) - timeMs(b.s.first) || a.id.localeCompare(b.id));
    const best = causeFirst(round);
    pending.delete(best.id);
    const cause = toRootCause(best.id, best.fs, best.s);
    if (cause.confidence >= LIKELY) {
      for (const f of best.fs) if (!claimed.has(f.id)) claimed.set(f.id, best.id);
      explain(cause, best.s, pending, byCause, claimed);
    }
    out.push(cause);
  }
  attachSymptoms(out, findings);
  return out;
}

/**
 * The best candidate, unless another likely candidate is known to cause it and started no later: then
 * that one (and so on up the chain). What broke first is the root cause, its consequences are symptoms.
 */
function causeFirst<T extends { id: string; s: Scored }>(ranked: readonly T[]): T {
  let best = ranked[0];
  for (let hops = 0; hops < ranked.length && best.s.confidence >= LIKELY; hops++) {
    const cause = ranked.find((c) => c !== best && c.s.confidence >= LIKELY
      && (CAUSE_RULES[c.id]?.explains ?? []).includes(best.id)
      && !(timeMs(c.s.first) > timeMs(best.s.first) + EXPLAIN_SLACK_MS));
    if (!cause) break;
    best = cause;
  }
  return best;
}

function score(id: string, counted: readonly Finding[], all: readonly Finding[], opts: RankOptions): Scored {
  const rule = CAUSE_RULES[id] ?? {};
  const byCheck = groupBy(counted, (f) => f.analyzer);
  let miss = 1;
  for (const fs of byCheck.values()) miss *= 1 - checkWeight(fs);
  let confidence = 1 - miss;
  const notes: string[] = [];
  if (rule.gate && !rule.gate.test(all)) {
    confidence = Math.min(confidence, rule.cap ?? DEFAULT_CAP);
    notes.push(`missing: ${rule.gate.describe}`);
  }
  const { first, last } = timeRange(all.flatMap((f) => [f.firstSeen, f.lastSeen]));
  const capturedMs = opts.capturedAt ? Date.parse(opts.capturedAt) : NaN;
  if (last && !Number.isNaN(capturedMs) && capturedMs - Date.parse(last) > STALE_MS) {
    confidence *= STALE_FACTOR;
    notes.push(`resolved before capture: last signal ${last}, ${formatAge(capturedMs - Date.parse(last))} before the bundle was taken`);
  }
  return { confidence, notes, ...(first ? { first } : {}), checks: byCheck.size };
}

/** One check's weight for a cause: strongest severity ÷ √(causes it supports), widened by pods touched, at most 0.8. */
function checkWeight(fs: readonly Finding[]): number {
  const top = Math.max(...fs.map((f) => SEVERITY_WEIGHT[f.severity] / Math.sqrt(Math.max(1, f.rootCauses?.length ?? 1))));
  const pods = new Set(fs.flatMap((f) => f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace}/${r.name}`))).size;
  const groups = Math.max(pods, fs.length);
  return Math.min(0.8, top * (1 + 0.1 * Math.min(5, groups - 1)));
}

function toRootCause(id: string, fs: readonly Finding[], s: Scored): RootCause {
  const entry = catalogueEntry(id)!;
  const strongest = [...fs].sort((a, b) => SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity] || b.count - a.count)[0];
  const summary = [
    `${s.checks} independent signal(s), ${fs.length} finding(s)${s.first ? `, first seen ${s.first}` : ''}.`,
    `Strongest: ${strongest.message}.`,
    ...s.notes.map((n) => `(${n})`),
  ].join(' ');
  return {
    id, title: entry.title, confidence: round(s.confidence), summary,
    findingIds: fs.map((f) => f.id), symptoms: [], remediation: entry.remediation,
    ...(s.first ? { firstSeen: s.first } : {}),
  };
}

/** The causes `cause` explains (rules.ts) lend it their findings as symptoms, if it started no later than they did. */
function explain(cause: RootCause, s: Scored, pending: Map<string, Finding[]>, byCause: Map<string, Finding[]>, claimed: Map<string, string>): void {
  const startMs = timeMs(s.first);
  for (const otherId of CAUSE_RULES[cause.id]?.explains ?? []) {
    const fs = byCause.get(otherId);
    if (!fs || !pending.has(otherId)) continue;
    const otherStart = timeMs(timeRange(fs.flatMap((f) => [f.firstSeen])).first);
    if (Number.isFinite(startMs) && Number.isFinite(otherStart) && startMs > otherStart + EXPLAIN_SLACK_MS) continue;
    for (const f of fs) {
      if (claimed.has(f.id)) continue;
      claimed.set(f.id, cause.id);
      cause.symptoms.push({ findingId: f.id, text: f.message });
    }
  }
}

function explainerOf(fs: readonly Finding[], claimed: Map<string, string>): string {
  return [...new Set(fs.map((f) => claimed.get(f.id)).filter(Boolean))].join(', ');
}

/** Restarts and bursts are symptoms of the top cause when they come after it started. */
function attachSymptoms(causes: RootCause[], findings: readonly Finding[]): void {
  const top = causes[0];
  if (!top || top.confidence < LIKELY) return;
  const startMs = timeMs(top.firstSeen);
  const listed = new Set([...top.findingIds, ...top.symptoms.map((s) => s.findingId)]);
  for (const f of findings) {
    if (!SYMPTOM_ANALYZERS.has(f.analyzer) || listed.has(f.id)) continue;
    const t = f.lastSeen ?? f.firstSeen;
    if (t && Number.isFinite(startMs) && Date.parse(t) < startMs - EXPLAIN_SLACK_MS) continue;
    top.symptoms.push({ findingId: f.id, text: f.message });
  }
}

const timeMs = (t: string | undefined) => (t ? Date.parse(t) : Infinity);
const round = (x: number) => Math.round(x * 100) / 100;

function formatAge(ms: number): string {
  const h = ms / 3600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`;
}

/**
 * Rank root causes from findings. Each finding names the catalogue causes it supports
 * (`finding.rootCauses`). Per cause, the findings of one analyzer count once (their strongest
 * severity, widened by how many pods they touch); analyzers combine by noisy-OR, so independent
 * signals reinforce each other while one noisy signal stays one signal. Then gates cap causes whose
 * defining signal is missing, old episodes that ended long before capture are discounted, and a cause
 * that started first and explains another turns the other's signals into its symptoms.
 */
import type { Finding, RootCause, Severity } from '../report/schema.js';
import { CATALOGUE, catalogueEntry } from './catalogue.js';
import { CAUSE_RULES, SYMPTOM_ANALYZERS } from './rules.js';
import { timeRange } from './finding.js';

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 0.55, error: 0.4, warning: 0.2, info: 0.05 };
const DEFAULT_CAP = 0.45;
/** An episode whose last signal is older than this before capture is "resolved before capture". */
const STALE_MS = 6 * 3600_000;
const STALE_FACTOR = 0.55;
const EXPLAIN_SLACK_MS = 5 * 60_000;

export interface RankOptions {
  capturedAt?: string;
}

interface Candidate {
  cause: RootCause;
  supporting: Finding[];
  firstMs: number;
}

/** Ranked root causes, best first. Only causes with at least one supporting finding appear. */
export function rankRootCauses(findings: readonly Finding[], opts: RankOptions = {}): RootCause[] {
  const byCause = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const id of f.rootCauses ?? []) {
      if (!catalogueEntry(id)) continue;
      const list = byCause.get(id) ?? [];
      list.push(f);
      byCause.set(id, list);
    }
  }
  const candidates: Candidate[] = [];
  for (const entry of CATALOGUE) {
    const supporting = byCause.get(entry.id);
    if (supporting?.length) candidates.push(score(entry.id, supporting, opts));
  }
  explainAway(candidates);
  candidates.sort((a, b) => b.cause.confidence - a.cause.confidence || a.firstMs - b.firstMs || a.cause.id.localeCompare(b.cause.id));
  attachSymptoms(candidates, findings);
  return candidates.map((c) => c.cause);
}

function podsOf(f: Finding): number {
  return new Set(f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace}/${r.name}`)).size;
}

function analyzerWeight(fs: readonly Finding[]): number {
  const top = Math.max(...fs.map((f) => SEVERITY_WEIGHT[f.severity]));
  const pods = new Set(fs.flatMap((f) => f.resources.filter((r) => r.kind === 'Pod').map((r) => `${r.namespace}/${r.name}`))).size;
  const groups = Math.max(pods, fs.length, ...fs.map(podsOf));
  return Math.min(0.8, top * (1 + 0.1 * Math.min(5, groups - 1)));
}

function score(id: string, supporting: Finding[], opts: RankOptions): Candidate {
  const entry = catalogueEntry(id)!;
  const rule = CAUSE_RULES[id] ?? {};
  const byAnalyzer = new Map<string, Finding[]>();
  for (const f of supporting) byAnalyzer.set(f.analyzer, [...(byAnalyzer.get(f.analyzer) ?? []), f]);
  let miss = 1;
  for (const fs of byAnalyzer.values()) miss *= 1 - analyzerWeight(fs);
  let confidence = 1 - miss;
  const notes: string[] = [];
  if (rule.gate && !rule.gate.test(supporting)) {
    confidence = Math.min(confidence, rule.cap ?? DEFAULT_CAP);
    notes.push(`missing: ${rule.gate.describe}`);
  }
  const { first, last } = timeRange(supporting.flatMap((f) => [f.firstSeen, f.lastSeen]));
  const capturedMs = opts.capturedAt ? Date.parse(opts.capturedAt) : NaN;
  if (last && !Number.isNaN(capturedMs) && capturedMs - Date.parse(last) > STALE_MS) {
    confidence *= STALE_FACTOR;
    notes.push(`resolved before capture: last signal ${last}, ${formatAge(capturedMs - Date.parse(last))} before the bundle was taken`);
  }
  const strongest = [...supporting].sort((a, b) => SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity] || b.count - a.count)[0];
  const summary = [`${byAnalyzer.size} independent signal(s), ${supporting.length} finding(s)${first ? `, first seen ${first}` : ''}.`, `Strongest: ${strongest.message}.`, ...notes.map((n) => `(${n})`)].join(' ');
  return {
    cause: {
      id, title: entry.title, confidence: round(confidence), summary,
      findingIds: supporting.map((f) => f.id), symptoms: [], remediation: entry.remediation,
      ...(first ? { firstSeen: first } : {}),
    },
    supporting,
    firstMs: first ? Date.parse(first) : Infinity,
  };
}

function explainAway(candidates: Candidate[]): void {
  const byId = new Map(candidates.map((c) => [c.cause.id, c]));
  const ordered = [...candidates].sort((a, b) => b.cause.confidence - a.cause.confidence);
  const demoted = new Set<string>();
  for (const a of ordered) {
    if (a.cause.confidence < 0.5 || demoted.has(a.cause.id)) continue;
    for (const bId of CAUSE_RULES[a.cause.id]?.explains ?? []) {
      const b = byId.get(bId);
      if (!b || demoted.has(bId)) continue;
      if (Number.isFinite(a.firstMs) && Number.isFinite(b.firstMs) && a.firstMs > b.firstMs + EXPLAIN_SLACK_MS) continue;
      demoted.add(bId);
      b.cause.confidence = round(b.cause.confidence * 0.5);
      b.cause.summary += ` (explained as a symptom of ${a.cause.id}, which started first)`;
      const own = new Set(a.cause.findingIds);
      for (const f of b.supporting) {
        if (own.has(f.id)) continue;
        own.add(f.id);
        a.cause.symptoms.push({ findingId: f.id, text: f.message });
      }
    }
  }
}

/** Restarts and bursts are symptoms of the top cause when they come after it started. */
function attachSymptoms(candidates: Candidate[], findings: readonly Finding[]): void {
  const top = candidates[0];
  if (!top || top.cause.confidence < 0.5) return;
  const listed = new Set([...top.cause.findingIds, ...top.cause.symptoms.map((s) => s.findingId)]);
  for (const f of findings) {
    if (!SYMPTOM_ANALYZERS.has(f.analyzer) || listed.has(f.id)) continue;
    const t = f.lastSeen ?? f.firstSeen;
    if (t && Number.isFinite(top.firstMs) && Date.parse(t) < top.firstMs - EXPLAIN_SLACK_MS) continue;
    top.cause.symptoms.push({ findingId: f.id, text: f.message });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function formatAge(ms: number): string {
  const h = ms / 3600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`;
}

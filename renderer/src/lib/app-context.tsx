/** What every view reads: the backend, the report, and indexes over it built once. */
import { createContext, useContext, useEffect, useState } from 'react';
import type { Finding, Report } from '../../../analyzers/report/schema.js';
import type { Backend, BundleDiff, ConfigGraph, LogSources, ProxySummary } from '../../../analyzers/contract/backend.js';
import { CONFIDENT } from './diagnosis';
import { shapeReport } from './report-shape';

export interface AppData {
  backend: Backend;
  report: Report;
  /** What the report lacked and was filled in empty (`shapeReport`), for a banner; empty for a whole report. */
  reportNotes: string[];
  findingById: Map<string, Finding>;
  /** `file:line` → ids of findings citing that line (signature hits in logs, evidence everywhere). */
  citedLines: Map<string, string[]>;
  rootCauseFindings: Set<string>;
  symptomFindings: Set<string>;
  graph?: ConfigGraph;
  /** Backend answers every view shares, fetched once per open report. */
  proxies: () => Promise<ProxySummary[]>;
  logSources: () => Promise<LogSources>;
  /** `meshlens serve --diff`: the comparison with the earlier bundle; null when the host does not compare. */
  diff: () => Promise<BundleDiff | null>;
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= f().catch((e: unknown) => { p = undefined; throw e; });
    return p;
  };
}

export function buildAppData(backend: Backend, raw: Report): AppData {
  const { report, notes } = shapeReport(raw);
  // platform findings (outside the mesh) are findings too: links and the Findings view reach them by id
  const findingById = new Map([...report.findings, ...(report.platform ?? [])].map((f) => [f.id, f]));
  const citedLines = new Map<string, string[]>();
  for (const f of findingById.values()) {
    for (const e of f.evidence) {
      if (!e.line) continue;
      const k = `${e.file}:${e.line}`;
      citedLines.set(k, [...(citedLines.get(k) ?? []), f.id]);
    }
  }
  // a finding is marked "root cause" only when the Overview names that cause (≥ 0.5), never for a 20 % candidate
  const top = report.rootCauses[0] && report.rootCauses[0].confidence >= CONFIDENT ? report.rootCauses[0] : undefined;
  return {
    backend, report, reportNotes: notes, findingById, citedLines,
    rootCauseFindings: new Set(top?.findingIds ?? []),
    symptomFindings: new Set(top?.symptoms.map((s) => s.findingId) ?? []),
    graph: (report as Report & { graph?: ConfigGraph }).graph,
    proxies: once(() => backend.proxies()),
    logSources: once(() => backend.logSources()),
    diff: once(() => (backend.diff ? backend.diff() : Promise.resolve(null))),
  };
}

/** The value of a shared backend call once it arrives: `{ value }`, `{ error }`, or `{}` while loading. */
export function useLoaded<T>(load: () => Promise<T>): { value?: T; error?: string } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    load().then((value) => live && setState({ value }), (e: Error) => live && setState({ error: e.message }));
    return () => { live = false; };
  }, [load]);
  return state;
}

export const AppContext = createContext<AppData | null>(null);

export function useApp(): AppData {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside AppContext');
  return v;
}

/** What every view reads: the backend, the report, and indexes over it built once. */
import { createContext, useContext } from 'react';
import type { Finding, Report } from '../../../analyzers/report/schema.js';
import type { Backend, ConfigGraph } from '../../../analyzers/contract/backend.js';

export interface AppData {
  backend: Backend;
  report: Report;
  findingById: Map<string, Finding>;
  /** `file:line` → ids of findings citing that line (signature hits in logs, evidence everywhere). */
  citedLines: Map<string, string[]>;
  rootCauseFindings: Set<string>;
  symptomFindings: Set<string>;
  graph?: ConfigGraph;
}

export function buildAppData(backend: Backend, report: Report): AppData {
  const findingById = new Map(report.findings.map((f) => [f.id, f]));
  const citedLines = new Map<string, string[]>();
  for (const f of report.findings) {
    for (const e of f.evidence) {
      if (!e.line) continue;
      const k = `${e.file}:${e.line}`;
      citedLines.set(k, [...(citedLines.get(k) ?? []), f.id]);
    }
  }
  const top = report.rootCauses[0];
  return {
    backend, report, findingById, citedLines,
    rootCauseFindings: new Set(top?.findingIds ?? []),
    symptomFindings: new Set(top?.symptoms.map((s) => s.findingId) ?? []),
    graph: (report as Report & { graph?: ConfigGraph }).graph,
  };
}

export const AppContext = createContext<AppData | null>(null);

export function useApp(): AppData {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside AppContext');
  return v;
}

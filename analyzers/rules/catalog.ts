/**
 * The analyzer rows `meshlens rules list` prints (one per analyzer: id, code, severity, category,
 * one-line description, docs page), in registry order. Signatures are listed by their own pack loader.
 */
import type { Severity } from '../model/finding.js';
import type { Analyzer } from './define.js';
import { ALL_ANALYZERS } from './registry.js';

export interface RuleRow {
  id: string;
  code: string;
  severity: Severity;
  category: string;
  description: string;
  docs: string;
  /** `istioctl analyze` analyzers this one reproduces; empty for meshlens's own checks. */
  istio: string[];
  /** false: runs only when selected by id or code. */
  defaultEnabled: boolean;
}

export function analyzerCatalog(analyzers: readonly Analyzer<any>[] = ALL_ANALYZERS): RuleRow[] {
  return analyzers.map(({ meta: m }) => ({
    id: m.id,
    code: m.code,
    severity: m.severity,
    category: m.category,
    description: m.description,
    docs: m.docs,
    istio: m.istioAnalyzer ?? [],
    defaultEnabled: m.defaultEnabled !== false,
  }));
}

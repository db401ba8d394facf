/**
 * What the correlator concludes from findings: ranked root causes and the causal timeline. Produced by
 * `correlate/`, rendered by `report/`. Times are RFC3339 UTC strings.
 */
import type { ResourceRef } from './k8s.js';
import type { Severity } from './finding.js';

export interface RootCause {
  id: string;
  title: string;
  confidence: number;
  summary: string;
  findingIds: string[];
  /** Findings explained by this cause rather than causing anything (e.g. istiod readiness 503 during a CA storm). */
  symptoms: Array<{ findingId: string; text: string }>;
  remediation: string[];
  firstSeen?: string;
}

export type TimelineKind = 'event' | 'log' | 'status' | 'config';

export interface TimelineItem {
  time: string;
  kind: TimelineKind;
  severity: Severity;
  component: string;
  resource?: ResourceRef;
  text: string;
  file?: string;
  line?: number;
  findingId?: string;
  /** 'root-cause' when the item is evidence of the top root cause, 'symptom' when of one of its symptoms. */
  role?: 'root-cause' | 'symptom';
  count?: number;
}

/**
 * The root-cause catalogue (shared/ROOT-CAUSES.md) as data: stable ids, titles, areas and remediation,
 * read from the cause models (causes/index.ts), which hold them. `rootCauses[].id` in a report is always
 * one of these ids. Ids are never renamed or reused.
 */
import { CAUSES } from './causes/index.js';

export interface CatalogueEntry {
  id: string;
  title: string;
  area: 'control-plane' | 'routing' | 'security' | 'data-plane';
  remediation: string[];
}

export const CATALOGUE: readonly CatalogueEntry[] = CAUSES.map(({ id, title, area, remediation }) => ({ id, title, area, remediation }));

const byId = new Map(CATALOGUE.map((e) => [e.id, e]));

/** The catalogue entry for an id, or undefined for an id not in ROOT-CAUSES.md. */
export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return byId.get(id);
}

export const CATALOGUE_IDS: ReadonlySet<string> = new Set(CATALOGUE.map((e) => e.id));

/** A root-cause id from the catalogue (checked at load time for signatures, by tests for analyzers). */
export type RootCauseId = string;

export function isRootCauseId(id: string): id is RootCauseId {
  return CATALOGUE_IDS.has(id);
}

/**
 * View state that lives in the URL (`#/logs?q=refused&pod=ns/p&lvl=warn,error`), so that filters survive
 * navigation, Back and Forward, and a link or an edited URL opens the same view. Pure parse/serialize
 * helpers (no DOM); `setParams` in route.ts writes the hash.
 */
import { LOG_LEVELS, type LogLevel } from '../../../analyzers/contract/backend.js';
import { SEVERITIES, type Severity } from '../../../analyzers/report/schema.js';

export type Params = Record<string, string | undefined>;

/** Filters of the Logs view. Times are RFC3339 UTC. */
export interface LogFilters {
  q: string;
  regex: boolean;
  ns: string;
  /** `namespace/pod`. */
  pod: string;
  container: string;
  levels: LogLevel[];
  from?: string;
  to?: string;
  /** Bundle path of one log file. */
  file?: string;
  /** Include istioctl's own log (`bug-report.log`), which is the collector's, not the mesh's. */
  collector: boolean;
  wrap: boolean;
  /** Open at this time (RFC3339) or at this line of `file`. */
  t?: string;
  line?: number;
}

const iso = (v: string | null): string | undefined => {
  if (!v) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

export function readLogFilters(p: URLSearchParams): LogFilters {
  const asked = new Set((p.get('lvl') ?? '').split(','));
  const levels = LOG_LEVELS.filter((l) => asked.has(l));
  const line = Number(p.get('line'));
  return {
    q: p.get('q') ?? '', regex: p.get('re') === '1', ns: p.get('ns') ?? '', pod: p.get('pod') ?? '', container: p.get('c') ?? '',
    levels, from: iso(p.get('from')), to: iso(p.get('to')), file: p.get('file') ?? undefined, collector: p.get('all') === '1',
    wrap: p.get('wrap') === '1', t: iso(p.get('t')), line: Number.isInteger(line) && line > 0 ? line : undefined,
  };
}

export function logFilterParams(f: Partial<LogFilters>): Params {
  return {
    q: f.q || undefined, re: f.regex ? '1' : undefined, ns: f.ns || undefined, pod: f.pod || undefined, c: f.container || undefined,
    lvl: f.levels?.length ? LOG_LEVELS.filter((l) => f.levels!.includes(l)).join(',') : undefined,
    from: f.from, to: f.to, file: f.file, all: f.collector ? '1' : undefined, wrap: f.wrap ? '1' : undefined,
    t: f.t, line: f.line !== undefined ? String(f.line) : undefined,
  };
}

/** `[t - before, t + after]` as RFC3339 strings (minutes). */
export function windowAround(t: string, beforeMin = 5, afterMin = 5): { from: string; to: string } {
  const ms = Date.parse(t);
  return { from: new Date(ms - beforeMin * 60_000).toISOString(), to: new Date(ms + afterMin * 60_000).toISOString() };
}

export type GroupBy = 'severity' | 'code' | 'namespace' | 'resource' | 'none';
export const GROUP_BYS: readonly GroupBy[] = ['severity', 'code', 'namespace', 'resource', 'none'];
export type SortKey = 'severity' | 'code' | 'count' | 'firstSeen' | 'title';
export const SORT_KEYS: readonly SortKey[] = ['severity', 'code', 'count', 'firstSeen', 'title'];

/** Filters of the Findings view. */
export interface FindingFilters {
  q: string;
  sevs: Severity[];
  group: GroupBy;
  sort: SortKey;
  /** Root-cause catalogue id: only its findings and symptoms. */
  rc?: string;
  /** Selected finding id, or `g:<key>` for a group of one check's findings. */
  id?: string;
  /** Show the findings of one check across pods one per row instead of grouped. */
  flat: boolean;
}

export function readFindingFilters(p: URLSearchParams): FindingFilters {
  const sev = (p.get('sev') ?? '').split(',').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
  const group = p.get('group') as GroupBy;
  const sort = p.get('sort') as SortKey;
  return {
    q: p.get('q') ?? '', sevs: sev.length ? sev : [...SEVERITIES], group: GROUP_BYS.includes(group) ? group : 'severity',
    sort: SORT_KEYS.includes(sort) ? sort : 'severity', rc: p.get('rc') ?? undefined, id: p.get('id') ?? undefined, flat: p.get('flat') === '1',
  };
}

export function findingFilterParams(f: Partial<FindingFilters>): Params {
  return {
    q: f.q || undefined, sev: f.sevs && f.sevs.length < SEVERITIES.length ? f.sevs.join(',') : undefined,
    group: f.group && f.group !== 'severity' ? f.group : undefined, sort: f.sort && f.sort !== 'severity' ? f.sort : undefined,
    rc: f.rc, id: f.id, flat: f.flat ? '1' : undefined,
  };
}

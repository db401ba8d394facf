/**
 * Findings of one check across many pods read as one row ("SIG-CA-002 · 36 pods") with the list inside,
 * instead of 36 identical rows. Pure.
 */
import type { Finding, Severity } from '../../../analyzers/report/schema.js';

export interface FindingGroup {
  /** `g:` + code + title + severity: stable across reloads, used in the URL (`#/findings?id=g:…`). */
  key: string;
  code: string;
  title: string;
  severity: Severity;
  members: Finding[];
  /** The member the row speaks for: the largest count (the first such member on a tie). */
  lead: Finding;
  /** Sum of the members' counts. */
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** The kind the members name first (`Pod`, `Service`…), when they all name the same kind. */
  resourceKind?: string;
}

export type FindingRow = { kind: 'one'; finding: Finding } | { kind: 'group'; group: FindingGroup };

export function groupKey(f: Pick<Finding, 'code' | 'title' | 'severity'>): string {
  return `g:${f.code}:${f.severity}:${f.title}`;
}

const earliest = (a?: string, b?: string) => (!a ? b : !b ? a : Date.parse(a) <= Date.parse(b) ? a : b);
const latest = (a?: string, b?: string) => (!a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * Rows for `findings` (kept in their order): findings that share a check (code), severity and title become
 * one group row at the place of their first member; a check with one finding stays a plain row.
 */
export function groupFindings(findings: readonly Finding[]): FindingRow[] {
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = groupKey(f);
    const list = byKey.get(k);
    if (list) list.push(f);
    else byKey.set(k, [f]);
  }
  const rows: FindingRow[] = [];
  const done = new Set<string>();
  for (const f of findings) {
    const k = groupKey(f);
    if (done.has(k)) continue;
    done.add(k);
    const members = byKey.get(k)!;
    if (members.length === 1) {
      rows.push({ kind: 'one', finding: f });
      continue;
    }
    const kinds = new Set(members.map((m) => m.resources[0]?.kind));
    rows.push({
      kind: 'group',
      group: {
        key: k, code: f.code, title: f.title, severity: f.severity, members,
        lead: members.reduce((a, m) => (m.count > a.count ? m : a)),
        count: members.reduce((n, m) => n + m.count, 0),
        firstSeen: members.reduce<string | undefined>((t, m) => earliest(t, m.firstSeen), undefined),
        lastSeen: members.reduce<string | undefined>((t, m) => latest(t, m.lastSeen), undefined),
        ...(kinds.size === 1 && [...kinds][0] ? { resourceKind: [...kinds][0] } : {}),
      },
    });
  }
  return rows;
}

/** `36 pods`, `2 services`: the distinct resources of the group's kind the members name; `5 findings` otherwise. */
export function membersLabel(g: FindingGroup): string {
  const kind = g.resourceKind?.toLowerCase();
  if (!kind) return `${g.members.length} findings`;
  const n = new Set(g.members.flatMap((m) => m.resources.filter((r) => r.kind === g.resourceKind).map((r) => `${r.namespace ?? ''}/${r.name}`))).size;
  const plural = kind.endsWith('s') ? `${kind}es` : /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
  return `${n} ${n === 1 ? kind : plural}`;
}

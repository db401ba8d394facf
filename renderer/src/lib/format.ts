/** Display helpers: sizes (bytes), counts, RFC3339 times shown in UTC. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const u = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${u[i]}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `2026-03-15 10:23:45.123` (UTC) from an RFC3339 string; `—` when absent. */
export function time(t: string | undefined, ms = false): string {
  if (!t) return '—';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  const s = d.toISOString().replace('T', ' ');
  return ms ? s.slice(0, 23) : s.slice(0, 19);
}

export function shortTime(t: string | undefined): string {
  return t ? time(t).slice(11) : '—';
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function resourceLabel(r: { kind: string; namespace?: string; name: string }): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export function location(e: { file: string; line?: number; jsonPath?: string }): string {
  return e.line ? `${e.file}:${e.line}` : e.jsonPath ? `${e.file} ${e.jsonPath}` : e.file;
}

/** Last path segments of a bundle path, for narrow columns. */
export function shortPath(p: string, segments = 3): string {
  const parts = p.split('/');
  return parts.length > segments ? '…/' + parts.slice(-segments).join('/') : p;
}

/**
 * `cluster/secrets`: the bug-report's `kubectl get secrets -A` table (names, types, key counts, ages; never data).
 */
import type { Bundle } from './bundle.js';

/** Add a row, columns aligned to the table's header, rows kept in namespace/name order. */
export function secretRow(b: Bundle, ns: string, name: string, type: string, data: number, age: string): void {
  const rel = 'cluster/secrets';
  const lines = b.archive.text(rel).split('\n');
  const header = lines[0]!;
  const cols = ['NAMESPACE', 'NAME', 'TYPE', 'DATA', 'AGE'].map((c) => (c === 'NAMESPACE' ? 0 : header.search(new RegExp(`(?<= )${c}( |$)`))));
  const cells = [ns, name, type, String(data), age];
  const row = cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(cols[i + 1]! - cols[i]!) : c)).join('');
  const body = lines.slice(1).filter((l) => l !== '');
  body.push(row);
  body.sort((x, y) => (x.slice(0, cols[2]) < y.slice(0, cols[2]) ? -1 : 1));
  b.archive.setText(rel, [header, ...body].join('\n') + '\n');
}


/** Remove the row of a deleted secret. */
export function removeSecretRow(b: Bundle, ns: string, name: string): void {
  const rel = 'cluster/secrets';
  const lines = b.archive.text(rel).split('\n');
  const out = lines.filter((l, i) => i === 0 || !new RegExp(`^${ns} +${name} `).test(l));
  if (out.length === lines.length) throw new Error(`no secret ${ns}/${name} in ${rel}`);
  b.archive.setText(rel, out.join('\n'));
}

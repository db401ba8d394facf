/**
 * `cluster/secrets`: the bug-report's `kubectl get secrets -A` table (names, types, key counts, ages; never data).
 */
import type { Bundle } from './bundle.js';

/**
 * Lay the table out as kubectl's tabwriter does (each column as wide as its longest cell plus 3 spaces; the last
 * column unpadded), rows in namespace/name order.
 */
function layout(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)) + 3);
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('')).join('\n') + '\n';
}

function cells(b: Bundle): string[][] {
  return b.archive.text('cluster/secrets').split('\n').filter((l) => l !== '').map((l) => l.trim().split(/\s+/));
}

/** Add a row; a longer name or type widens its column for every row, as kubectl's tabwriter would. */
export function secretRow(b: Bundle, ns: string, name: string, type: string, data: number, age: string): void {
  const [header, ...body] = cells(b);
  body.push([ns, name, type, String(data), age]);
  body.sort((x, y) => (`${x[0]} ${x[1]}` < `${y[0]} ${y[1]}` ? -1 : 1));
  b.archive.setText('cluster/secrets', layout([header!, ...body]));
}

/** Remove the row of a deleted secret. */
export function removeSecretRow(b: Bundle, ns: string, name: string): void {
  const [header, ...body] = cells(b);
  const rest = body.filter((r) => !(r[0] === ns && r[1] === name));
  if (rest.length === body.length) throw new Error(`no secret ${ns}/${name} in cluster/secrets`);
  b.archive.setText('cluster/secrets', layout([header!, ...rest]));
}

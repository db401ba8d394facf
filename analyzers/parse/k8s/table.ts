/**
 * kubectl's text tables (`kubectl get … -o wide`): Go tabwriter output, one header line, columns padded with
 * at least two spaces. Header names may hold single spaces (`LAST SEEN`). Column starts come from the header.
 */

export interface TableColumn {
  name: string;
  start: number;
}

/** Columns of a header line, in order. */
export function tableColumns(header: string): TableColumn[] {
  return [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], start: m.index ?? 0 }));
}

/** Cell `i` of a row, sliced at the header positions and trimmed ('' when the row is shorter). */
export function cellAt(row: string, cols: TableColumn[], i: number): string {
  const end = i + 1 < cols.length ? cols[i + 1].start : row.length;
  return row.slice(cols[i].start, end).trim();
}

/** Index of a column by name, or -1. */
export function columnIndex(cols: TableColumn[], name: string): number {
  return cols.findIndex((c) => c.name === name);
}

/** Lines of a text with their 1-based numbers, skipping blank lines. */
export function* textLines(text: string): Generator<{ line: number; text: string }> {
  let n = 0;
  for (const raw of text.split('\n')) {
    n++;
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (t.trim()) yield { line: n, text: t };
  }
}

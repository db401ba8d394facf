// Real log lines from ../shared/corpus/log-lines/public.jsonl, by 1-based line number.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const path = fileURLToPath(new URL('../../../../shared/corpus/log-lines/public.jsonl', import.meta.url));
const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: string; class: string });

/** The `line` field of public.jsonl line `n` (1-based, as cited in the packs' comments). */
export function corpusLine(n: number): string {
  const e = lines[n - 1];
  if (!e) throw new Error(`public.jsonl has no line ${n}`);
  return e.line;
}

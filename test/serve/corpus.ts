/** The real bug-report these tests read (../shared/corpus), opened once per test file with a log index, as serve builds it. */
import { readFileSync } from 'node:fs';
import { indexStoredLogs } from '../../analyzers/node/logindex/from-store.js';
import { LogIndex } from '../../analyzers/node/logindex/log-index.js';
import { openBundleStore, type BundleStore } from '../../analyzers/node/serve/bundle-store.js';

export const BUG_REPORT = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';

export async function openIndexed(path = BUG_REPORT, opts: { stepLines?: number } = {}): Promise<{ store: BundleStore; index: LogIndex }> {
  const store = await openBundleStore(path);
  const index = new LogIndex(await indexStoredLogs(store.files.values()), (p) => store.files.get(p)!.diskPath, opts);
  return { store, index };
}

/** Lines of a stored file as the index counts them (a trailing newline ends the last line). */
export function fileLines(store: BundleStore, path: string): string[] {
  const text = readFileSync(store.files.get(path)!.diskPath, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}

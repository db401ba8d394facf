/** Test helpers: read one file out of a corpus archive (with the system `tar`, independent of our own readers). */
import { execFileSync } from 'node:child_process';

export const SEP = '../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz';
export const MAY = '../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz';
export const TROUBLESHOOT = '../shared/corpus/troubleshoot/support-bundle.tar.gz';

/** Text of `member` inside the gzip'd tar `archive` (paths relative to the repo root). */
export function archiveText(archive: string, member: string): string {
  return execFileSync('tar', ['-xzOf', archive, member], { maxBuffer: 1 << 28 }).toString('utf8');
}

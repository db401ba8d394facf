/** Paths of the two real bug-reports the evaluation rewrites (../shared/corpus/istio-bug-reports/, read-only). */
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchiveId } from './lib/bundle.js';

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS_FILES: Record<ArchiveId, string> = {
  may2023: resolve(here, '../../shared/corpus/istio-bug-reports/bug-report-2023-05-92638fd.tar.gz'),
  sep2023: resolve(here, '../../shared/corpus/istio-bug-reports/bug-report-2023-09-ce74670.tar.gz'),
};

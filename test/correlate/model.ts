/**
 * Small builders for correlator tests: a BundleModel with only what a test sets (the loader's shape, with
 * empty lists elsewhere), and findings shaped as the producers emit them (contract in the diagnosis brief).
 */
import type { BundleModel } from '../../analyzers/model/bundle.js';
import type { Finding, Severity } from '../../analyzers/model/finding.js';
import { stableId } from '../../analyzers/model/ids.js';

export function bundleModel(parts: Partial<BundleModel> = {}): BundleModel {
  return {
    source: 'test', format: 'istioctl-bug-report', capturedAtSource: parts.capturedAt ? 'archive-mtime' : 'none',
    files: [], resources: [], events: [], pods: [], containerStates: [], logs: [], proxies: [], controlPlane: [], cniPods: [], warnings: [],
    stats: { bytesRead: 0, filesRead: 0, linesScanned: 0 },
    ...parts,
  };
}

let n = 0;

/** A finding as a check emits it: `code` is the signature id or check code, `analyzer` derived from it unless given. */
export function finding(code: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  n++;
  const analyzer = extra.analyzer ?? (code.startsWith('SIG-') ? `signature/${code}` : code);
  return {
    id: stableId('test', code, n), code, analyzer, severity, title: code, message: `${code} message ${n}`, resources: [],
    evidence: [{ file: 'bug-report/x', line: n }], count: 1, ...extra,
  };
}

export const pod = (ns: string, name: string) => ({ kind: 'Pod', namespace: ns, name });

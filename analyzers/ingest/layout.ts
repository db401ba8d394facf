/**
 * Bundle-wide layout detection from the classified files (see docs/bundle-formats.md for the rules and
 * their sources).
 */
import type { BundleFormat } from '../model/bundle.js';
import type { FileClass } from './classify.js';

/** istioctl bug-report layout generations. */
export type BugReportVersion = '≤1.20' | '1.21-1.29' | '1.30+';

export interface Layout {
  format: BundleFormat;
  /** For `istioctl-bug-report` only, when the files tell. */
  formatVersion?: BugReportVersion;
}

/**
 * Which bug-report layout produced these roles:
 * - `≤1.20`: `cluster/describe-pods` or `cluster/nodes` as `kubectl describe` text (content.go `GetDescribePods`,
 *   `GetNodeInfo` running `kubectl describe`);
 * - `1.30+`: `cluster/k8s-cluster-resources` (cluster-scoped objects in their own List);
 * - `1.21-1.29`: `cluster/pods` or `cluster/nodes` as YAML Lists (istio/istio PR #47918, Nov 2023: `get pods|nodes -o yaml`
 *   instead of `describe`), without the 1.30+ file.
 */
export function bugReportVersion(roles: ReadonlySet<string>): BugReportVersion | undefined {
  if (roles.has('describe-pods') || roles.has('describe-nodes')) return '≤1.20';
  if (roles.has('k8s-cluster-resources')) return '1.30+';
  if (roles.has('pods') || roles.has('nodes')) return '1.21-1.29';
  return undefined;
}

type Kind = 'bug-report' | 'troubleshoot' | 'must-gather' | 'cluster-info' | 'k8s' | 'config-dump' | 'logs';

function kindOf(c: FileClass): Kind | undefined {
  if (c.layout === 'bug-report') return 'bug-report';
  if (c.layout === 'troubleshoot') return 'troubleshoot';
  if (c.layout === 'must-gather') return 'must-gather';
  if (c.layout === 'cluster-info') return 'cluster-info';
  if (c.read === 'resources') return 'k8s';
  if (c.role === 'config-dump' || c.role.startsWith('istioctl-proxy-config-')) return 'config-dump';
  if (c.read === 'log') return 'logs';
  return undefined;
}

const LOOSE_FORMAT: Record<'k8s' | 'config-dump' | 'logs', BundleFormat> = { k8s: 'kubectl-dump', 'config-dump': 'envoy-config-dump', logs: 'logs' };

const LAYOUT_FORMAT: Record<'bug-report' | 'troubleshoot' | 'must-gather' | 'cluster-info', BundleFormat> = {
  'bug-report': 'istioctl-bug-report', troubleshoot: 'troubleshoot', 'must-gather': 'openshift-must-gather', 'cluster-info': 'kubectl-cluster-info-dump',
};

/**
 * The bundle's format from all its classified files: a tool's layout (bug-report, must-gather, cluster-info dump,
 * troubleshoot) wins over loose files beside it; two tools' layouts together, or several kinds of loose files,
 * make `mixed`; nothing usable makes `unknown`.
 */
export function detectLayout(classes: Iterable<FileClass>): Layout {
  const kinds = new Set<Kind>();
  const roles = new Set<string>();
  for (const c of classes) {
    const k = kindOf(c);
    if (k) kinds.add(k);
    roles.add(c.role);
  }
  const tools = (Object.keys(LAYOUT_FORMAT) as Array<keyof typeof LAYOUT_FORMAT>).filter((k) => kinds.has(k));
  if (tools.length > 1) return { format: 'mixed' };
  if (tools[0] === 'bug-report') {
    const v = bugReportVersion(roles);
    return v ? { format: 'istioctl-bug-report', formatVersion: v } : { format: 'istioctl-bug-report' };
  }
  if (tools[0]) return { format: LAYOUT_FORMAT[tools[0]] };
  const loose = [...kinds] as Array<keyof typeof LOOSE_FORMAT>;
  if (loose.length === 0) return { format: 'unknown' };
  return { format: loose.length === 1 ? LOOSE_FORMAT[loose[0]] : 'mixed' };
}

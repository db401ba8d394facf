import type { Resource } from './k8s.js';
import type { KubeEvent } from './events.js';
import type { ContainerStateChange, PodStatusSummary } from './pods.js';
import type { LogFileSummary } from '../parse/logs/sink.js';

export type BundleFormat = 'istioctl-bug-report' | 'openshift-must-gather' | 'kubectl-cluster-info-dump' | 'troubleshoot' | 'kubectl-dump' | 'envoy-config-dump' | 'logs' | 'mixed' | 'unknown';

/** How `capturedAt` was obtained (DESIGN.md "Capture time"). */
export type CapturedAtSource = 'must-gather-timestamp' | 'archive-mtime' | 'newest-log' | 'bug-report-log' | 'none';

export type FileStatus = 'used' | 'skipped' | 'unreadable';

export interface FileRecord {
  path: string;
  size: number;
  status: FileStatus;
  /** What the file was read as (e.g. `k8s-resources`, `events-table`, `proxy-log`, `config-dump`). */
  role?: string;
  reason?: string;
}

/** Istio versions from the bug-report `versions` file (istioctl version output). */
export interface VersionsInfo {
  istioctl?: string;
  controlPlane: string[];
  proxies: string[];
  /** Kubernetes server version (`v1.27.3`), from `cluster/kubectl-version` or troubleshoot `cluster-info/cluster_version.json`. */
  kubernetes?: string;
  source: { file: string; line?: number };
}

/** A proxy's files in a bug-report (`proxies/<ns>/<pod>/…`), by bundle path. */
export interface ProxyFiles {
  namespace: string;
  pod: string;
  files: Record<string, string>; // file kind (config_dump, clusters, certs, stats, log…) → bundle path
}

/** A control-plane pod's files in a bug-report (`istio/<ns>/<pod>/…`). */
export interface ControlPlaneFiles {
  namespace: string;
  pod: string;
  kind: string; // istiod
  files: Record<string, string>;
}

/**
 * Everything read from a bundle, before analysis. Built in one streaming pass by `ingest/load.ts`.
 * Times are RFC3339 UTC strings.
 */
export interface BundleModel {
  source: string;
  format: BundleFormat;
  formatVersion?: string;
  capturedAt?: string;
  capturedAtSource: CapturedAtSource;
  files: FileRecord[];
  resources: Resource[];
  events: KubeEvent[];
  pods: PodStatusSummary[];
  containerStates: ContainerStateChange[];
  logs: LogFileSummary[];
  versions?: VersionsInfo;
  proxies: ProxyFiles[];
  controlPlane: ControlPlaneFiles[];
  cniPods: Array<{ name: string; files: Record<string, string> }>;
  warnings: Array<{ file?: string; message: string }>;
  stats: { bytesRead: number; filesRead: number; linesScanned: number };
}

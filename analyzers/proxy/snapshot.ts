/**
 * The proxy-analysis contract: what the proxy analyzers read, built from a bundle's per-proxy and
 * istiod files (bug-report `proxies/<ns>/<pod>/…`, `istio/<ns>/<istiod>/…`). Builders are pure: the
 * caller hands in file contents by kind (as `BundleModel.proxies[].files` names them) and gets parsed
 * views plus warnings for files that did not parse. Every view keeps the bundle path it came from so
 * findings can cite `file` + `jsonPath` (or `line`).
 */
import { ConfigDump } from '../parse/envoy/configdump.js';
import { parseClustersText, type ClustersText } from '../parse/envoy/clusters-text.js';
import { parseCerts, type EnvoyCert } from '../parse/envoy/certs.js';
import { parsePrometheus, type PromParse } from '../parse/envoy/prometheus.js';
import { parseMemory, parseServerInfo, type EnvoyMemory, type ServerInfo } from '../parse/envoy/server-info.js';
import { parsePushStatus, parseSyncz, type PushStatusEntry, type SyncStatus } from '../parse/envoy/istiod.js';
import { parseZtunnelDump, type ZtunnelDump } from '../parse/envoy/ztunnel.js';

/** File kinds, as `BundleModel.proxies[].files` keys them, with the bug-report file names. */
export const PROXY_FILE_KINDS = {
  config_dump: ['config_dump?include_eds', 'config_dump'],
  clusters: ['clusters'],
  certs: ['certs'],
  stats: ['stats/prometheus'],
  server_info: ['server_info'],
  memory: ['memory'],
} as const;

export type ProxyFileKind = keyof typeof PROXY_FILE_KINDS;

/** Stats the analyzers read; everything else is counted but not kept. */
const KEPT_STATS = /^(envoy_cluster_(outlier_detection_ejections_(active|enforced_total|total|overflow)|upstream_(rq_pending_overflow|cx_overflow|rq_retry_overflow|rq_total|cx_total)|membership_(healthy|total))|envoy_server_memory_(allocated|heap_size)|istio_requests_total)$/;

export interface ProxySnapshot {
  namespace: string;
  pod: string;
  /** Bundle path per file kind, for evidence. */
  files: Partial<Record<ProxyFileKind, string>>;
  configDump?: ConfigDump;
  clusters?: ClustersText;
  certs?: EnvoyCert[];
  /** Selected Envoy stats (outlier, overflow, traffic counters) and the total series count. */
  stats?: PromParse;
  serverInfo?: ServerInfo;
  memory?: EnvoyMemory;
  /** ztunnel config dump, when the "proxy" is a ztunnel pod. */
  ztunnel?: ZtunnelDump;
  /** `istio-proxy` container memory limit in bytes, from the Pod spec (the integrator fills it). */
  memoryLimitBytes?: number;
  /** True when a Sidecar resource selects this workload (or the namespace/root default applies). */
  scopedBySidecar?: boolean;
  warnings: Array<{ file?: string; message: string }>;
}

/** istiod file kinds, as `BundleModel.controlPlane[].files` keys them. */
export type CpFileKind = 'debug/syncz' | 'debug/push_status' | 'metrics';

export interface ControlPlaneSnapshot {
  namespace: string;
  pod: string;
  files: Partial<Record<CpFileKind, string>>;
  syncz?: SyncStatus[];
  pushStatus?: PushStatusEntry[];
  metrics?: PromParse;
  /** istiod's Istio version (from syncz `istio_version` of its proxies, or the bundle's `versions`). */
  version?: string;
  warnings: Array<{ file?: string; message: string }>;
}

/** A destination that the VirtualService/DestinationRule config implies (fed by the config analyzers). */
export interface ExpectedDestination {
  host: string;
  subset?: string;
  port?: number;
  /** Where the config says so (the VirtualService route destination). */
  source: { kind: string; namespace?: string; name: string; file?: string; line?: number; path?: string };
}

export interface ProxyAnalysisInput {
  proxies: ProxySnapshot[];
  controlPlane: ControlPlaneSnapshot[];
  /** RFC3339 capture time; certificate and age checks are skipped without it. */
  capturedAt?: string;
  expectedDestinations?: ExpectedDestination[];
  /** Pods enrolled in ambient mode (namespace label `istio.io/dataplane-mode=ambient`), with their IPs. */
  ambientPods?: Array<{ namespace: string; name: string; ip?: string; file?: string; line?: number }>;
}

type FileText = string | Uint8Array;

function text(v: FileText): string {
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

function attempt<T>(warnings: ProxySnapshot['warnings'], file: string | undefined, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    warnings.push({ file, message: `${(e as Error).message}; file skipped` });
    return undefined;
  }
}

/**
 * Build a proxy snapshot from file contents keyed by kind, with `paths` giving each file's bundle
 * path. A config dump that is a ztunnel dump becomes `ztunnel`. Never throws.
 */
export function buildProxySnapshot(
  namespace: string,
  pod: string,
  contents: Partial<Record<ProxyFileKind, FileText>>,
  paths: Partial<Record<ProxyFileKind, string>> = {},
): ProxySnapshot {
  const s: ProxySnapshot = { namespace, pod, files: paths, warnings: [] };
  const cd = contents.config_dump;
  if (cd !== undefined) {
    const t = text(cd);
    const raw = attempt(s.warnings, paths.config_dump, () => JSON.parse(t) as Record<string, unknown>);
    if (raw && !Array.isArray(raw) && !('configs' in raw) && ('workloads' in raw || 'services' in raw)) {
      s.ztunnel = attempt(s.warnings, paths.config_dump, () => parseZtunnelDump(t));
    } else if (raw) {
      s.configDump = attempt(s.warnings, paths.config_dump, () => ConfigDump.fromJson(raw));
    }
  }
  if (contents.clusters !== undefined) s.clusters = parseClustersText(text(contents.clusters));
  if (contents.certs !== undefined) s.certs = attempt(s.warnings, paths.certs, () => parseCerts(text(contents.certs!)));
  if (contents.stats !== undefined) s.stats = parsePrometheus(text(contents.stats), (n) => KEPT_STATS.test(n));
  if (contents.server_info !== undefined) s.serverInfo = attempt(s.warnings, paths.server_info, () => parseServerInfo(text(contents.server_info!)));
  if (contents.memory !== undefined) s.memory = attempt(s.warnings, paths.memory, () => parseMemory(text(contents.memory!)));
  return s;
}

const KEPT_ISTIOD = /^(process_resident_memory_bytes|go_memstats_heap_inuse_bytes|pilot_total_xds_rejects|pilot_xds_push_context_errors|pilot_total_xds_internal_errors|pilot_services|pilot_xds|pilot_k8s_reg_events_total|pilot_virt_services)$/;

/** Build an istiod snapshot from `debug/syncz`, `debug/push_status` and `metrics`. Never throws. */
export function buildControlPlaneSnapshot(
  namespace: string,
  pod: string,
  contents: Partial<Record<CpFileKind, FileText>>,
  paths: Partial<Record<CpFileKind, string>> = {},
): ControlPlaneSnapshot {
  const s: ControlPlaneSnapshot = { namespace, pod, files: paths, warnings: [] };
  if (contents['debug/syncz'] !== undefined) s.syncz = attempt(s.warnings, paths['debug/syncz'], () => parseSyncz(text(contents['debug/syncz']!)));
  if (contents['debug/push_status'] !== undefined) s.pushStatus = attempt(s.warnings, paths['debug/push_status'], () => parsePushStatus(text(contents['debug/push_status']!)));
  if (contents.metrics !== undefined) s.metrics = parsePrometheus(text(contents.metrics), (n) => KEPT_ISTIOD.test(n) || n === 'istio_build');
  const build = s.metrics?.samples.find((x) => x.name === 'istio_build' && x.labels.component === 'pilot');
  s.version = build?.labels.tag;
  return s;
}

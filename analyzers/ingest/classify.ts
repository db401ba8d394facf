/**
 * What each bundle file is, from its normalized path and its first bytes (never its extension alone).
 *
 * Layout sources (see docs/bundle-formats.md): istioctl bug-report `tools/bug-report/pkg/archive/archive.go`
 * (directories `cluster/`, `proxies/<ns>/<pod>/`, `istio/<ns>/<pod>/`, `operator/<ns>/<pod>/`, `analyze/`) and
 * `pkg/content/content.go` (file names), checked against the two real archives in corpus/istio-bug-reports;
 * troubleshoot.sh `cluster-resources/` as found in corpus/troubleshoot.
 * Paths may sit under any prefix (`bug-report/`, `tmp/x/bug-report/`, or none when a folder is opened).
 */
import type { LogComponent } from '../model/logs.js';
import { sniffLog } from '../parse/logs/sniff.js';
import { clusterInfoDump, componentOfContainer, mustGather } from './must-gather.js';
import { toolOutput } from './tool-outputs.js';
import { kindOfProxyConfigJson } from '../tools/istioctl-proxy-config.js';

/** How the loader reads a file. */
export type ReadAs =
  | 'resources' // Kubernetes YAML/JSON objects → parseResourcesFromText
  | 'events-table' // kubectl get events -o wide
  | 'secrets-table' // kubectl get secrets (names only)
  | 'describe-nodes' // kubectl describe nodes → minimal Node resources
  | 'describe-pods' // kubectl describe pods → Pod status for pods the YAML does not hold
  | 'versions' // bug-report `versions`
  | 'kubectl-version' // bug-report `cluster/kubectl-version`
  | 'k8s-version-json' // troubleshoot `cluster-info/cluster_version.json`
  | 'bug-report-log' // istioctl's own log, read for its newest time
  | 'must-gather-timestamp' // oc adm must-gather's `timestamp` (start and end of the gather)
  | 'log' // streamed into a LogSink
  | 'record' // proxy / control-plane / CNI / config_dump file: its path is recorded, its content read later by its owner
  | 'skip';

/** Where a file belongs: a proxy, a control-plane pod or a CNI pod, and its kind key there. */
export interface Owner {
  group: 'proxy' | 'control-plane' | 'cni';
  namespace: string;
  pod: string;
  /** Key in ProxyFiles/ControlPlaneFiles.files: `log`, `config_dump`, `clusters`, `stats`, `debug/<endpoint>`, `metrics`… */
  key: string;
}

export interface FileClass {
  /** FileRecord.role: what the file was read as. */
  role: string;
  read: ReadAs;
  /** Bundle layout this file is evidence of. */
  layout: 'bug-report' | 'troubleshoot' | 'must-gather' | 'cluster-info' | 'loose';
  log?: { component: LogComponent; namespace?: string; pod?: string; container?: string };
  owner?: Owner;
  reason?: string;
  /** Kind of objects that carry none (client-go typed Lists). */
  defaultKind?: { kind: string; apiVersion: string };
}

const br = (role: string, read: ReadAs, extra: Partial<FileClass> = {}): FileClass => ({ role, read, layout: 'bug-report', ...extra });
const ts = (role: string, read: ReadAs, extra: Partial<FileClass> = {}): FileClass => ({ role, read, layout: 'troubleshoot', ...extra });

const PROXY_KEYS: Record<string, string> = { 'istio-proxy.log': 'log', 'config_dump?include_eds': 'config_dump', 'stats/prometheus': 'stats' };
const PROXY_FILES = new Set(['config_dump', 'clusters', 'listeners', 'certs', 'server_info', 'memory', 'runtime', 'netstat']);

function proxyFile(ns: string, pod: string, rest: string): FileClass | undefined {
  if (rest.startsWith('cores/')) return br('proxy-core-dump', 'skip', { reason: 'core dump: not read' });
  const key = PROXY_KEYS[rest] ?? (PROXY_FILES.has(rest) ? rest : undefined);
  if (rest.endsWith('.log') && !rest.includes('/')) {
    // istioctl bug-report collects ztunnel's container (also named istio-proxy) like a sidecar's: its log is
    // ztunnel's, whatever the file is called
    const ztunnelPod = /^ztunnel-[a-z0-9]+$/.test(pod) && rest === 'istio-proxy.log';
    const component: LogComponent = ztunnelPod || rest === 'ztunnel.log' ? 'ztunnel' : rest === 'istio-proxy.log' ? 'istio-proxy' : 'unknown';
    const container = rest.slice(0, -4);
    return br(`${component === 'unknown' ? 'container' : component}-log`, 'log', { log: { component, namespace: ns, pod, container }, owner: { group: 'proxy', namespace: ns, pod, key: key ?? rest } });
  }
  if (!key) return undefined;
  return br(`proxy-${key.replace('_', '-')}`, 'record', { owner: { group: 'proxy', namespace: ns, pod, key } });
}

function istioFile(ns: string, pod: string, rest: string): FileClass | undefined {
  const owner = (key: string): Owner => ({ group: 'control-plane', namespace: ns, pod, key });
  if (rest === 'discovery.log') return br('istiod-log', 'log', { log: { component: 'istiod', namespace: ns, pod, container: 'discovery' }, owner: owner('log') });
  if (rest.startsWith('debug/')) return br('istiod-debug', 'record', { owner: owner(rest) });
  if (rest === 'metrics') return br('istiod-metrics', 'record', { owner: owner('metrics') });
  return undefined;
}

const CLUSTER: Record<string, FileClass> = {
  'k8s-resources': br('k8s-resources', 'resources'),
  'k8s-cluster-resources': br('k8s-cluster-resources', 'resources'),
  crs: br('crs', 'resources'),
  pods: br('pods', 'resources'),
  nodes: br('nodes', 'resources'),
  events: br('events-table', 'events-table'),
  secrets: br('secrets-table', 'secrets-table'),
  'kubectl-version': br('kubectl-version', 'kubectl-version'),
  'cluster-context': br('cluster-context', 'skip', { reason: 'kubectl context name and API server URL: not needed' }),
  'describe-pods': br('describe-pods', 'describe-pods'),
};

/** bug-report paths, matched after any prefix. */
function bugReport(path: string): FileClass | undefined {
  let m = /(?:^|\/)cluster\/([^/]+)$/.exec(path);
  if (m && CLUSTER[m[1]]) return CLUSTER[m[1]];
  if ((m = /(?:^|\/)proxies\/([^/]+)\/([^/]+)\/(.+)$/.exec(path))) return proxyFile(m[1], m[2], m[3]);
  const cp = (m = /(?:^|\/)istio\/([^/]+)\/([^/]+)\/(.+)$/.exec(path)) ? istioFile(m[1], m[2], m[3]) : undefined;
  if (cp) return cp;
  if ((m = /(?:^|\/)cni\/([^/]+)\/(.+)$/.exec(path))) {
    const owner: Owner = { group: 'cni', namespace: '', pod: m[1], key: m[2] === 'cni.log' ? 'log' : m[2] };
    if (m[2].endsWith('.log')) return br('cni-log', 'log', { log: { component: 'cni', pod: m[1], container: 'install-cni' }, owner });
    return br('cni-file', 'record', { owner });
  }
  if ((m = /(?:^|\/)ztunnel\/(?:([^/]+)\/)?([^/]+)\/([^/]+\.log)$/.exec(path))) return br('ztunnel-log', 'log', { log: { component: 'ztunnel', namespace: m[1], pod: m[2], container: 'istio-proxy' } });
  if (/(?:^|\/)ztunnel\//.test(path)) return br('ztunnel-file', 'skip', { reason: 'ztunnel debug output: not read' });
  if ((m = /(?:^|\/)operator\/([^/]+)\/([^/]+)\/operator\.log$/.exec(path))) return br('operator-log', 'log', { log: { component: 'unknown', namespace: m[1], pod: m[2], container: 'istio-operator' } });
  if (/(?:^|\/)analyze\/[^/]+\/[^/]+$/.test(path)) return br('istioctl-analyze', 'record');
  if (/(?:^|\/)bug-report\.log$/.test(path)) return br('bug-report-log', 'bug-report-log');
  if (/(?:^|\/)bug-report\/versions$/.test(path) || path === 'versions') return br('versions', 'versions');
  return undefined;
}

const CRD = { kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1' };
const TS_SKIP = /(?:^|\/)cluster-resources\/(?:groups|resources)\.json$|(?:^|\/)cluster-resources\/auth-cani-list\//;

/** troubleshoot.sh support-bundle paths. */
function troubleshoot(path: string): FileClass | undefined {
  const m = /(?:^|\/)cluster-resources\/pods\/logs\/([^/]+)\/([^/]+)\/(.+)\.log$/.exec(path);
  if (m) {
    const container = m[3].replace(/-previous$/, '');
    const component = componentOfContainer(container);
    return ts(m[3].endsWith('-previous') ? 'previous-container-log' : 'container-log', 'log', { log: { component, namespace: m[1], pod: m[2], container } });
  }
  if (TS_SKIP.test(path)) return ts('api-discovery', 'skip', { reason: 'API discovery / access review: not needed' });
  if (/(?:^|\/)cluster-resources\/custom-resource-definitions\.json$/.test(path)) return ts('cluster-resources', 'resources', { defaultKind: CRD });
  if (/(?:^|\/)cluster-resources\/.+\.(json|ya?ml)$/.test(path)) return ts('cluster-resources', 'resources');
  if (/(?:^|\/)cluster-info\/cluster_version\.json$/.test(path)) return ts('kubernetes-version', 'k8s-version-json');
  if (/(?:^|\/)(analysis\.json|version\.yaml)$/.test(path) && !/cluster-resources\//.test(path)) return ts('troubleshoot-metadata', 'skip', { reason: 'troubleshoot.sh metadata / analysis: not read' });
  return undefined;
}

const LOG_NAME = /\.(log|txt)$|(?:^|\/)[^/.]+-previous$/;

function componentFromName(path: string): LogComponent {
  const p = path.toLowerCase();
  if (p.includes('ztunnel')) return 'ztunnel';
  if (p.includes('linkerd')) return 'linkerd-proxy';
  if (p.includes('istiod') || p.includes('discovery') || p.includes('pilot')) return 'istiod';
  if (p.includes('cni')) return 'cni';
  if (p.includes('istio-proxy') || p.includes('envoy') || p.includes('gateway') || p.includes('sidecar')) return 'istio-proxy';
  return 'unknown';
}

const decoder = new TextDecoder('utf-8');

const headLines = (text: string): string[] => text.split('\n', 64).map((l) => l.replace(/\r$/, ''));

/** A loose file whose first lines read as log lines or Kubernetes event rows (at least half of them), or describe output. */
function sniffedLog(path: string, text: string): FileClass | undefined {
  const profile = sniffLog(headLines(text));
  if (profile.recognised < 0.5 && !profile.describe) return undefined;
  const named = componentFromName(path);
  return { role: 'log', read: 'log', layout: 'loose', log: { component: named !== 'unknown' ? named : (profile.component ?? 'unknown') } };
}

const MAGIC: ReadonlyArray<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive nested two levels deep: archives are read to one level, not this one'],
  [[0x1f, 0x8b], 'gzip data nested two levels deep: archives are read to one level, not this one'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7z archive: not read'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive: not read'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz data: not read (decompress it first)'],
  [[0x42, 0x5a, 0x68], 'bzip2 data: not read (decompress it first)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd data: not read (decompress it first)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image: not read'],
  [[0xff, 0xd8, 0xff], 'a JPEG image: not read'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image: not read'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document: not read'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable or core dump: not read'],
  [[0xff, 0xfe], 'UTF-16 text: not read (convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8)'],
  [[0xfe, 0xff], 'UTF-16 text: not read (convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8)'],
];

/** Why a binary file is skipped, named by its magic bytes when known. */
function binaryReason(head: Uint8Array): string {
  for (const [magic, what] of MAGIC) if (magic.every((b, i) => head[i] === b)) return what;
  return 'unrecognised binary file';
}

/** Loose files: decided by content. */
function loose(path: string, head: Uint8Array): FileClass {
  const probe = head.subarray(0, 8192);
  // An ASCII-only magic (`%PDF`, `BZh`) could start a text file: it names the format only when the bytes are binary.
  const magic = MAGIC.find(([m]) => m.every((b, i) => head[i] === b) && m.some((b) => b < 0x20 || b > 0x7e));
  if (magic || probe.includes(0)) return { role: 'binary', read: 'skip', layout: 'loose', reason: binaryReason(head) };
  const text = decoder.decode(head.subarray(0, 65536)).replace(/^\uFEFF/, '');
  const first = /\S/.exec(text)?.[0];
  const tool = toolOutput(path, text);
  if (tool) return tool;
  const pc = first === '[' || first === '{' ? kindOfProxyConfigJson(text) : undefined;
  if (pc) {
    const pod = (path.split('/').pop() ?? path).replace(/\.json$/, '');
    // listed under its proxy and printed by `meshlens proxy-config`; the proxy checks need a whole dump (analyzers/tools/istioctl-proxy-config.ts)
    return { role: `istioctl-proxy-config-${pc}`, read: 'record', layout: 'loose', owner: { group: 'proxy', namespace: '', pod, key: `istioctl_${pc}` } };
  }
  if (first === '{' || first === '[') {
    if (/"configs"\s*:/.test(text) && /"@type"\s*:\s*"type\.googleapis\.com\/envoy\.admin\.v\d+\.\w*ConfigDump"/.test(text)) {
      const pod = (path.split('/').pop() ?? path).replace(/\.json$/, '');
      return { role: 'config-dump', read: 'record', layout: 'loose', owner: { group: 'proxy', namespace: '', pod, key: 'config_dump' } };
    }
    // JSON lines (access logs with any field set, --log_as_json, ztunnel, Linkerd, docker json-file) and bracketed
    // lines (Envoy, its access log, Linkerd's uptime stamps) are logs, not JSON documents.
    const asLog = sniffedLog(path, text);
    if (asLog) return asLog;
    if (/"kind"\s*:\s*"/.test(text)) return { role: 'k8s-json', read: 'resources', layout: 'loose' };
    return { role: 'json', read: 'skip', layout: 'loose', reason: 'JSON that is neither Kubernetes objects, an Envoy config_dump nor log lines' };
  }
  if (/^(?:- )?(?:apiVersion|kind):/m.test(text)) return { role: 'k8s-yaml', read: 'resources', layout: 'loose' };
  if (LOG_NAME.test(path) || /^\S*\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text)) {
    return { role: 'log', read: 'log', layout: 'loose', log: { component: componentFromName(path) } };
  }
  const anyLog = sniffedLog(path, text); // a log under any name: pasted lines, kubectl describe output, linkerd check
  if (anyLog) return anyLog;
  if (text.length === 0) return { role: 'empty', read: 'skip', layout: 'loose', reason: 'empty file' };
  if (/\.ya?ml$/i.test(path)) return { role: 'yaml', read: 'skip', layout: 'loose', reason: 'YAML without Kubernetes objects (no apiVersion/kind)' };
  return { role: 'text', read: 'skip', layout: 'loose', reason: 'unrecognised text file' };
}

/** Text of `cluster/nodes` or `cluster/secrets` is `kubectl describe`/table output rather than YAML (≤1.20, or no --full-secrets). */
function isKubectlText(head: Uint8Array): boolean {
  const start = decoder.decode(head.subarray(0, 256)).trimStart();
  return !/^(apiVersion|kind|items|\{|-)/.test(start);
}

/**
 * Classifies one file from its normalized bundle path and its first bytes (at least the first 8 KiB, or
 * the whole file when shorter). Pure; never throws.
 */
export function classifyFile(path: string, head: Uint8Array): FileClass {
  const text = decoder.decode(head.subarray(0, 8192));
  const c = mustGather(path, text) ?? bugReport(path) ?? troubleshoot(path) ?? clusterInfoDump(path, text);
  if (!c) return loose(path, head);
  if (c.role === 'nodes' && isKubectlText(head)) return br('describe-nodes', 'describe-nodes');
  if (c.role === 'secrets-table' && !isKubectlText(head)) return br('secrets', 'resources');
  return c;
}

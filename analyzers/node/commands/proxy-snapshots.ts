/**
 * Loads a bundle's proxy and istiod files into `ProxyAnalysisInput` (bug-report layout:
 * `proxies/<ns>/<pod>/{config_dump?include_eds,clusters,certs,stats/prometheus,server_info,memory}` and
 * `istio/<ns>/<istiod>/{debug/syncz,debug/push_status,metrics}`). For the CLI and tests; the engine's
 * ingest builds the same input from `BundleModel.proxies[].files`.
 */
import { buildControlPlaneSnapshot, buildProxySnapshot, PROXY_FILE_KINDS, type CpFileKind, type ProxyAnalysisInput, type ProxyFileKind } from '../../proxy/snapshot.js';
import { istiodPathParts, proxyPathParts, readBundleFiles } from './bundle-files.js';

const KIND_BY_FILE = new Map<string, ProxyFileKind>(
  (Object.entries(PROXY_FILE_KINDS) as Array<[ProxyFileKind, readonly string[]]>).flatMap(([k, names]) => names.map((n) => [n, k] as [string, ProxyFileKind])),
);
const ISTIOD_FILES: Record<string, CpFileKind> = { 'debug/syncz': 'debug/syncz', 'debug/push_status': 'debug/push_status', metrics: 'metrics' };

export async function loadProxyInput(bundle: string): Promise<ProxyAnalysisInput & { warnings: string[] }> {
  const bf = await readBundleFiles(bundle, (p) => {
    const pp = proxyPathParts(p);
    if (pp) return KIND_BY_FILE.has(pp.file);
    const ip = istiodPathParts(p);
    return !!ip && ip.file in ISTIOD_FILES;
  });
  const proxies = new Map<string, { ns: string; pod: string; contents: Record<string, Uint8Array>; paths: Record<string, string> }>();
  const istiods = new Map<string, { ns: string; pod: string; contents: Record<string, Uint8Array>; paths: Record<string, string> }>();
  for (const [path, data] of bf.files) {
    const pp = proxyPathParts(path);
    const target = pp ? proxies : istiods;
    const parts = pp ?? istiodPathParts(path)!;
    const kind = pp ? KIND_BY_FILE.get(pp.file)! : ISTIOD_FILES[parts.file];
    const key = `${parts.namespace}/${parts.pod}`;
    const e = target.get(key) ?? { ns: parts.namespace, pod: parts.pod, contents: {}, paths: {} };
    if (kind === 'config_dump' && e.paths.config_dump?.endsWith('?include_eds')) continue;
    e.contents[kind] = data;
    e.paths[kind] = path;
    target.set(key, e);
  }
  return {
    proxies: [...proxies.values()].map((e) => buildProxySnapshot(e.ns, e.pod, e.contents, e.paths)),
    controlPlane: [...istiods.values()].map((e) => buildControlPlaneSnapshot(e.ns, e.pod, e.contents, e.paths)),
    capturedAt: bf.capturedAt,
    warnings: bf.warnings,
  };
}

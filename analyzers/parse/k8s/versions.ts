/**
 * Version files: the bug-report `versions` file (bugreport.go `dumpRevisionsAndVersions`: `CLI version:` with a
 * Go `version.BuildInfo{Version:"…"}`, control-plane `version.MeshInfo` per revision, and
 * `Revision <rev>: Versions {a, b}` for proxies), plain `istioctl version` output (`client version: 1.22.0`,
 * `control plane version: …`, `data plane version: 1.22.0 (5 proxies)`), `kubectl version` output, and
 * troubleshoot.sh `cluster-info/cluster_version.json`.
 */
import type { VersionsInfo } from '../../model/bundle.js';
import type { Resource } from '../../model/k8s.js';
import { cellAt, columnIndex, tableColumns, textLines } from './table.js';
import type { ParseWarning } from './resources.js';

const UNKNOWN = new Set(['', 'unknown']);

function add(list: string[], v: string | undefined): void {
  const t = v?.trim();
  if (t && !UNKNOWN.has(t) && !list.includes(t)) list.push(t);
}

type Section = 'cli' | 'control-plane' | 'proxies' | undefined;

/**
 * Istio versions from a bug-report `versions` file or `istioctl version` output. `istioctl` is left out when
 * the CLI was a dev build printing `unknown`. Control-plane and proxy versions are de-duplicated, in order.
 * `source.line` is the first line that gave a version.
 */
export function parseVersions(text: string, file: string): VersionsInfo {
  const info: VersionsInfo = { controlPlane: [], proxies: [], source: { file } };
  const found = () => Boolean(info.istioctl) || info.controlPlane.length > 0 || info.proxies.length > 0;
  let section: Section;
  for (const { line, text: row } of textLines(text)) {
    if (/^CLI version:/.test(row)) section = 'cli';
    else if (/control plane revisions\/versions/.test(row)) section = 'control-plane';
    else if (/proxy revisions\/versions/.test(row)) section = 'proxies';
    const buildInfo = /Version:"([^"]*)"/.exec(row)?.[1];
    let m: RegExpExecArray | null;
    if ((m = /^client version:\s*(\S+)/i.exec(row))) info.istioctl = UNKNOWN.has(m[1]) ? info.istioctl : m[1];
    else if ((m = /^control plane version:\s*(\S+)/i.exec(row))) add(info.controlPlane, m[1]);
    else if ((m = /^data plane version:\s*(.+)$/i.exec(row))) m[1].split(',').forEach((v) => add(info.proxies, v.replace(/\(\d+ prox(?:y|ies)\)/, '')));
    else if (section === 'cli' && buildInfo !== undefined && !UNKNOWN.has(buildInfo)) info.istioctl = buildInfo;
    else if (section === 'control-plane' && buildInfo !== undefined) add(info.controlPlane, buildInfo);
    else if (section === 'proxies' && (m = /Versions \{([^}]*)\}/.exec(row))) m[1].split(',').forEach((v) => add(info.proxies, v));
    if (info.source.line === undefined && found()) info.source.line = line;
  }
  return info;
}

/** The server's Kubernetes version (`v1.27.3`) from `kubectl version` output (old `version.Info{GitVersion:…}` or new `Server Version: v1.29.1`). */
export function parseKubectlVersion(text: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith('Server Version:'));
  if (!line) return undefined;
  return /GitVersion:"([^"]+)"/.exec(line)?.[1] ?? /^Server Version:\s*(v\S+)/.exec(line)?.[1];
}

/** The Kubernetes version from troubleshoot.sh `cluster-info/cluster_version.json` (`{"string": "v1.24.4+k3s1", "info": {…}}`). */
export function parseClusterVersionJson(text: string): string | undefined {
  try {
    const v = JSON.parse(text);
    const s = v?.string ?? v?.info?.gitVersion;
    return typeof s === 'string' && s ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `kubectl get secrets -A` table (bug-report `cluster/secrets` without `--full-secrets`): names only. Each row
 * becomes a Secret resource with metadata and `type`, no `data` (the table has none), no text.
 */
export function parseSecretsTable(text: string, file: string): { resources: Resource[]; warnings: ParseWarning[] } {
  const resources: Resource[] = [];
  const warnings: ParseWarning[] = [];
  let cols: ReturnType<typeof tableColumns> | undefined;
  for (const { line, text: row } of textLines(text)) {
    if (!cols) {
      cols = tableColumns(row);
      if (columnIndex(cols, 'NAME') < 0) {
        warnings.push({ file, line, message: 'not a kubectl secrets table (no NAME header)' });
        return { resources, warnings };
      }
      continue;
    }
    const get = (n: string) => (columnIndex(cols!, n) >= 0 ? cellAt(row, cols!, columnIndex(cols!, n)) : '');
    const name = get('NAME');
    if (!name) continue;
    const namespace = get('NAMESPACE') || undefined;
    const obj = { apiVersion: 'v1', kind: 'Secret', metadata: namespace ? { name, namespace } : { name }, type: get('TYPE') || undefined };
    resources.push({ kind: 'Secret', apiVersion: 'v1', name, ...(namespace ? { namespace } : {}), obj, source: { file, line } });
  }
  return { resources, warnings };
}

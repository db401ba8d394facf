/**
 * Where a piece of evidence came from inside the bundle.
 *
 * `file` is the normalized bundle path (see `ingest/paths.ts`): forward slashes, no leading `/`,
 * no `.`/`..` segments, e.g. `bug-report/proxies/default/productpage-v1-564d4686f-7kdqf/istio-proxy.log`.
 * `line` is 1-based. `jsonPath` is a JSONPath-like locator (`$.configs[1].dynamic_active_clusters[3]`)
 * for JSON documents where a line number means little.
 */
export interface SourceRef {
  file: string;
  line?: number;
  jsonPath?: string;
}

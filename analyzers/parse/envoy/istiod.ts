/**
 * istiod debug endpoints as a bug-report stores them (`istio/<ns>/<istiod>/debug/<name>`):
 * - `syncz`: a JSON array of `SyncStatus` (`pilot/pkg/xds/debug.go`): `cluster_id`, `proxy` (proxy id
 *   `pod.namespace`), `proxy_type`, `proxy_version`, `istio_version`, and per xDS type the last nonce sent
 *   and acked (`cluster_sent`/`cluster_acked`, `listener_*`, `route_*`, `endpoint_*`,
 *   `extensionconfig_*`); newer istiods may add `*_error` / `error` fields for rejected config.
 * - `push_status`: the last PushContext as JSON; `ProxyStatus` maps a metric
 *   (`pilot_xds_push_context_errors`, `pilot_conflict_*`, `pilot_eds_no_instances`…) to keyed entries
 *   `{ proxy, message }`. An idle istiod writes `{}`.
 */
import { obj, str, type JsonObject } from './fields.js';

export const XDS_TYPES = ['cluster', 'listener', 'route', 'endpoint', 'extensionconfig'] as const;
export type XdsType = (typeof XDS_TYPES)[number];

export interface SyncStatus {
  clusterId: string;
  /** Proxy id, `pod.namespace`. */
  proxy: string;
  proxyType: string;
  proxyVersion: string;
  istioVersion: string;
  sent: Partial<Record<XdsType, string>>;
  acked: Partial<Record<XdsType, string>>;
  errors: Partial<Record<XdsType, string>>;
  jsonPath: string;
}

/** Parse `debug/syncz`. Throws `Error` when the text is not a JSON array. */
export function parseSyncz(text: string): SyncStatus[] {
  const raw = JSON.parse(text) as unknown;
  if (!Array.isArray(raw)) throw new Error('syncz is not a JSON array');
  return raw.map((s, i) => {
    const st: SyncStatus = {
      clusterId: str(s, 'cluster_id'), proxy: str(s, 'proxy'), proxyType: str(s, 'proxy_type'),
      proxyVersion: str(s, 'proxy_version'), istioVersion: str(s, 'istio_version'), sent: {}, acked: {}, errors: {}, jsonPath: `$[${i}]`,
    };
    for (const t of XDS_TYPES) {
      const sent = str(s, `${t}_sent`);
      const acked = str(s, `${t}_acked`);
      const err = str(s, `${t}_error`);
      if (sent) st.sent[t] = sent;
      if (acked) st.acked[t] = acked;
      if (err) st.errors[t] = err;
    }
    const err = str(s, 'error');
    if (err) st.errors.cluster = st.errors.cluster ?? err;
    return st;
  });
}

export interface PushStatusEntry {
  metric: string;
  key: string;
  proxy?: string;
  message?: string;
  jsonPath: string;
}

/** Parse `debug/push_status` into its ProxyStatus entries. Throws `Error` when not JSON. */
export function parsePushStatus(text: string): PushStatusEntry[] {
  const raw = JSON.parse(text) as unknown;
  const ps = obj(raw, 'ProxyStatus') ?? obj(raw, 'proxyStatus');
  const out: PushStatusEntry[] = [];
  for (const [metric, entries] of Object.entries(ps ?? {})) {
    if (Array.isArray(entries)) {
      entries.forEach((e, i) => out.push({ metric, key: String(i), proxy: str(e, 'proxy') || undefined, message: str(e, 'message') || undefined, jsonPath: `$.ProxyStatus[${JSON.stringify(metric)}][${i}]` }));
    } else if (entries && typeof entries === 'object') {
      for (const [key, e] of Object.entries(entries as JsonObject)) {
        out.push({ metric, key, proxy: str(e, 'proxy') || undefined, message: str(e, 'message') || undefined, jsonPath: `$.ProxyStatus[${JSON.stringify(metric)}][${JSON.stringify(key)}]` });
      }
    }
  }
  return out;
}
